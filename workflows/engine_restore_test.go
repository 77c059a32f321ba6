package workflows

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"
)

// engRecording is an uninterrupted run: the events applied and, after each, its results,
// the pending timers and the in-flight attempts.
type engRecording struct {
	events   []Event
	results  []Result
	timers   []map[Timer]time.Time // after event k
	inflight [][]InFlight
	final    string
}

func engRecordScenario(t *testing.T, p *Plan) engRecording {
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i", Params: map[string]string{"k": "v"}}))
	var rec engRecording
	apply := func(ev Event) {
		rec.events = append(rec.events, ev)
		rec.results = append(rec.results, h.apply(ev))
		rec.timers = append(rec.timers, maps.Clone(h.timers))
		rec.inflight = append(rec.inflight, h.run.InFlight())
	}
	// done takes node's dispatched attempt off the harness and returns its number.
	done := func(node string) int { n := h.attempt(node); delete(h.tasks, node); return n }
	ok := func(node string) { apply(TaskSucceeded{At: h.now, Node: node, Attempt: done(node)}) }
	failed := func(node string) { apply(TaskFailed{At: h.now, Node: node, Attempt: done(node), Message: "x"}) }

	apply(Start{At: h.now})
	apply(TaskStarted{At: h.tick(time.Second).now, Node: "a", Attempt: h.attempt("a"), Worker: "w1"})
	failed("a") // a waits 10s for its retry
	apply(TaskStarted{At: h.tick(time.Second).now, Node: "b", Attempt: h.attempt("b"), Worker: "w2"})
	for tm, when := range h.timers {
		if tm.Kind == TimerRetry {
			delete(h.timers, tm)
			h.now = when
			apply(TimerFired{At: when, Timer: tm})
		}
	}
	failed("b") // → h → b again
	ok("h")
	ok("b")
	apply(TaskSucceeded{At: h.now, Node: "a", Attempt: done("a"), Outputs: map[string]string{"o": "1"}})
	failed("c") // → f: the fork and its join run a second round
	ok("a")
	apply(TaskLost{At: h.now, Node: "b", Attempt: done("b")})
	ok("h")
	ok("b")
	ok("c")
	if h.status() != InstanceSucceeded {
		t.Fatalf("scenario ends %s: %s", h.status(), h.run.Instance().Message)
	}
	rec.final = engJSON(t, h.run.Instance())
	return rec
}

// Interrupting a run after any event — JSON round trip, Restore, continue — gives exactly
// the state and effects of the uninterrupted run, and Restore re-arms exactly the timers and
// reports exactly the attempts that were pending.
func TestEngineRestoreEquivalence(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "a", "b").
		act("a", "j", "", engRetry(2, 10*time.Second), engTimeout(time.Minute)).
		act("b", "j", "h").act("h", "b", "").join("j", "c").act("c", "e", "f").end("e").plan(t)
	rec := engRecordScenario(t, p)
	sawRetry := false
	for _, tm := range rec.timers {
		for k := range tm {
			sawRetry = sawRetry || k.Kind == TimerRetry
		}
	}
	if !sawRetry {
		t.Fatal("the scenario never waits for a retry: it would not test re-arming")
	}

	for k := 1; k < len(rec.events); k++ {
		r := NewRun(p, InstanceSpec{ID: "i", Params: map[string]string{"k": "v"}})
		for _, ev := range rec.events[:k] {
			if _, err := r.Apply(ev); err != nil {
				t.Fatal(err)
			}
		}
		blob, err := json.Marshal(r.Instance())
		if err != nil {
			t.Fatal(err)
		}
		var saved Instance
		if err := json.Unmarshal(blob, &saved); err != nil {
			t.Fatal(err)
		}
		restored, recov, err := Restore(p, &saved)
		if err != nil {
			t.Fatalf("after %d events: %v", k, err)
		}
		timers := map[Timer]time.Time{}
		for _, e := range recov.Effects {
			st, ok := e.(SetTimer)
			if !ok {
				t.Fatalf("after %d events: Restore returned %T", k, e)
			}
			timers[st.Timer] = st.At
		}
		if !reflect.DeepEqual(timers, rec.timers[k-1]) {
			t.Errorf("after %d events: re-armed timers %v, want %v", k, timers, rec.timers[k-1])
		}
		if !slices.Equal(recov.InFlight, rec.inflight[k-1]) {
			t.Errorf("after %d events: in flight %v, want %v", k, recov.InFlight, rec.inflight[k-1])
		}
		for m, ev := range rec.events[k:] {
			res, err := restored.Apply(ev)
			if err != nil {
				t.Fatal(err)
			}
			if want := rec.results[k+m]; !reflect.DeepEqual(engRendered(res), engRendered(want)) {
				t.Errorf("restored after %d, event %d (%s): effects %v, want %v", k, k+m, ev.Kind(), engRendered(res), engRendered(want))
			}
		}
		if got := engJSON(t, restored.Instance()); got != rec.final {
			t.Errorf("restored after %d events: final state differs\n got  %s\n want %s", k, got, rec.final)
		}
	}
}

func engRendered(res Result) []string {
	out := []string{res.Ignored}
	for _, e := range res.Effects {
		out = append(out, engRender(e))
	}
	return append(out, res.Changed...)
}

func TestEngineRestoreRefusesAnotherPlan(t *testing.T) {
	p := engNew("w").start("s", "a").act("a", "e", "").end("e").plan(t)
	q := engNew("w").start("s", "b").act("b", "e", "").end("e").plan(t)
	inst := NewRun(p, InstanceSpec{ID: "i"}).Instance()
	if _, _, err := Restore(q, inst); CodeOf(err) != CodeInvalid {
		t.Errorf("restore with a different definition: %v, want invalid", err)
	}
	if _, _, err := Restore(p, nil); CodeOf(err) != CodeInvalid {
		t.Errorf("restore nil: %v", err)
	}
}
