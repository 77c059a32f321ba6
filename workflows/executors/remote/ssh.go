package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Links is what the ssh executor needs from the file-links: an SSH session on the host of a
// named link, and a release that closes it. *filelink.Registry implements it.
type Links interface {
	Session(ctx context.Context, link string) (*ssh.Session, func(), error)
}

// drainTimeout bounds how long Run waits for the session to end once the remote group had
// its grace period, before it closes the session regardless.
const drainTimeout = 2 * time.Second

// SSH runs an <ssh> action: Command on the host of FileLink.
type SSH struct {
	Links Links
	// KillGrace is the SIGTERM → SIGKILL delay on the remote host (rounded up to whole
	// seconds); zero or less means executors.DefaultKillGrace.
	KillGrace time.Duration
}

// Register adds the ssh executor, with the default kill grace, to reg.
func Register(reg *executors.Registry, links Links) {
	reg.Register(workflows.ActionSSH, &SSH{Links: links})
}

func (x *SSH) grace() time.Duration {
	if x.KillGrace <= 0 {
		return executors.DefaultKillGrace
	}
	return x.KillGrace
}

// Run implements executors.Executor.
func (x *SSH) Run(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	if ctx.Err() != nil {
		return interrupted(ctx)
	}
	if t.Action == nil || t.Action.SSH == nil {
		return failed("task %s/%s is not an ssh action", t.InstanceID, t.Node)
	}
	body := t.Action.SSH
	if strings.TrimSpace(body.Command) == "" {
		return failed("ssh action %s has no command", t.Node)
	}
	sess, release, err := x.Links.Session(ctx, body.FileLink)
	if err != nil {
		if ctx.Err() != nil {
			return interrupted(ctx)
		}
		return failed("ssh: %v", err)
	}
	var releaseOnce sync.Once
	closeSession := func() { releaseOnce.Do(release) }
	defer closeSession()

	stdin, err := sess.StdinPipe()
	if err != nil {
		return failed("ssh: %v", err)
	}
	tail := &tailBuffer{max: 4096}
	stdout, stderr := &lenient{w: tio.Stdout}, &lenient{w: tio.Stderr}
	sess.Stdout = stdout
	sess.Stderr = io.MultiWriter(tail, stderr) // neither ever fails
	if err := sess.Start(wrapCommand(t, body.Command, x.grace())); err != nil {
		if ctx.Err() != nil {
			return interrupted(ctx)
		}
		return failed("ssh: starting the command on link %q: %v", body.FileLink, err)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()

	select {
	case err := <-done:
		return withNotes(exitResult(err, body.FileLink, tail.String()), stdout, stderr)
	case <-ctx.Done():
	}
	// Closing stdin is the wrapper's signal: SIGTERM to the command's group, SIGKILL after
	// the grace. Then the session ends by itself; if the host does not answer, close it.
	_ = stdin.Close()
	timer := time.NewTimer(x.grace() + drainTimeout)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		closeSession()
		select {
		case <-done:
		case <-time.After(drainTimeout):
		}
	}
	return interrupted(ctx)
}

// exitResult turns what Session.Wait returned into a Result.
func exitResult(err error, link, stderrTail string) executors.Result {
	var r executors.Result
	var exit *ssh.ExitError
	var missing *ssh.ExitMissingError
	switch {
	case err == nil:
		return executors.Result{Status: workflows.AttemptSucceeded, ExitCode: 0, Message: "exit code 0"}
	case errors.As(err, &exit) && exit.Signal() != "":
		r = executors.Result{Status: workflows.AttemptFailed, ExitCode: -1,
			Message: fmt.Sprintf("terminated by signal SIG%s on the host of link %q", exit.Signal(), link)}
	case errors.As(err, &exit):
		r = executors.Result{Status: workflows.AttemptFailed, ExitCode: exit.ExitStatus(),
			Message: fmt.Sprintf("exit code %d", exit.ExitStatus())}
		if code := exit.ExitStatus(); code > 128 && code < 160 {
			r.Message += fmt.Sprintf(" (the shell's code for a command killed by signal %d)", code-128)
		}
	case errors.As(err, &missing):
		r = failed("the connection to the host of link %q ended before the command's exit status arrived", link)
	default:
		r = failed("ssh: %v", err)
	}
	if stderrTail != "" {
		r.Message += "\nlast stderr lines:\n" + stderrTail
	}
	return r
}

func withNotes(r executors.Result, ws ...*lenient) executors.Result {
	for _, w := range ws {
		if err := w.Err(); err != nil {
			r.Message += "; output was lost: " + err.Error()
		}
	}
	return r
}

func failed(format string, args ...any) executors.Result {
	return executors.Result{Status: workflows.AttemptFailed, ExitCode: -1, Message: fmt.Sprintf(format, args...)}
}
