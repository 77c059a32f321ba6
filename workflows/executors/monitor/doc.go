// Package monitor runs the <data-monitor> and <file-monitor> actions.
//
// A data-monitor measures a number (source) and optional bounds (min, max), each a probe:
// SQL (first column of the first row, through the Querier the worker is given), COMMAND
// (a shell command run like a <shell> action in the attempt's working directory; its
// trimmed stdout must be one number; a non-zero exit fails) or NUM (a literal). With a
// recheck-delay (akkaflow's fixed 10 s is the XML default) every probe is measured again
// after the delay and any change fails the attempt: the data is still moving. Bounds are
// inclusive. Out of range fails the attempt unless is-exceed-error="false", when it
// succeeds with monitor.ok=false. Result.Outputs: monitor.value, monitor.min,
// monitor.max (each bound only when given) and monitor.ok; the warn-msg is appended to
// the message of every failure.
//
// A file-monitor lists the files matching "dir/name-glob" on a file system (local, or a
// file-link's through Deps.FileSystem) and needs at least min-num of them, each at least
// min-each-size bytes. With a recheck-delay, a satisfied listing is taken again after the
// delay and must be unchanged (names and sizes). With wait, it polls every poll-interval
// (default 30 s) until satisfied or until wait has passed, like an Airflow sensor; a
// listing error (the directory is not there yet) counts as "not yet" while waiting. The
// failure message lists what matched and why it is not enough. Result.Outputs:
// monitor.count and monitor.total_size.
//
// Invariants:
//   - Time comes only from Deps.Now and Deps.After; every wait also ends when the context
//     is done, and a done context gives killed or timed_out by its cause (as package
//     executors does), never failed.
//   - A COMMAND probe's process runs in its own process group through executors.Shell, so
//     a kill stops the whole group; at most 64 KiB of its stdout is kept for parsing.
//   - TaskIO.OnStart is called for the first probe process of an attempt only (it is
//     "at most once per Run").
package monitor
