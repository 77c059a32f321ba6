// Package xmlspec reads and writes akkaflow workflow XML of every era (2016 prototypes to
// v2.12.1) with github.com/beevik/etree, and maps it onto the workflows model.
//
//	Parse(source, data)  XML → Definition (model + every problem, with file:line:col)
//	Load(source, data)   Parse + workflows.Validate / ValidateCoordinator + the cron text
//	                     read by workflows/schedule in the coordinator's zone
//	Write(def)           model → canonical HEAD-era XML (also the migration of old files)
//
// Invariants:
//   - Parse never panics and never stops at the first problem. A file with errors still yields
//     as much model as could be read, so that Load can report everything at once; callers must
//     not use a Definition whose Problems has errors. A reader bug is reported as a problem with
//     code CodeInternal instead of crashing the master.
//   - Every problem has a position. etree records none, so the bytes are first read by
//     encoding/xml, which notes each start tag (and each attribute) in document order; etree's
//     elements, walked in the same order, are paired with them. Columns count characters.
//   - Well-formedness is checked strictly, including what both XML libraries let through
//     (several root elements, text outside the root, duplicate attributes). Malformed files
//     are rejected, never repaired.
//   - Parameters (${param:x}, ${time.…}) stay text. A field that needs a typed value at load
//     time (a number, a duration, a boolean) cannot hold one; that is reported, not deferred.
//   - For every file Parse accepts without errors, Parse(Write(def)) has no errors and the same
//     model (positions and warnings aside). FuzzParse and the corpus test enforce this.
//   - Problem codes (codes.go) are stable API.
//
// Reading rules and decisions (the spec leaves these open):
//
//   - Roots: <coordinator> is a standalone 2017 coordinator file; <db-links>/<file-links> are
//     connection registries and are rejected as not-a-definition; any other root is read as a
//     workflow, as akkaflow did, with a warning unless it is <work-flow> or <workflow>.
//   - Unknown elements and attributes are errors, with a "did you mean". Old names are read as
//     their current equivalents with an alias warning (content→code, file-watcher→file-monitor,
//     num-threshold→min-num, size-threshold→min-each-size, min-threshold/max-threshold→min/max,
//     pre-sql/after-sql→pre/after, path@start→path@to, data-monitor name→source-name, 2017
//     coordinator start/end, trigger, workflow-list). Things akkaflow accepted and never used
//     (create-time, id, author, creator on a coordinator file, is-saved, time-mark, <location>,
//     stray text such as "<file-monitor>8") are warnings with code "ignored".
//   - 2017 inline JDBC attributes (type, jdbc-url, username, password) become an anonymous
//     DBLinkRef.Inline with an inline-connection warning; transfer types MYSQL/ORACLE/HIVE mean
//     DB with such a link, LFS means FILE; data-monitor probe types MYSQL/ORACLE/HIVE mean SQL.
//     A 2017 threshold with a database type but no jdbc-url borrows the source's connection,
//     reproducing what those files relied on. Write keeps inline links in the 2017 attribute
//     form, the only way to express them; registering a db-link is left to the user.
//   - <host-script> (2016) is read as a <script> whose code is the command and whose <host>
//     pins the action to that worker; that is what it did. It is not mapped to <ssh>, which
//     needs a registered file-link the prototype never had. <sub-workflow> is rejected as
//     unsupported (akkaflow never implemented it).
//   - <file-watcher>: dir + "/" + pattern becomes the pattern; size-threshold becomes
//     min-each-size unless enable="false". Below that size the node now fails, where 2017 only
//     mailed a warning; the alias warning says so.
//   - Text: script code, transfer scripts and HTTP bodies are verbatim (indentation kept,
//     unlike akkaflow); whitespace around CDATA sections and one blank first line are dropped.
//     Commands, SQL, paths, names and messages are trimmed. Probe text may be wrapped in
//     <code> (2017). Email content is kept as XML text; a lone <html> child is used as is,
//     anything else is wrapped in <html>. See text.go.
//   - Lists (mail-level, mail-receivers, labels, from, to, expect-status) are comma lists whose
//     items are trimmed (akkaflow did not trim) and whose empty items are dropped.
//   - mail-level accepts W_* names (any case), the Chinese labels and English status names.
//     Without the attribute it defaults to [failed], except in a recognisably 2017 workflow
//     (2017-only constructs and no embedded coordinator), where akkaflow mailed nobody; an
//     explicit mail-level="" means "never" and is what Write emits for that case.
//   - Numbers are whole numbers. Durations are whole seconds (akkaflow's unit) or Go durations
//     ("1m30s"); timeout="-1" means none. Sizes are 1024-based ("2MB", "0.5G", "10B").
//     Booleans are true/false in any case; an empty value means "not set". Ranges are
//     workflows.Validate's business.
//   - Coordinator windows ("yyyy-MM-dd HH:mm:ss", also "yyyy-MM-dd HH:mm" and "yyyy-MM-dd")
//     are read in the timezone attribute's zone, else time.Local; a bad zone is an error.
//     Defaults: is-enabled true (also when empty), catchup latest, depend-reset scheduled.
//     A second <depend-list>, <coordinator> or cron is an error (akkaflow concatenated or
//     dropped them). Embedded coordinators have no Targets; standalone files must list some.
//   - Monitors keep akkaflow's 10 s stability re-check unless recheck-delay says otherwise.
//   - Load drops Validate's findings inside a node (or the coordinator, or the root tag) where
//     reading already failed for a reason other than an unknown attribute: they are
//     consequences ("no <ok>" is not also reported as "transition has no target").
package xmlspec
