package workflows

import (
	"strings"
	"testing"
	"time"
)

// akkaflow's wf_loop_job: a1 error→a2, a2 ok→a1, until a1 succeeds.
func TestEngineLoopWfLoopJob(t *testing.T) {
	p := engNew("wf_loop_job").start("start", "a1").
		act("a1", "end", "a2", engTimeout(10*time.Second)).act("a2", "a1", "").end("end").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.expectEffects("dispatch a1#1", "timer timeout a1@+10s")
	h.tick(time.Second).fail("a1", "7 != 3")
	h.expectEffects("untimer timeout a1", "dispatch a2#1")
	h.tick(time.Second).succeed("a2")
	h.expectEffects("dispatch a1#2", "timer timeout a1@+12s")

	// The second visit times out and also takes the error transition.
	h.fire(TimerTimeout, "a1")
	h.expectEffects("cancel a1#2", "dispatch a2#2")
	// A stale timeout of visit 1 must not touch visit 3.
	h.succeed("a2")
	h.expectEffects("dispatch a1#3", "timer timeout a1@+22s")
	if res, _ := h.run.Apply(TimerFired{At: h.now, Timer: Timer{Kind: TimerTimeout, Node: "a1", Visit: 1}}); res.Ignored == "" {
		t.Errorf("stale timeout of visit 1 applied: %+v", res)
	}
	h.succeed("a1")
	h.expectEffects("untimer timeout a1", "finished succeeded")

	a1 := h.node("a1")
	if a1.Visit != 3 || len(a1.Attempts) != 3 {
		t.Fatalf("a1: visit %d, attempts %+v", a1.Visit, a1.Attempts)
	}
	for k, at := range a1.Attempts {
		if at.Number != k+1 || at.Visit != k+1 {
			t.Errorf("a1 attempt %d: number %d visit %d", k, at.Number, at.Visit)
		}
	}
	if a2 := h.node("a2"); a2.Visit != 2 || a2.Status != NodeSucceeded {
		t.Errorf("a2: visit %d status %s", a2.Visit, a2.Status)
	}
	h.expectIdle()
}

func TestEngineLoopResetsJoins(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "a", "b").
		act("a", "j", "").act("b", "j", "").join("j", "c").act("c", "e", "f").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.succeed("a")
	h.succeed("b")
	h.expectEffects("dispatch c#1")
	h.fail("c", "again")
	h.expectEffects("dispatch a#2", "dispatch b#2")
	h.expectNodes("j=succeeded")
	h.succeed("b")
	h.expectEffects()
	h.expectNodes("j=prep")
	h.succeed("a")
	h.expectEffects("dispatch c#2")
	h.succeed("c")
	h.expectEffects("finished succeeded")
	if j := h.node("j"); j.Visit != 2 || j.Status != NodeSucceeded {
		t.Errorf("join: visit %d status %s", j.Visit, j.Status)
	}
}

// A predecessor that reaches a join twice in one round counts once.
func TestEngineJoinCountsDistinctPredecessors(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "a", "x", "b").
		act("a", "j", "").act("x", "a", "").act("b", "j", "").
		join("j", "c").act("c", "e", "").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.succeed("a")
	h.succeed("x")
	h.expectEffects("dispatch a#2")
	h.succeed("a")
	h.expectEffects() // a already counted: j still waits for b
	h.expectNodes("j=prep")
	h.succeed("b")
	h.expectEffects("dispatch c#1")
}

// Two branches reaching the same action while it runs: it runs once.
func TestEngineArrivalAtRunningActionMerges(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "x", "y").
		act("x", "a", "").act("y", "a", "").act("a", "e", "").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.succeed("x")
	h.expectEffects("dispatch a#1")
	h.succeed("y")
	h.expectEffects()
	h.succeed("a")
	h.expectEffects("finished succeeded")
}

func TestEngineIsIgnore(t *testing.T) {
	p := engNew("w").start("s", "a").act("a", "b", "", engIgnore).act("b", "e", "").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.expectEffects("dispatch b#1")
	a := h.node("a")
	if a.Status != NodeSkipped || a.Message != "ignored (is-ignore)" || !a.Started.IsZero() || len(a.Attempts) > 0 {
		t.Errorf("ignored node: %+v", a)
	}
}

func TestEngineQuiescence(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "a", "b").
		act("a", "j", "").act("b", "j", "h").act("h", "j", "").join("j", "e").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.succeed("a")
	h.fail("b", "bad")
	h.expectEffects("dispatch h#1")
	h.succeed("h")
	h.expectEffects(`finished failed: no path reached an end; join "j" waits for "b"`)
	j := h.node("j")
	if j.Status != NodeUpstreamFailed || !strings.Contains(j.Message, `"b"`) {
		t.Errorf("join: %s %q", j.Status, j.Message)
	}
	h.expectIdle()
}

func TestEngineQuiescenceAtStart(t *testing.T) {
	// Everything is ignored and the only path ends at a join that waits for an action no
	// path reaches.
	p := engNew("w").start("s", "a").act("a", "j", "", engIgnore).act("orphan", "j", "").
		join("j", "e").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.expectEffects(`finished failed: no path reached an end; join "j" waits for "orphan"`)
}

func TestEngineControlLoopFailsInsteadOfHanging(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "j").join("j", "f").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	if h.status() != InstanceFailed || !strings.Contains(h.run.Instance().Message, "loops through control nodes") {
		t.Errorf("instance %s %q", h.status(), h.run.Instance().Message)
	}
}
