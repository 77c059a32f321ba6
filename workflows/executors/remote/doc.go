// Package remote holds the executors that run on another host: the ssh action, which runs a
// command on the host of an SFTP file-link.
//
// The command runs under a small POSIX sh wrapper (wrapper.go), because closing an SSH
// session does not stop a command that has no terminal: sshd only closes its pipes, and
// `sleep 30` would go on as an orphan. sshd starts each command in a session of its own
// (setsid), so the wrapper's process group holds the command and everything it starts.
// The wrapper keeps the session's stdin open and watches it: when it reaches end of file
// (the executor closes it on cancel, or the connection dies with the worker), the group gets
// SIGTERM, then SIGKILL after the grace period — the same contract as a local attempt. When
// the command ends by itself, the rest of its group gets SIGTERM, so background children
// do not hold the session open. The command runs in the login shell ($SHELL -c, as ssh
// would run it) with stdin from /dev/null and ACTORFLOW_INSTANCE_ID, ACTORFLOW_WORKFLOW,
// ACTORFLOW_NODE, ACTORFLOW_ATTEMPT (plus Task.Env) exported. The remote host needs /bin/sh,
// ps and a POSIX-like login shell (sh, bash, ksh, zsh); csh and fish are not supported.
// Without ps, or under a server that does not setsid, only the command itself is signalled,
// not its children.
//
// Invariants (those of package executors, for a remote process):
//   - Run always returns a terminal status and never hangs once its context is done: it
//     returns within the kill grace plus a short drain bound, closing the session (and a
//     connection of its own, if it needed one) if the host does not answer.
//   - Cancelling the context is a kill: context.Cause decides killed or timed_out exactly as
//     for local executors (executors.ErrTimedOut / context.DeadlineExceeded → timed_out).
//   - The exit code of the remote command is Result.ExitCode; 0 succeeds, anything else
//     fails with the last stderr lines in the message. Outputs are not collected
//     (ACTORFLOW_OUTPUT is a local file; there is none on the remote host).
//   - Output streams to TaskIO as it arrives; a failing writer never stalls the command.
//   - Passwords never reach a message: errors come from package filelink, which omits them.
package remote
