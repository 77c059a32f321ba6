package executors

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

type panicky struct{}

func (panicky) Run(context.Context, Task, TaskIO) Result { panic("boom") }

func TestRegistry(t *testing.T) {
	t.Parallel()
	reg := DefaultRegistry(testConfig(t))
	if got := reg.Types(); !slices.Equal(got, []workflows.ActionType{workflows.ActionScript, workflows.ActionShell}) {
		t.Fatalf("types %v", got)
	}
	var x Executor = reg // a registry is an executor itself
	if r := x.Run(context.Background(), shellTask("exit 0"), TaskIO{}); r.Status != workflows.AttemptSucceeded {
		t.Fatalf("shell through the registry: %s %q", r.Status, r.Message)
	}
	if r := x.Run(context.Background(), scriptTask("exit 0"), TaskIO{}); r.Status != workflows.AttemptSucceeded {
		t.Fatalf("script through the registry: %s %q", r.Status, r.Message)
	}

	sql := shellTask("")
	sql.Action = &workflows.Action{Type: workflows.ActionSQL}
	r := x.Run(context.Background(), sql, TaskIO{})
	if r.Status != workflows.AttemptFailed || r.Message != `unsupported action type "sql": this worker runs only script, shell` {
		t.Fatalf("unknown type: %s %q", r.Status, r.Message)
	}

	none := shellTask("")
	none.Action = nil
	if r := x.Run(context.Background(), none, TaskIO{}); r.Status != workflows.AttemptFailed {
		t.Fatalf("no action: %s %q", r.Status, r.Message)
	}

	reg.Register(workflows.ActionSQL, panicky{})
	r = x.Run(context.Background(), sql, TaskIO{})
	if r.Status != workflows.AttemptFailed || !strings.Contains(r.Message, "sql executor panicked: boom") {
		t.Fatalf("panicking executor: %s %q", r.Status, r.Message)
	}
}
