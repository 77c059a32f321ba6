// Package fileexec runs <file-executor> actions: a command that needs files kept on the
// master's host (akkaflow's intent, which never worked there: spec §4.7.6).
//
// The master reads the files that MasterFiles names (the script the command runs, found as
// ScriptToken describes, plus the attach-list) and sends their contents in
// executors.Task.Attachments under their base names. The worker writes them into the
// attempt's working directory and runs the command there through executors.Shell, so it
// gets the same process group, kill, logs, environment and ACTORFLOW_OUTPUT handling as a
// <shell> action. In the command, every word that names a shipped master path is rewritten
// to ./<base name>; when that word is the program itself it becomes
// "<interpreter from the file's shebang, else /bin/sh> ./<base name>", because a file written
// moments ago must not be executed directly (ETXTBSY, see package executors). Paths that
// were not shipped stay as written and refer to the worker's own disk.
//
// Invariants:
//   - Rewriting only replaces whole blank-separated words equal to a shipped path; the
//     rest of the command (pipes, redirections, quoting) is passed to /bin/sh untouched.
//   - Attachment names are checked by package executors (base names only, not its own
//     file names) before anything is written.
package fileexec
