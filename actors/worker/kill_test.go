package worker

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
)

// KillTask takes the attempt's whole process tree down, even parts that ignore SIGTERM.
func TestKillTaskKillsProcessTree(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	dir := t.TempDir()
	ref := refN("kill", 1)
	h.run(ref, 1, script(`trap '' TERM
( trap '' TERM; echo $BASHPID > "$DIR/c.tmp"; mv "$DIR/c.tmp" "$DIR/child.pid"; while :; do sleep 0.05; done ) &
wait`), map[string]string{"DIR": dir})
	st := expect[*messages.TaskStarted](t, h.master)
	child := readPid(t, filepath.Join(dir, "child.pid"))

	h.from(h.master, &messages.KillTask{Ref: ref.Proto(), Term: 1, Reason: messages.KillReason_KILL_REASON_KILLED})
	fin := expect[*messages.TaskFinished](t, h.master)
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_KILLED || fin.GetMessage() != "killed" || fin.GetExitCode() != -1 {
		t.Fatalf("got %s", describe(fin))
	}
	// The group has been SIGKILLed by now; the kernel finishes them off asynchronously.
	eventually(t, "the task's process group dies", func() bool {
		m, err := groupMembers(int(st.GetPid()))
		return err == nil && len(m) == 0 && gone(child) && gone(int(st.GetPid()))
	})
}

func TestKillTimedOut(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	g := newGate(t)
	plain := refN("timeout", 1)
	h.run(plain, 1, shell(gated), g.env())
	expect[*messages.TaskStarted](t, h.master)
	h.from(h.master, &messages.KillTask{Ref: plain.Proto(), Term: 1, Reason: messages.KillReason_KILL_REASON_TIMED_OUT})
	fin := expect[*messages.TaskFinished](t, h.master)
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_TIMED_OUT || fin.GetMessage() != "timed out" {
		t.Fatalf("got %s", describe(fin))
	}

	// With the node's timeout known, the message quotes it.
	withLimit := refN("timeout", 2)
	action := shell(gated)
	action.Timeout = 90 * time.Second
	h.run(withLimit, 1, action, g.env())
	expect[*messages.TaskStarted](t, h.master)
	h.from(h.master, &messages.KillTask{Ref: withLimit.Proto(), Term: 1, Reason: messages.KillReason_KILL_REASON_TIMED_OUT})
	fin = expect[*messages.TaskFinished](t, h.master)
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_TIMED_OUT || !strings.HasPrefix(fin.GetMessage(), "timed out") ||
		!strings.Contains(fin.GetMessage(), "1m30s") {
		t.Fatalf("got %s", describe(fin))
	}
}

// A kill for an attempt the worker does not run is ignored: it may have just finished.
func TestKillUnknownOrFinishedIgnored(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := refN("finished", 1)
	h.run(ref, 1, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master)
	fin := expect[*messages.TaskFinished](t, h.master)
	h.from(h.master, &messages.KillTask{Ref: refN("nobody", 1).Proto(), Term: 1})
	h.from(h.master, &messages.KillTask{Ref: ref.Proto(), Term: 1})
	st := h.status(h.master)
	if len(st.GetUnacked()) != 1 || st.GetUnacked()[0].GetStatus() != fin.GetStatus() {
		t.Fatalf("status %v", st)
	}
}

// A kill that arrives before the process started still stops the attempt.
func TestKillRightAfterRunTask(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := refN("early", 1)
	h.run(ref, 1, shell("exec sleep 300"), nil)
	h.from(h.master, &messages.KillTask{Ref: ref.Proto(), Term: 1})
	var fin *messages.TaskFinished
	for fin == nil {
		switch m := h.master.next(t).msg.(type) {
		case *messages.TaskStarted: // the process may or may not have started
		case *messages.TaskFinished:
			fin = m
		default:
			t.Fatalf("unexpected %T", m)
		}
	}
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_KILLED {
		t.Fatalf("got %s", describe(fin))
	}
}
