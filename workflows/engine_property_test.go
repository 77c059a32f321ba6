package workflows

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// engGen builds a random block-structured workflow: sequences, forks with their joins,
// actions with random retries, timeouts, is-ignore and error transitions (to the next node, to
// a handler, or to a kill node).
type engGen struct {
	b   *engB
	rng *rand.Rand
	n   int
}

func (g *engGen) name(prefix string) string { g.n++; return fmt.Sprintf("%s%d", prefix, g.n) }

// block adds a sub-graph whose exits lead to next and returns its entry.
func (g *engGen) block(depth int, next string) string {
	switch k := g.rng.IntN(10); {
	case depth > 0 && k < 3:
		return g.block(depth-1, g.block(depth-1, next))
	case depth > 0 && k < 6:
		f, j := g.name("f"), g.name("j")
		g.b.join(j, next)
		paths := make([]string, 2+g.rng.IntN(3))
		for i := range paths {
			paths[i] = g.block(depth-1, j)
		}
		g.b.fork(f, paths...)
		return f
	}
	return g.action(next)
}

func (g *engGen) action(next string) string {
	name := g.name("a")
	var opts []func(*Action)
	if g.rng.IntN(3) == 0 {
		opts = append(opts, engRetry(1+g.rng.IntN(2), time.Duration(g.rng.IntN(2))*5*time.Second))
	}
	if g.rng.IntN(4) == 0 {
		opts = append(opts, engTimeout(30*time.Second))
	}
	if g.rng.IntN(10) == 0 {
		opts = append(opts, engIgnore)
	}
	errTo := ""
	switch g.rng.IntN(5) {
	case 0:
		errTo = next
	case 1:
		errTo = "kill"
	case 2:
		errTo = g.name("h")
		g.b.act(errTo, next, "")
	}
	g.b.act(name, next, errTo, opts...)
	return name
}

func engRandomPlan(t *testing.T, rng *rand.Rand) *Plan {
	g := &engGen{b: engNew("random"), rng: rng}
	g.b.end("end").kill("kill", "killed by the workflow")
	g.b.start("start", g.block(3, "end"))
	return g.b.plan(t)
}

// Random workflows driven by random interleavings of results, timers, duplicates, stale
// events and the occasional kill: every status change is legal, the instance always finishes,
// and after every event the effects asked for so far agree with the state (what Restore would
// re-arm and re-send is exactly what is pending).
func TestEnginePropertyRandomOrders(t *testing.T) {
	seen := map[string]int{} // outcomes and notable effects, to show the test covers them
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 7))
		p := engRandomPlan(t, rng)
		h := engHarness(t, NewRun(p, InstanceSpec{ID: fmt.Sprint(seed)}))
		h.start()
		var history []Event
		for step := 0; !h.status().Terminal(); step++ {
			if step > 5000 {
				t.Fatalf("seed %d: no end after %d steps", seed, step)
			}
			if len(h.tasks) == 0 && len(h.timers) == 0 {
				t.Fatalf("seed %d: instance %s has nothing pending (hung)", seed, h.status())
			}
			ev := engRandomEvent(h, rng, history)
			h.tick(time.Duration(rng.IntN(3)) * time.Second)
			res, err := h.run.Apply(ev)
			if err != nil {
				t.Fatalf("seed %d: %s: %v", seed, ev.Kind(), err)
			}
			h.record(res)
			history = append(history, ev)
			engCheckConsistent(t, seed, h)
		}
		if t.Failed() {
			t.Fatalf("seed %d failed", seed)
		}
		h.expectIdle()
		seen[h.status().String()]++
		for _, line := range h.log {
			seen[strings.Fields(line)[0]+" "+strings.Fields(line)[1]]++
		}
	}
	for _, want := range []string{"succeeded", "failed", "killed", "timer retry", "timer timeout", "cancel a", "untimer retry"} {
		found := seen[want] > 0
		for k, n := range seen {
			found = found || (strings.HasPrefix(k, want) && n > 0)
		}
		if !found {
			t.Errorf("no random run produced %q: %v", want, seen)
		}
	}
}

// engRandomEvent picks the next event: mostly a real result or a due timer, sometimes noise.
func engRandomEvent(h *engH, rng *rand.Rand, history []Event) Event {
	switch k := rng.IntN(100); {
	case k < 5 && len(history) > 0:
		return history[rng.IntN(len(history))] // a duplicate, possibly very late
	case k < 8: // a result for a made-up attempt; it may happen to be a real one
		ev := TaskFailed{At: h.now, Node: fmt.Sprintf("a%d", rng.IntN(20)), Attempt: rng.IntN(4)}
		if n, ok := h.tasks[ev.Node]; ok && n == ev.Attempt {
			delete(h.tasks, ev.Node)
		}
		return ev
	case k < 9:
		return KillRequested{At: h.now, Reason: "random"}
	case k < 30 && len(h.timers) > 0:
		keys := engTimerKeys(h.timers)
		tm := keys[rng.IntN(len(keys))]
		at := h.timers[tm]
		delete(h.timers, tm)
		if at.After(h.now) {
			h.now = at
		}
		return TimerFired{At: h.now, Timer: tm}
	}
	if len(h.tasks) == 0 {
		keys := engTimerKeys(h.timers)
		tm := keys[0]
		delete(h.timers, tm)
		return TimerFired{At: h.now, Timer: tm}
	}
	nodes := engKeys(h.tasks)
	node := nodes[rng.IntN(len(nodes))]
	n := h.tasks[node]
	switch k := rng.IntN(10); {
	case k < 2:
		return TaskStarted{At: h.now, Node: node, Attempt: n, Worker: "w"}
	case k < 6:
		delete(h.tasks, node)
		return TaskSucceeded{At: h.now, Node: node, Attempt: n}
	case k < 9:
		delete(h.tasks, node)
		return TaskFailed{At: h.now, Node: node, Attempt: n, Message: "random failure"}
	default:
		delete(h.tasks, node)
		return TaskLost{At: h.now, Node: node, Attempt: n}
	}
}

func engTimerKeys(m map[Timer]time.Time) []Timer {
	keys := make([]Timer, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Timer) int {
		return cmp.Or(strings.Compare(a.Node, b.Node), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Visit, b.Visit))
	})
	return keys
}

// engCheckConsistent compares what the effects left pending with what the state says is
// pending, through a JSON round trip and Restore.
func engCheckConsistent(t *testing.T, seed uint64, h *engH) {
	t.Helper()
	blob, err := json.Marshal(h.run.Instance())
	if err != nil {
		t.Fatal(err)
	}
	var saved Instance
	if err := json.Unmarshal(blob, &saved); err != nil {
		t.Fatal(err)
	}
	_, rec, err := Restore(h.run.Plan(), &saved)
	if err != nil {
		t.Fatalf("seed %d: restore: %v", seed, err)
	}
	timers := map[Timer]time.Time{}
	for _, e := range rec.Effects {
		st := e.(SetTimer)
		timers[st.Timer] = st.At
	}
	if !reflect.DeepEqual(timers, h.timers) {
		t.Fatalf("seed %d: state expects timers %v, effects left %v", seed, timers, h.timers)
	}
	tasks := map[string]int{}
	for _, f := range rec.InFlight {
		tasks[f.Node] = f.Attempt
	}
	if !reflect.DeepEqual(tasks, h.tasks) {
		t.Fatalf("seed %d: state expects attempts %v, effects left %v", seed, tasks, h.tasks)
	}
}
