// Package params expands akkaflow's placeholders in definition texts: ${param:NAME},
// ${time.BASE|PATTERN|N UNIT}, the built-ins ${instance.id}, ${workflow.name} and
// ${instance.scheduled_time|PATTERN|N UNIT}, and ${output:NODE.KEY}. It also formats Java
// SimpleDateFormat patterns (FormatJava), evaluates a coordinator's param-list (EvalList) and
// lists what a text references (Referenced, OutputRefs).
//
// Invariants:
//   - Pure: no I/O, no clock, no goroutines. "Now" is Env.Now, always given by the caller.
//   - Inputs are never modified; ExpandWorkflow returns a deep copy.
//   - A text without "${" comes back unchanged, byte for byte. Every ${…} that is not one of the
//     forms above (shell's ${HOME}, ${1:-x}), a lone "$" and an unterminated "${" pass through.
//   - Substituted values are never re-scanned in the same pass, so a value may contain "${",
//     "<", "&" or "]]>" safely (we expand parsed values, not raw XML as akkaflow did).
//   - Every failure is a *workflows.Error with CodeInvalid whose message quotes the placeholder.
//
// # Reference time (a decision for the caller)
//
// Time bases are computed from Env.Now in Env.Location (Env.Now's own location when nil). The
// master passes the fire's SCHEDULED time as Now for scheduled, backfill and catch-up instances,
// so a late, caught-up or backfilled run sees its own logical date; for manual triggers and ad
// hoc runs it passes the creation time. Env.Scheduled is the fire's logical time and feeds
// ${instance.scheduled_time}; when it is zero (a manual run) that placeholder falls back to
// Env.Now rather than failing, so one definition serves both kinds of instance.
//
// # Two passes
//
// Instances are expanded once at creation with Env.Outputs nil: ${output:NODE.KEY} is left in
// place. At dispatch, ResolveOutputs / ResolveActionOutputs resolve only ${output:…}; nothing
// else is re-evaluated, so time values stay frozen at creation. Because the second pass scans
// the result of the first, ${output:…} also works when it arrives through a param's value.
//
// # Differences from akkaflow (util/ParamHandler.scala), all deliberate
//
//   - An unknown param is an error naming it; akkaflow inserted the literal ${param:undefined}.
//   - Spaces are allowed around the parts of ${ param : name } (akkaflow's extractor allowed
//     them, its substitution did not).
//   - Shell modifiers on variables that happen to be called param or output pass through:
//     ${param:-x}, ${output:=y}, ${param:?m}, ${param:+z} (first non-space after ':' is - = ? +).
//   - Units: minute, hour, day, week, month, year, singular or plural, any case. akkaflow matched
//     substrings and silently treated week and year (and any unknown word) as days; we shift
//     weeks by 7 days and years by 12 months, and reject unknown units. A missing unit or number
//     is an error, as in akkaflow.
//   - Day, week, month and year shifts are calendar shifts that keep the wall-clock time, also
//     across DST (like java.util.Calendar.add); minute and hour shifts add absolute time. Month
//     and year shifts clamp to the last day of the target month: Jan 31 + 1 month = Feb 28 (29
//     in leap years), Feb 29 + 1 year = Feb 28. last_month clamps the same way (Mar 31 → Feb).
//   - time.yesterday is accepted as well as akkaflow's misspelt time.yestoday.
//   - More than three |-parts, an unknown time base and an unknown member of the reserved
//     namespaces time., instance. and workflow. are errors (akkaflow ignored extra parts). An
//     empty PATTERN part means the base's default pattern.
//   - ${…} cannot nest, but a "${" inside a candidate restarts the match there, so the
//     innermost placeholder wins: ${DIR:-${param:dir}} expands the param and keeps the shell
//     default. akkaflow's regex matched from the outer "${" and mangled such texts.
//   - akkaflow's quirk of deleting "\r" and turning "#@@#" into a newline in any text with a
//     placeholder is not reproduced.
//   - Names (month, weekday, AM/PM) are English whatever the host's locale; akkaflow used the
//     JVM's default locale and time zone. See FormatJava for the pattern letters.
package params
