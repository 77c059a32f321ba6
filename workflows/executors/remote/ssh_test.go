package remote_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/actorflow/actorflow/internal/testenv"
	"github.com/actorflow/actorflow/internal/wait"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/executors/remote"
	"github.com/actorflow/actorflow/workflows/filelink"
)

// syncBuffer is a bytes.Buffer safe for the session's copy goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type env struct {
	acct testenv.SSHAccount
	x    *remote.SSH
	dir  string // a fresh directory in the SSH user's home (also a local path here)
}

func setup(t *testing.T) env {
	t.Helper()
	acct := testenv.SSH(t)
	host, port, _ := net.SplitHostPort(acct.Addr)
	p, _ := strconv.Atoi(port)
	reg := filelink.NewRegistry(filelink.Options{KnownHostsDir: t.TempDir(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(func() { reg.Close() })
	for _, l := range []filelink.Link{
		{Name: "key", Type: filelink.TypeSFTP, Host: host, Port: p, Username: acct.User, KeyFile: acct.KeyFile},
		{Name: "pw", Type: filelink.TypeSFTP, Host: host, Port: p, Username: acct.User, Password: acct.Password},
		{Name: "badpw", Type: filelink.TypeSFTP, Host: host, Port: p, Username: acct.User, Password: "n0t-the-Passw0rd"},
	} {
		if err := reg.Put(l); err != nil {
			t.Fatal(err)
		}
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	dir := filepath.Join(acct.HomeDir, "remote-test-"+hex.EncodeToString(b[:]))
	fsys, err := reg.Open(context.Background(), "key")
	if err != nil {
		t.Fatal(err)
	}
	if err := fsys.MkdirAll(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return env{acct: acct, x: &remote.SSH{Links: reg, KillGrace: time.Second}, dir: dir}
}

func task(link, command string) executors.Task {
	return executors.Task{InstanceID: "i1", Workflow: "wf", Node: "remote_node", Attempt: 2,
		Action: &workflows.Action{Type: workflows.ActionSSH, SSH: &workflows.SSHBody{FileLink: link, Command: command}},
		Env:    map[string]string{"EXTRA": "it's here", "bad name": "ignored"}}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	wait.For(t, timeout, cond, "%s", what)
}

// readPID waits for the command to write its pid into file.
func readPID(t *testing.T, file string) int {
	t.Helper()
	var pid int
	waitFor(t, 10*time.Second, "the remote command wrote no pid to "+file, func() bool {
		data, err := os.ReadFile(file)
		if err != nil || !bytes.HasSuffix(data, []byte("\n")) {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(data)))
		return err == nil
	})
	return pid
}

// alive: the process exists (EPERM means it does, under another user, when the tests do not
// run as root).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

func TestSSHRunsCommandAndStreamsOutput(t *testing.T) {
	e := setup(t)
	for _, link := range []string{"key", "pw"} {
		t.Run(link, func(t *testing.T) {
			var out, errOut syncBuffer
			r := e.x.Run(context.Background(),
				task(link, `echo "hello $ACTORFLOW_NODE $ACTORFLOW_ATTEMPT $ACTORFLOW_INSTANCE_ID $ACTORFLOW_WORKFLOW $EXTRA"; echo warn >&2; read x || echo "stdin is empty"`),
				executors.TaskIO{Stdout: &out, Stderr: &errOut})
			if r.Status != workflows.AttemptSucceeded || r.ExitCode != 0 {
				t.Fatalf("result %+v", r)
			}
			if got, want := out.String(), "hello remote_node 2 i1 wf it's here\nstdin is empty\n"; got != want {
				t.Errorf("stdout %q, want %q", got, want)
			}
			if got := errOut.String(); got != "warn\n" {
				t.Errorf("stderr %q", got)
			}
		})
	}
}

func TestSSHExitCodes(t *testing.T) {
	e := setup(t)
	r := e.x.Run(context.Background(), task("key", "echo first >&2; echo 'it broke' >&2; exit 3"), executors.TaskIO{})
	if r.Status != workflows.AttemptFailed || r.ExitCode != 3 {
		t.Fatalf("result %+v", r)
	}
	if !strings.HasPrefix(r.Message, "exit code 3") || !strings.HasSuffix(r.Message, "last stderr lines:\nfirst\nit broke") {
		t.Errorf("message %q", r.Message)
	}
	r = e.x.Run(context.Background(), task("key", "kill -KILL $$"), executors.TaskIO{})
	if r.Status != workflows.AttemptFailed || r.ExitCode != 137 || !strings.Contains(r.Message, "killed by signal 9") {
		t.Errorf("a command killed on the host: %+v", r)
	}
}

func TestSSHFailuresAreClear(t *testing.T) {
	e := setup(t)
	r := e.x.Run(context.Background(), task("nope", "true"), executors.TaskIO{})
	if r.Status != workflows.AttemptFailed || !strings.Contains(r.Message, `unknown file-link "nope"`) {
		t.Errorf("unknown link: %+v", r)
	}
	r = e.x.Run(context.Background(), task("badpw", "true"), executors.TaskIO{})
	if r.Status != workflows.AttemptFailed || !strings.Contains(r.Message, "authentication") ||
		strings.Contains(r.Message, "n0t-the-Passw0rd") {
		t.Errorf("wrong password: %+v", r)
	}
	r = e.x.Run(context.Background(), task("local", "true"), executors.TaskIO{})
	if r.Status != workflows.AttemptFailed || !strings.Contains(r.Message, "needs an SFTP (SSH) link") {
		t.Errorf("local link: %+v", r)
	}
	r = e.x.Run(context.Background(), executors.Task{Node: "n", Action: &workflows.Action{Type: workflows.ActionSSH}}, executors.TaskIO{})
	if r.Status != workflows.AttemptFailed {
		t.Errorf("no body: %+v", r)
	}
}

func TestSSHKillStopsTheRemoteGroupQuickly(t *testing.T) {
	e := setup(t)
	pidFile := filepath.Join(e.dir, "pid")
	// A child in the background that ignores SIGTERM, and the command itself: both must go.
	cmd := fmt.Sprintf(`(trap '' TERM; exec sleep 31) & echo $! > %[1]s.child; echo $$ > %[1]s; exec sleep 30`, pidFile)
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan executors.Result, 1)
	go func() { done <- e.x.Run(ctx, task("key", cmd), executors.TaskIO{}) }()
	pid := readPID(t, pidFile)
	child := readPID(t, pidFile+".child")
	if !alive(pid) || !alive(child) {
		t.Fatal("the remote processes are not running")
	}
	start := time.Now()
	cancel(executors.ErrKilled)
	var r executors.Result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return 10 s after the kill")
	}
	// The bound Run promises: the grace, then a drain bound, then another after closing.
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Run took %v after the kill (grace 1 s, bound 5 s)", took)
	}
	if r.Status != workflows.AttemptKilled || r.ExitCode != -1 || r.Message != "killed" {
		t.Errorf("result %+v", r)
	}
	waitFor(t, 5*time.Second, "the remote sleep 30 still runs", func() bool { return !alive(pid) })
	waitFor(t, 5*time.Second, "the remote child that ignores SIGTERM still runs", func() bool { return !alive(child) })
}

func TestSSHTimeout(t *testing.T) {
	e := setup(t)
	pidFile := filepath.Join(e.dir, "pid")
	ctx, cancel := context.WithTimeoutCause(context.Background(), 1500*time.Millisecond, executors.TimedOutAfter(1500*time.Millisecond))
	defer cancel()
	r := e.x.Run(ctx, task("pw", "echo $$ > "+pidFile+"; exec sleep 30"), executors.TaskIO{})
	if r.Status != workflows.AttemptTimedOut || r.Message != "timed out after 1.5s" {
		t.Errorf("result %+v", r)
	}
	pid := readPID(t, pidFile)
	waitFor(t, 5*time.Second, "the timed-out remote command still runs", func() bool { return !alive(pid) })
}

func TestSSHCancelledBeforeStart(t *testing.T) {
	e := setup(t)
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(fmt.Errorf("%w: worker shutting down", executors.ErrKilled))
	r := e.x.Run(ctx, task("key", "true"), executors.TaskIO{})
	if r.Status != workflows.AttemptKilled || r.Message != "killed: worker shutting down" {
		t.Errorf("result %+v", r)
	}
}

func TestSSHBackgroundLeftoversDoNotHoldTheRun(t *testing.T) {
	e := setup(t)
	pidFile := filepath.Join(e.dir, "bg")
	start := time.Now()
	r := e.x.Run(context.Background(), task("key", "sleep 33 & echo $! > "+pidFile+"; echo done"), executors.TaskIO{})
	if r.Status != workflows.AttemptSucceeded {
		t.Fatalf("result %+v", r)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("Run waited %v for a background sleep", took)
	}
	pid := readPID(t, pidFile)
	waitFor(t, 5*time.Second, "the background sleep outlived its command", func() bool { return !alive(pid) })
}

// TestSSHMoreSessionsThanTheServerAllows runs more commands at once than sshd's default
// MaxSessions (10) on one connection: the extra ones get connections of their own.
func TestSSHMoreSessionsThanTheServerAllows(t *testing.T) {
	e := setup(t)
	const n = 12
	results := make(chan executors.Result, n)
	for range n {
		go func() { results <- e.x.Run(context.Background(), task("key", "sleep 2"), executors.TaskIO{}) }()
	}
	for range n {
		if r := <-results; r.Status != workflows.AttemptSucceeded {
			t.Errorf("result %+v", r)
		}
	}
}

func TestRegister(t *testing.T) {
	reg := executors.NewRegistry()
	remote.Register(reg, nil)
	if _, ok := reg.Lookup(workflows.ActionSSH); !ok {
		t.Error("ssh executor not registered")
	}
}

func TestSSHKillOfSleepReturnsWellBeforeTheGrace(t *testing.T) {
	e := setup(t)
	x := &remote.SSH{Links: e.x.Links, KillGrace: 5 * time.Second}
	pidFile := filepath.Join(e.dir, "pid")
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan executors.Result, 1)
	go func() { done <- x.Run(ctx, task("key", "echo $$ > "+pidFile+"; exec sleep 30"), executors.TaskIO{}) }()
	pid := readPID(t, pidFile)
	start := time.Now()
	cancel(executors.ErrKilled)
	r := <-done
	took := time.Since(start)
	t.Logf("Run returned %v after the kill", took)
	if r.Status != workflows.AttemptKilled {
		t.Errorf("result %+v", r)
	}
	if took > 3*time.Second {
		t.Errorf("Run took %v: a command that dies on SIGTERM must not wait out the 5 s grace", took)
	}
	waitFor(t, 5*time.Second, "the remote sleep still runs", func() bool { return !alive(pid) })
}

func TestSSHQuotingSurvives(t *testing.T) {
	e := setup(t)
	var out syncBuffer
	r := e.x.Run(context.Background(), task("key", `echo 'it'"'"'s' "$HOME" \$x; echo "a  b"`), executors.TaskIO{Stdout: &out})
	if want := "it's " + e.acct.HomeDir + " $x\na  b\n"; r.Status != workflows.AttemptSucceeded || out.String() != want {
		t.Errorf("result %+v, stdout %q, want %q", r, out.String(), want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

// A writer that fails must not stall the command: 3 MB of output is more than the SSH
// window, so a stopped reader would block the remote process.
func TestSSHFailingWriterDoesNotStallTheCommand(t *testing.T) {
	e := setup(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r := e.x.Run(ctx, task("key", "head -c 3000000 /dev/zero; echo end"), executors.TaskIO{Stdout: failingWriter{}})
	if r.Status != workflows.AttemptSucceeded || !strings.Contains(r.Message, "output was lost: disk full") {
		t.Errorf("result %+v", r)
	}
}
