package workflows

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// engB builds workflows in Go for engine tests (the XML reader is written elsewhere).
type engB struct{ w *Workflow }

func engNew(name string) *engB { return &engB{w: &Workflow{Name: name, InstanceLimit: 1}} }

func (b *engB) add(n *Node) *engB { b.w.Nodes = append(b.w.Nodes, n); return b }

func (b *engB) start(name, to string) *engB {
	return b.add(&Node{Name: name, Kind: KindStart, To: to})
}
func (b *engB) end(name string) *engB { return b.add(&Node{Name: name, Kind: KindEnd}) }
func (b *engB) kill(name, msg string) *engB {
	return b.add(&Node{Name: name, Kind: KindKill, Message: msg})
}
func (b *engB) fork(name string, paths ...string) *engB {
	return b.add(&Node{Name: name, Kind: KindFork, Paths: paths})
}
func (b *engB) join(name, to string) *engB {
	return b.add(&Node{Name: name, Kind: KindJoin, To: to})
}

// act adds a shell action; opts adjust its attributes.
func (b *engB) act(name, ok, errTo string, opts ...func(*Action)) *engB {
	a := &Action{Type: ActionShell, Ok: ok, Error: errTo, Shell: &ShellBody{Command: "true"}}
	for _, o := range opts {
		o(a)
	}
	return b.add(&Node{Name: name, Kind: KindAction, Action: a})
}

func engRetry(times int, interval time.Duration) func(*Action) {
	return func(a *Action) { a.RetryTimes, a.Interval = times, interval }
}
func engTimeout(d time.Duration) func(*Action) { return func(a *Action) { a.Timeout = d } }
func engIgnore(a *Action)                      { a.IsIgnore = true }

func (b *engB) plan(t testing.TB) *Plan {
	t.Helper()
	p, err := NewPlan(b.w)
	if err != nil {
		t.Fatalf("NewPlan: %v", err)
	}
	return p
}

var engT0 = time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)

// engH drives one Run as a supervisor would: it keeps the timers and attempts the effects
// asked for, checks every status change against the transition tables, and keeps a log.
type engH struct {
	t      testing.TB
	run    *Run
	now    time.Time
	last   Result
	timers map[Timer]time.Time
	tasks  map[string]int // node → attempt dispatched and not cancelled
	log    []string       // effects, rendered, in order
	moves  []engTransition
}

func engHarness(t testing.TB, r *Run) *engH {
	h := &engH{t: t, run: r, now: engT0, timers: map[Timer]time.Time{}, tasks: map[string]int{}}
	h.watch()
	return h
}

// watch installs the transition check on the current run.
func (h *engH) watch() {
	h.run.observe = func(tr engTransition) {
		h.moves = append(h.moves, tr)
		if err := engCheckMove(tr); err != nil {
			h.t.Errorf("illegal transition: %v", err)
		}
	}
}

// engCheckMove checks one move against status.go's tables.
func engCheckMove(tr engTransition) error {
	var ok bool
	var from, to fmt.Stringer
	switch {
	case tr.Node == "":
		ok, from, to = InstanceStatus(tr.From).CanTransition(InstanceStatus(tr.To)), InstanceStatus(tr.From), InstanceStatus(tr.To)
	case tr.Attempt > 0:
		ok, from, to = AttemptStatus(tr.From).CanTransition(AttemptStatus(tr.To)), AttemptStatus(tr.From), AttemptStatus(tr.To)
	default:
		ok, from, to = NodeStatus(tr.From).CanTransition(NodeStatus(tr.To)), NodeStatus(tr.From), NodeStatus(tr.To)
	}
	if !ok {
		return fmt.Errorf("%s attempt %d: %s → %s", tr.Node, tr.Attempt, from, to)
	}
	return nil
}

func (h *engH) tick(d time.Duration) *engH { h.now = h.now.Add(d); return h }

// apply feeds ev and records its effects; it fails the test on an error.
func (h *engH) apply(ev Event) Result {
	h.t.Helper()
	res, err := h.run.Apply(ev)
	if err != nil {
		h.t.Fatalf("%s: %v", ev.Kind(), err)
	}
	h.record(res)
	return res
}

func (h *engH) record(res Result) {
	h.last = res
	for _, e := range res.Effects {
		h.log = append(h.log, engRender(e))
		switch e := e.(type) {
		case Dispatch:
			h.tasks[e.Node] = e.Attempt
		case CancelTask:
			delete(h.tasks, e.Node)
		case SetTimer:
			h.timers[e.Timer] = e.At
		case CancelTimer:
			if _, ok := h.timers[e.Timer]; !ok {
				h.t.Errorf("CancelTimer for a timer never set: %+v", e.Timer)
			}
			delete(h.timers, e.Timer)
		}
	}
}

func (h *engH) start() Result { return h.apply(Start{At: h.now}) }

