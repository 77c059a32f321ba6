// Package schedule turns a coordinator's schedule text into fire times and decides, as a pure
// function of its inputs, when a coordinator fires: cron, descriptors, @every, akkaflow's
// legacy forms, time zones and DST, dependency readiness, missed fires and backfill.
//
// # Invariants
//
//   - Imports only the standard library and package workflows. No I/O, no clock, no
//     goroutines: time is always an argument, so every result is reproducible.
//   - The cron engine is written here, not taken from a library, for exact control of DST.
//   - Schedules are immutable and safe for concurrent use.
//   - Next(t) > t, or the zero time when there is no later fire; hence Next(Next(t)) > Next(t).
//   - Cron schedules are evaluated in the zone given to Parse (nil: UTC), whatever the
//     location of the argument, and return times in that zone.
//   - Evaluate never returns a scheduled time at or before State.LastFired.
//   - Errors are *workflows.Error with CodeInvalid and a message that says what is wrong,
//     e.g. `minute field "61": value 61 out of range 0-59`; warnings are sentences.
//
// # Syntax
//
// Five fields, minute hour day-of-month month day-of-week, separated by any run of blanks.
// Each field is a comma list of `*`, `n`, `a-b`, `a-b/s`, `*/s` and `n/s` (from n to the end
// of the field, every s). Month names JAN–DEC and day names SUN–SAT in any case; day-of-week
// 0–7 with 0 and 7 both Sunday; `?` means `*` in the day fields; `L` in day-of-month is the
// last day of the month. Ranges must not run backwards (write 22-23,0-2). A step runs from 1
// to the field's span (1-59 for minutes, 1-23 for hours). A day-of-month/month combination
// that never occurs ("0 0 30 2 *") is an error; one that occurs only on February 29 is a
// warning.
//
// Descriptors: @yearly = @annually = "0 0 1 1 *", @monthly = "0 0 1 * *",
// @weekly = "0 0 * * 0", @daily = @midnight = "0 0 * * *", @hourly = "0 * * * *".
//
// `@every <duration>` (Go duration, at least 1s) fires at the Unix epoch plus whole
// multiples of the duration: Next(t) is the smallest epoch+k·d strictly after t. Anchoring at
// the epoch rather than at load time makes fires identical on every node and after restarts.
// It is elapsed time, so DST does not affect it (@every 24h drifts against the wall clock
// across a DST change; use a cron for "same time every day").
//
// # POSIX versus akkaflow
//
// Day-of-month and day-of-week follow POSIX/Vixie cron: when both are restricted, a day
// matches if EITHER matches ("0 0 1 * 1" fires on the 1st and on every Monday). As in Vixie
// cron, a field that starts with `*` counts as unrestricted for this rule even with a step,
// so "0 0 */2 * 1" means odd days that are Mondays. akkaflow's engine (cronish) differed: a
// day-of-week other than `*` REPLACED the day-of-month ("0 0 1 * 1" meant every Monday).
// Schedules written for akkaflow with both fields restricted therefore fire more often here;
// rewrite them with `*` in day-of-month.
//
// akkaflow's legacy forms:
//   - 6 fields (akkaflow's 2017 files, "*/10 * * * * *"): the 6th field is dropped with a
//     warning, as akkaflow dropped it. More than 6 fields is an error.
//   - English phrases of cronish ("every day at 3:30"), when the words have one meaning, with a
//     warning that names the equivalent cron, and String returns it. Grammar in phrase.go.
//     Accepted: every minute, every N minutes and every N hours (N dividing 60 or 24), every
//     hour, every day|weekday|weekend|<day> at <times> [on <days>], every month on day N /
//     on the Nth / on the last day at <time>, with optional "in <months>". Rejected with a
//     message asking for a 5-field cron: "at" after a minute or hour frequency ("every 15
//     minutes at midnight on the weekend": cronish ran "*/15 0 * * 0,6", every 15 minutes
//     during 00:xx — the words also read as "starting at midnight"), a day frequency without
//     a time (cronish ran "every day" every minute), steps that do not divide the hour or day,
//     and times that are not every combination of their hours and minutes.
//     Deliberate differences from cronish's published grammar (the exact fork akkaflow used,
//     0.1.5-FROGRAMS, could not be checked): "every hour" and "every N hours" fire at minute
//     0 (cronish left the minute `*`, i.e. every minute of those hours; the warning says
//     so); "12 am" is midnight (cronish read hour 12); names are accepted in any case.
//   - Double spaces between fields are accepted without a warning (akkaflow rejected them).
//
// # Time zones and DST
//
// A cron names wall-clock times; a wall time w happens at the first instant at which the
// zone's clock shows w or later. Consequences, table-tested in America/New_York and
// Europe/Berlin:
//   - Skipped hour (spring forward): a fire whose wall time does not exist runs once, at
//     the first instant after the gap. "30 2 * * *" fires at 03:00 local on that day; several
//     skipped wall times ("0,30 2 * * *") run once together.
//   - Schedules that fire in every hour (hour field `*`: hourly and minutely crons) do not
//     move skipped times: they fire at each instant that exists and match again right after
//     the gap. "*/15 * * * *" goes 01:45, 03:00, 03:15 in New York; "30 * * * *" goes 01:30,
//     03:30. No burst, no extra fire.
//   - Repeated hour (fall back): a wall time that occurs twice fires once, at its first
//     occurrence. This holds for every cron, minutely ones included ("*/15 * * * *" goes
//     01:45 EDT, then 02:00 EST): each wall-clock slot, and so each scheduled time that
//     parameters such as ${time.today|yyyy-MM-dd HH:mm} render, runs exactly once.
//   - Next is monotone through both transitions: fires are strictly increasing.
//
// The master should also remember the last fired UTC instant (State.LastFired): it is what
// stops a double fire if the same slot is evaluated twice (failover, replay).
//
// # Dependencies
//
// DepState records, per upstream workflow, the success that counts: the upstream run's
// scheduled time (zero for a manual trigger) and the success time. The caller records only
// successes whose trigger satisfies dependencies (workflows.TriggerKind.SatisfiesDependencies)
// and clears the state when the downstream fires (State.Apply does). A recorded success is
// replaced by a newer one, except by a run scheduled earlier than it (a late rerun of an old
// run must not undo a newer success).
//
// Policy workflows.DependResetDaily reproduces akkaflow: every flag is cleared each day at
// 23:59 in the coordinator's zone (DailyResetDue / NextDailyReset drive that timer), so an
// upstream success counts only until the next 23:59. Ready also ignores successes older than
// the latest 23:59, so a late reset command changes nothing.
// Example: downstream cron "0 1 * * *", upstream succeeds at 23:30 on May 1: the flag is
// cleared at 23:59, and the 01:00 slot of May 2 waits for another upstream success.
//
// Policy workflows.DependResetScheduled (the default) ties successes to dates: where both
// the downstream slot and the upstream run have a scheduled time, the success counts only
// for a slot on the same calendar date, in the downstream coordinator's zone. An upstream
// run without a scheduled time (manual trigger) counts for the next fire whatever its date.
// Examples, downstream "0 1 * * *", upstream daily at 00:00:
//   - upstream run scheduled May 2 00:00 succeeds May 2 00:40: the May 2 01:00 slot fires
//     at 01:00;
//   - it succeeds late, at 03:10: the slot fires at 03:10 with scheduled time May 2 01:00;
//   - upstream run scheduled May 1 succeeds only on May 2 at 03:00: the May 1 01:00 slot,
//     still pending, fires at 03:00 with scheduled time May 1 01:00; the May 2 slot then
//     waits for the May 2 upstream run;
//   - an upstream run triggered by hand (no scheduled time) succeeds at 14:00: it counts for
//     the next fire (the latest due slot), whatever its date.
//
// For a dependency-only coordinator (no cron) there is no slot: every recorded success
// counts, and the fire's scheduled time is the latest upstream scheduled time (or now when
// all were manual).
//
// # Evaluate, missed fires, backfill
//
// Evaluate(c, sched, state, now) returns whether to fire now, the scheduled time, the next
// pending slot, and when to evaluate again (Wake: one timer, no polling; zero when only an
// event such as an upstream success can change the outcome). A window whose start lies in
// the future wakes at the start (akkaflow crashed there). When several slots are due at once
// Evaluate fires the latest: the catch-up policy after downtime is applied by the caller
// when it becomes master, with Missed(sched, lastFired, now, policy, max): latest → the most
// recent missed slot, all → every missed slot oldest first (the newest max of them), none →
// nothing; then it records the last one fired as LastFired (or Rearm for none).
//
// Slots(sched, from, to) lists fire times in the half-open range [from, to) for backfill, so
// that adjacent ranges neither overlap nor leave gaps.
package schedule
