package monitor

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// virtualClock advances by exactly the asked duration whenever something waits on it, after
// running the hook (which may change the world "during" the wait). Nothing sleeps.
type virtualClock struct {
	mu     sync.Mutex
	now    time.Time
	waits  []time.Duration
	onWait func(n int) // n: 1-based number of this wait
	block  bool        // waits never end (for cancel tests)
}

func newVirtualClock() *virtualClock {
	return &virtualClock{now: time.Date(2024, 5, 1, 1, 0, 0, 0, time.UTC)}
}

func (c *virtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *virtualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	n, hook, block := len(c.waits), c.onWait, c.block
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if block {
		return ch
	}
	if hook != nil {
		hook(n)
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	ch <- c.now
	c.mu.Unlock()
	return ch
}

func (c *virtualClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

func deps(t *testing.T, c *virtualClock) Deps {
	return Deps{Exec: executors.Config{WorkRoot: t.TempDir(), KillGrace: time.Second}, Now: c.Now, After: c.After}
}

func runAction(t *testing.T, ctx context.Context, d Deps, a *workflows.Action) (executors.Result, string) {
	t.Helper()
	reg := executors.NewRegistry()
	Register(reg, d)
	var out bytes.Buffer
	res := reg.Run(ctx, executors.Task{InstanceID: "i-1", Workflow: "wf", Node: "mon", Attempt: 1, Action: a},
		executors.TaskIO{Stdout: &out})
	return res, out.String()
}