func (h *engH) attempt(node string) int {
	h.t.Helper()
	n, ok := h.tasks[node]
	if !ok {
		h.t.Fatalf("no attempt of %q is dispatched (tasks %v)", node, h.tasks)
	}
	return n
}

func (h *engH) started(node string) Result {
	return h.apply(TaskStarted{At: h.now, Node: node, Attempt: h.attempt(node), Worker: "w1"})
}

func (h *engH) succeed(node string, outputs ...string) Result {
	h.t.Helper()
	out := map[string]string{}
	for i := 0; i+1 < len(outputs); i += 2 {
		out[outputs[i]] = outputs[i+1]
	}
	n := h.attempt(node)
	delete(h.tasks, node)
	return h.apply(TaskSucceeded{At: h.now, Node: node, Attempt: n, Outputs: out})
}

func (h *engH) fail(node, msg string) Result {
	h.t.Helper()
	n := h.attempt(node)
	delete(h.tasks, node)
	return h.apply(TaskFailed{At: h.now, Node: node, Attempt: n, Message: msg, ExitCode: 1})
}

func (h *engH) lose(node string) Result {
	h.t.Helper()
	n := h.attempt(node)
	delete(h.tasks, node)
	return h.apply(TaskLost{At: h.now, Node: node, Attempt: n, Reason: "worker w1 left the cluster"})
}

// fire delivers the pending timer of that kind for node, at its time.
func (h *engH) fire(kind TimerKind, node string) Result {
	h.t.Helper()
	for tm, at := range h.timers {
		if tm.Kind == kind && tm.Node == node {
			delete(h.timers, tm)
			if at.After(h.now) {
				h.now = at
			}
			return h.apply(TimerFired{At: h.now, Timer: tm})
		}
	}
	h.t.Fatalf("no %s timer pending for %q (timers %v)", kind, node, h.timers)
	return Result{}
}

func (h *engH) status() InstanceStatus { return h.run.Instance().Status }

func (h *engH) node(name string) NodeRun {
	h.t.Helper()
	n, ok := h.run.NodeRun(name)
	if !ok {
		h.t.Fatalf("no node %q", name)
	}
	return n
}

// expectNodes checks node statuses, given as "name=status" pairs.
func (h *engH) expectNodes(pairs ...string) {
	h.t.Helper()
	for _, p := range pairs {
		name, want, _ := strings.Cut(p, "=")
		if got := h.node(name).Status.String(); got != want {
			h.t.Errorf("node %s is %s, want %s", name, got, want)
		}
	}
}

// expectEffects checks the last Apply's effects, rendered.
func (h *engH) expectEffects(want ...string) {
	h.t.Helper()
	got := make([]string, len(h.last.Effects))
	for i, e := range h.last.Effects {
		got[i] = engRender(e)
	}
	if !slices.Equal(got, want) {
		h.t.Errorf("effects:\n got  %q\n want %q", got, want)
	}
}

// expectIdle checks that the instance finished and nothing is left running or pending.
func (h *engH) expectIdle() {
	h.t.Helper()
	if !h.status().Terminal() {
		h.t.Errorf("instance is %s, want finished", h.status())
	}
	if len(h.tasks) > 0 || len(h.timers) > 0 {
		h.t.Errorf("left behind: tasks %v timers %v", h.tasks, h.timers)
	}
	for _, n := range h.run.Instance().Nodes {
		if n.Status == NodeRunning || n.Status == NodeUpForRetry {
			h.t.Errorf("node %s still %s", n.Name, n.Status)
		}
		for _, a := range n.Attempts {
			if !a.Status.Terminal() {
				h.t.Errorf("attempt %d of %s still %s", a.Number, n.Name, a.Status)
			}
		}
	}
}

// engRender prints an effect compactly: "dispatch a#1", "cancel a#2", "timer retry a@+10s",
// "untimer timeout a", "finished failed: …".
func engRender(e Effect) string {
	switch e := e.(type) {
	case Dispatch:
		return fmt.Sprintf("dispatch %s#%d", e.Node, e.Attempt)
	case CancelTask:
		return fmt.Sprintf("cancel %s#%d", e.Node, e.Attempt)
	case SetTimer:
		return fmt.Sprintf("timer %s %s@+%s", e.Timer.Kind, e.Timer.Node, e.At.Sub(engT0))
	case CancelTimer:
		return fmt.Sprintf("untimer %s %s", e.Timer.Kind, e.Timer.Node)
	case Finished:
		if e.Message == "" {
			return "finished " + e.Status.String()
		}
		return fmt.Sprintf("finished %s: %s", e.Status, e.Message)
	}
	return fmt.Sprintf("%T", e)
}

// engJSON serialises an instance canonically (for equality of states).
func engJSON(t testing.TB, inst *Instance) string {
	t.Helper()
	b, err := json.Marshal(inst)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// engKeys lists a map's keys sorted (stable messages).
func engKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
