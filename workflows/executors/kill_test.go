package executors

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/actorflow/actorflow/internal/testenv"
	"github.com/actorflow/actorflow/workflows"
)

// readPid reads a pid file the task wrote before it said it was ready.
func readPid(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file %s: %v", path, err)
	}
	return pid
}

// A task whose whole tree ignores SIGTERM, with a forked child that keeps forking: after a
// kill, Run returns and every process of it is gone.
func TestKillProcessTreeIgnoringTERM(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	x := NewScript(cfg)
	task := scriptTask(`
trap '' TERM
(
  echo $BASHPID > child.pid
  echo ready
  while :; do sleep 0.05; done
) &
echo $$ > leader.pid
wait
`)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	ready := newSignalWriter("ready")
	done := runAsync(ctx, x, task, TaskIO{Stdout: ready})
	waitSeen(t, ready)
	dir := AttemptDir(cfg.WorkRoot, task)
	// leader.pid is written right after the fork; wait for it the same way.
	leader := waitFile(t, filepath.Join(dir, "leader.pid"))
	child := readPid(t, filepath.Join(dir, "child.pid"))

	start := time.Now()
	cancel(ErrKilled)
	r := waitResult(t, done)
	if r.Status != workflows.AttemptKilled || r.Message != "killed" || r.ExitCode != -1 {
		t.Fatalf("got %s %d %q", r.Status, r.ExitCode, r.Message)
	}
	t.Logf("took %s: %q", time.Since(start), r.Message)
	if took := time.Since(start); took < testGrace {
		t.Errorf("returned after %s, before the %s grace: SIGTERM should have been ignored", took, testGrace)
	}
	waitGone(t, child)
	waitGone(t, leader)
}

// waitFile polls for a pid file (the task writes it; there is no other signal to wait on).
func waitFile(t *testing.T, path string) int {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil && strings.HasSuffix(string(b), "\n") {
			return readPid(t, path)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared", path)
		}
		<-tick.C
	}
}

func TestKillCauses(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	cases := []struct {
		name   string
		cause  error
		status workflows.AttemptStatus
		msg    string
	}{
		{"ErrKilled", ErrKilled, workflows.AttemptKilled, "killed"},
		{"no cause", nil, workflows.AttemptKilled, "killed"},
		{"wrapped", fmt.Errorf("%w by alice", ErrKilled), workflows.AttemptKilled, "killed by alice"},
		{"other", fmt.Errorf("worker shutting down"), workflows.AttemptKilled, "killed: worker shutting down"},
		{"timeout", TimedOutAfter(90 * time.Second), workflows.AttemptTimedOut, "timed out after 1m30s"},
		{"bare timeout", ErrTimedOut, workflows.AttemptTimedOut, "timed out"},
	}
	for _, c := range cases {
		ctx, cancel := context.WithCancelCause(context.Background())
		ready := newSignalWriter("ready")
		done := runAsync(ctx, x, scriptTask("echo ready; exec sleep 60"), TaskIO{Stdout: ready})
		waitSeen(t, ready)
		cancel(c.cause)
		r := waitResult(t, done)
		if r.Status != c.status || r.Message != c.msg {
			t.Errorf("%s: got %s %q, want %s %q", c.name, r.Status, r.Message, c.status, c.msg)
		}
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	d := 300 * time.Millisecond
	ctx, cancel := context.WithTimeoutCause(context.Background(), d, TimedOutAfter(d))
	defer cancel()
	r := x.Run(ctx, scriptTask("echo about to hang >&2; sleep 60"), TaskIO{})
	if r.Status != workflows.AttemptTimedOut || r.Message != "timed out after 300ms\nlast stderr lines:\nabout to hang" {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}

	// A plain WithTimeout (no cause) still counts as a timeout.
	ctx2, cancel2 := context.WithTimeout(context.Background(), d)
	defer cancel2()
	if r := x.Run(ctx2, scriptTask("sleep 60"), TaskIO{}); r.Status != workflows.AttemptTimedOut || r.Message != "timed out" {
		t.Fatalf("plain timeout: got %s %q", r.Status, r.Message)
	}
}

func TestContextDoneBeforeRun(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	x := NewScript(cfg)
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(ErrKilled)
	task := scriptTask("touch ran")
	if r := x.Run(ctx, task, TaskIO{}); r.Status != workflows.AttemptKilled {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
	if _, err := os.Stat(AttemptDir(cfg.WorkRoot, task)); err == nil {
		t.Fatal("a cancelled task must not start")
	}
}

// A background child left running when the script exits holds the output pipe; it is
// killed with the group rather than keeping the attempt (and Run) alive.
func TestBackgroundChildIsKilledAtExit(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	x := NewScript(cfg)
	task := scriptTask("sleep 300 & echo $! > bg.pid; echo done")
	done := runAsync(context.Background(), x, task, TaskIO{})
	r := waitResult(t, done)
	if r.Status != workflows.AttemptSucceeded {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
	waitGone(t, readPid(t, filepath.Join(AttemptDir(cfg.WorkRoot, task), "bg.pid")))
}

// A process that leaves the group (setsid) is out of reach of the group kill; Run must
// still return, after the drain bound, and say why.
func TestEscapedProcessDoesNotHangRun(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/usr/bin/setsid"); err != nil {
		testenv.Unavailable(t, "setsid is not installed")
	}
	cfg := testConfig(t)
	x := NewScript(cfg)
	// The script waits until the escapee is in its own session, so the exit-time group
	// kill cannot catch it before it leaves.
	task := scriptTask(`
setsid sh -c 'echo $$ > tmp.pid; mv tmp.pid escaped.pid; exec sleep 300' &
while [ ! -e escaped.pid ]; do sleep 0.01; done
echo done`)
	r := waitResult(t, runAsync(context.Background(), x, task, TaskIO{}))
	pid := readPid(t, filepath.Join(AttemptDir(cfg.WorkRoot, task), "escaped.pid"))
	defer syscall.Kill(pid, syscall.SIGKILL)
	if r.Status != workflows.AttemptSucceeded || !strings.Contains(r.Message, "outside the task's process group") {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
}
