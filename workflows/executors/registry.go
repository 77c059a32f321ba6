package executors

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/actorflow/actorflow/workflows"
)

// Registry maps action types to executors. It is itself an Executor: Run dispatches on
// t.Action.Type. Safe for concurrent use.
type Registry struct {
	mu sync.RWMutex
	m  map[workflows.ActionType]Executor
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{m: map[workflows.ActionType]Executor{}} }

// DefaultRegistry returns a registry with the script and shell executors built from cfg.
func DefaultRegistry(cfg Config) *Registry {
	r := NewRegistry()
	r.Register(workflows.ActionScript, NewScript(cfg))
	r.Register(workflows.ActionShell, NewShell(cfg))
	return r
}

// Register sets the executor for an action type, replacing any earlier one.
func (r *Registry) Register(typ workflows.ActionType, e Executor) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[typ] = e
}

// Lookup returns the executor for an action type.
func (r *Registry) Lookup(typ workflows.ActionType) (Executor, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.m[typ]
	return e, ok
}

// Types lists the registered action types, sorted.
func (r *Registry) Types() []workflows.ActionType {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]workflows.ActionType, 0, len(r.m))
	for t := range r.m {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// Run dispatches to the executor for t's action type. An unknown type, a missing action or
// a panicking executor becomes a failed Result, so one bad task cannot take the worker down.
func (r *Registry) Run(ctx context.Context, t Task, tio TaskIO) (res Result) {
	if t.Action == nil {
		return failed("task %s/%s attempt %d has no action", t.InstanceID, t.Node, t.Attempt)
	}
	e, ok := r.Lookup(t.Action.Type)
	if !ok {
		var names []string
		for _, typ := range r.Types() {
			names = append(names, string(typ))
		}
		if len(names) == 0 {
			return failed("unsupported action type %q: this worker has no executors", t.Action.Type)
		}
		return failed("unsupported action type %q: this worker runs only %s",
			t.Action.Type, strings.Join(names, ", "))
	}
	defer func() {
		if p := recover(); p != nil {
			res = failed("%s executor panicked: %v", t.Action.Type, p)
		}
	}()
	return e.Run(ctx, t, tio)
}
