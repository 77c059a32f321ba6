package executors

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

func TestShell(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	x := NewShell(cfg)
	task := shellTask(`echo "$PWD $ACTORFLOW_NODE ${BASH_VERSION:-sh}"; cat in.txt; echo k=v > "$ACTORFLOW_OUTPUT"`)
	task.Attachments = []Attachment{{Name: "in.txt", Data: []byte("from attachment\n")}}
	r, out, _ := runCaptured(t, x, context.Background(), task)
	want := AttemptDir(cfg.WorkRoot, task) + " node sh\nfrom attachment\n"
	if r.Status != workflows.AttemptSucceeded || out != want || r.Outputs["k"] != "v" {
		t.Fatalf("got %s %q outputs %v stdout %q, want %q", r.Status, r.Message, r.Outputs, out, want)
	}

	r, _, _ = runCaptured(t, x, context.Background(), shellTask("echo nope >&2; exit 4"))
	if r.Status != workflows.AttemptFailed || r.ExitCode != 4 || r.Message != "exit code 4\nlast stderr lines:\nnope" {
		t.Fatalf("got %s %d %q", r.Status, r.ExitCode, r.Message)
	}

	noBody := shellTask("true")
	noBody.Action.Shell = nil
	if r := x.Run(context.Background(), noBody, TaskIO{}); r.Status != workflows.AttemptFailed {
		t.Fatalf("shell task without a body: %s %q", r.Status, r.Message)
	}
}

func TestShellKill(t *testing.T) {
	t.Parallel()
	x := NewShell(testConfig(t))
	ctx, cancel := context.WithCancelCause(context.Background())
	ready := newSignalWriter("ready")
	done := runAsync(ctx, x, shellTask("trap '' TERM; echo ready; while :; do sleep 0.05; done"), TaskIO{Stdout: ready})
	waitSeen(t, ready)
	cancel(ErrKilled)
	if r := waitResult(t, done); r.Status != workflows.AttemptKilled {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// A broken output writer neither blocks the task (1 MB is far more than a pipe holds) nor
// fails it; the message says output was lost.
func TestFailingWriterDoesNotBlockTheTask(t *testing.T) {
	t.Parallel()
	x := NewShell(testConfig(t))
	r := x.Run(context.Background(), shellTask("head -c 1000000 /dev/zero"), TaskIO{Stdout: failingWriter{}})
	if r.Status != workflows.AttemptSucceeded || !strings.Contains(r.Message, "writing stdout failed, the rest of it was dropped: disk full") {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
}
