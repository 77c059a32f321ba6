// Package executors runs one attempt of an action node on a worker: the Executor interface,
// a Registry from action type to executor, and the script and shell executors.
//
// An attempt runs in its own working directory, <root>/<instance>/<node>/<attempt>, where
// every component is made safe by SafeName; the directory is kept afterwards. Its stdout
// and stderr go to the writers of a TaskIO. OpenAttemptLogs gives the usual ones: two
// CappedLog files, stdout.log and stderr.log, each keeping the first and last 8 MiB of
// its stream by default with a marker line between them; ReadLog shows such a file
// whether it is finished, still being written, or left by a crashed worker.
//
// Files cost: on ext4 each new inode is a search of the inode bitmap, slow where many
// files were deleted lately, and each unlink feeds that. So an attempt makes only what it
// needs: its node and attempt directories and, for a script, the script file. A log file
// appears with its stream's first byte (a silent stream has none, read as empty); the
// ACTORFLOW_OUTPUT file is the task's to create; nothing is probed or removed in a new
// directory (only a reused one is cleaned of an earlier run's outputs and logs).
//
// The worker hears about each attempt's process through TaskIO.OnStart (its pid, which is
// also its process group id) and can tie the process's life to its own through
// TaskIO.ParentDeathSignal.
//
// The task talks back through the environment: ACTORFLOW_INSTANCE_ID, ACTORFLOW_WORKFLOW,
// ACTORFLOW_NODE, ACTORFLOW_ATTEMPT, ACTORFLOW_WORKDIR, and ACTORFLOW_OUTPUT, the path of a
// file (not created beforehand) whose key=value lines become Result.Outputs (see
// ParseOutputs).
//
// Invariants:
//   - Run always returns a Result with a terminal status (succeeded, failed, killed or
//     timed_out); it never panics on bad input and never hangs once its context is done:
//     it returns within the kill grace period plus a short pipe-drain bound.
//   - Cancelling the context is a kill. context.Cause decides the status: a cause that
//     matches ErrTimedOut (or context.DeadlineExceeded) gives timed_out, anything else killed.
//   - Every attempt runs in a new process group. On cancel the group gets SIGTERM, then
//     SIGKILL after the grace period; when the leader exits, whatever is still in the group
//     gets SIGKILL. So no process of the attempt outlives Run, except one that deliberately
//     left the group (setsid); such a process is not waited for beyond the drain bound.
//   - A written script is never executed directly: it is passed as an argument to its
//     interpreter. Executing a freshly written file races with concurrent forks that still
//     hold its write descriptor and fails with ETXTBSY (reference/stack.md §7).
//   - Memory per attempt is bounded whatever the task prints: fixed pipe buffers, a few KiB
//     of stderr tail for the message, and CappedLog keeps its tail ring on disk.
//   - Paths are built only from SafeName components; attachment names must be base names.
//   - The package imports the standard library and package workflows only.
package executors
