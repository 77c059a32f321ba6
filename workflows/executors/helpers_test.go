package executors

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// testGrace is the kill grace used in tests: short, but long enough to prove that SIGTERM
// was ignored before SIGKILL came.
const testGrace = 200 * time.Millisecond

// waitLimit bounds every wait in these tests.
const waitLimit = 20 * time.Second

var attemptSeq atomic.Int64

// scriptTask is a script task with a fresh attempt number, so attempts never share a dir.
func scriptTask(code string) Task {
	return Task{
		InstanceID: "inst1", Workflow: "wf", Node: "node",
		Attempt: int(attemptSeq.Add(1)),
		Action:  &workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{Code: code}},
	}
}

func shellTask(command string) Task {
	return Task{
		InstanceID: "inst1", Workflow: "wf", Node: "node",
		Attempt: int(attemptSeq.Add(1)),
		Action:  &workflows.Action{Type: workflows.ActionShell, Shell: &workflows.ShellBody{Command: command}},
	}
}

func testConfig(t testing.TB) Config {
	return Config{WorkRoot: t.TempDir(), KillGrace: testGrace}
}

// capture collects a stream in memory, safely for concurrent reads.
type capture struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func (c *capture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

// runCaptured runs t and returns the result with its stdout and stderr.
func runCaptured(t *testing.T, x Executor, ctx context.Context, task Task) (Result, string, string) {
	t.Helper()
	var out, errOut capture
	r := x.Run(ctx, task, TaskIO{Stdout: &out, Stderr: &errOut})
	return r, out.String(), errOut.String()
}

// signalWriter closes Seen once want has appeared in the stream: the test's way to know a
// task has reached a point, without sleeping.
type signalWriter struct {
	want string
	Seen chan struct{}
	capture
	once sync.Once
}

func newSignalWriter(want string) *signalWriter {
	return &signalWriter{want: want, Seen: make(chan struct{})}
}

func (s *signalWriter) Write(p []byte) (int, error) {
	n, err := s.capture.Write(p)
	if strings.Contains(s.String(), s.want) {
		s.once.Do(func() { close(s.Seen) })
	}
	return n, err
}

// waitGone waits until pid no longer runs. A zombie counts as gone: it has exited and
// only waits for a reaper (PID 1 in a container may never reap it).
func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.NewTimer(waitLimit)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if err := syscall.Kill(pid, 0); err == syscall.ESRCH || isZombie(pid) {
			return
		}
		select {
		case <-deadline.C:
			t.Fatalf("process %d still runs %s after Run returned", pid, waitLimit)
		case <-tick.C:
		}
	}
}

func isZombie(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true // gone between the two checks
	}
	// The state follows the command name, which is in parentheses and may contain spaces.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

// runAsync runs the task in a goroutine; the channel yields its Result.
func runAsync(ctx context.Context, x Executor, task Task, tio TaskIO) <-chan Result {
	ch := make(chan Result, 1)
	go func() { ch <- x.Run(ctx, task, tio) }()
	return ch
}

func waitResult(t *testing.T, ch <-chan Result) Result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(waitLimit):
		t.Fatalf("Run did not return within %s", waitLimit)
		return Result{}
	}
}

func waitSeen(t *testing.T, s *signalWriter) {
	t.Helper()
	select {
	case <-s.Seen:
	case <-time.After(waitLimit):
		t.Fatalf("task never printed %q; output so far: %q", s.want, s.String())
	}
}
