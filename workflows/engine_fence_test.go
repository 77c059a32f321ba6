package workflows

import (
	"testing"
	"time"
)

func TestEngineKillRequest(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "a", "b", "c").
		act("a", "j", "", engRetry(1, time.Minute)).act("b", "j", "").act("c", "j", "").
		join("j", "e").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.fail("a", "x")
	h.started("b")
	h.succeed("c")
	h.apply(KillRequested{At: h.now, Reason: "operator"})
	h.expectEffects("untimer retry a", "cancel b#1", "finished killed: killed on request: operator")
	h.expectNodes("a=killed", "b=killed", "c=succeeded", "j=prep")
	h.expectIdle()

	before := engJSON(t, h.run.Instance())
	res, err := h.run.Apply(KillRequested{At: h.now})
	if CodeOf(err) != CodeConflict || len(res.Effects) > 0 || len(res.Changed) > 0 {
		t.Errorf("second kill: err %v, result %+v; want conflict and nothing", err, res)
	}
	if engJSON(t, h.run.Instance()) != before {
		t.Error("second kill changed the instance")
	}
}

func TestEngineKillPrepInstance(t *testing.T) {
	p := engNew("w").start("s", "a").act("a", "e", "").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.apply(KillRequested{At: h.now})
	h.expectEffects("finished killed: killed on request")
	if _, err := h.run.Apply(Start{At: h.now}); CodeOf(err) != CodeConflict {
		t.Errorf("start after kill: %v, want conflict", err)
	}
}

func TestEngineStartTwiceConflicts(t *testing.T) {
	p := engNew("w").start("s", "a").act("a", "e", "").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	if res, err := h.run.Apply(Start{At: h.now}); CodeOf(err) != CodeConflict || len(res.Effects) > 0 {
		t.Errorf("second start: %v %+v", err, res)
	}
}

// Every event below must be ignored: no effect, no changed record, state identical.
func TestEngineFencing(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "a", "b").
		act("a", "j", "", engRetry(2, time.Minute), engTimeout(time.Hour)).act("b", "j", "").
		join("j", "e").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))

	ignored := func(what string, ev Event) {
		t.Helper()
		before := engJSON(t, h.run.Instance())
		res, err := h.run.Apply(ev)
		if err != nil || res.Ignored == "" || len(res.Effects) > 0 || len(res.Changed) > 0 || res.Header {
			t.Errorf("%s: err %v, result %+v; want ignored", what, err, res)
		}
		if engJSON(t, h.run.Instance()) != before {
			t.Errorf("%s changed the instance", what)
		}
	}

	ignored("a result before start", TaskSucceeded{At: h.now, Node: "a", Attempt: 1})
	h.start()
	ignored("unknown node", TaskSucceeded{At: h.now, Node: "nope", Attempt: 1})
	ignored("a control node", TaskSucceeded{At: h.now, Node: "j", Attempt: 1})
	ignored("an attempt never dispatched", TaskFailed{At: h.now, Node: "a", Attempt: 2})
	ignored("a timer for a node that is not waiting", TimerFired{At: h.now, Timer: Timer{Kind: TimerRetry, Node: "a", Visit: 1, Attempt: 2}})
	ignored("a timeout of another visit", TimerFired{At: h.now, Timer: Timer{Kind: TimerTimeout, Node: "a", Visit: 2}})

	// Reordered: the result arrives before the acknowledgement; the late ack is ignored.
	h.succeed("b")
	ignored("TaskStarted after the result", TaskStarted{At: h.now, Node: "b", Attempt: 1, Worker: "w9"})
	ignored("duplicate TaskSucceeded", TaskSucceeded{At: h.now, Node: "b", Attempt: 1})
	ignored("TaskFailed after success", TaskFailed{At: h.now, Node: "b", Attempt: 1})

	h.started("a")
	ignored("duplicate TaskStarted", TaskStarted{At: h.now, Node: "a", Attempt: 1, Worker: "w1"})
	h.fail("a", "1")
	stale := Timer{Kind: TimerRetry, Node: "a", Visit: 1, Attempt: 2}
	h.fire(TimerRetry, "a") // dispatches attempt 2
	ignored("the retry timer delivered twice", TimerFired{At: h.now, Timer: stale})
	ignored("a late result of attempt 1", TaskSucceeded{At: h.now, Node: "a", Attempt: 1})
	ignored("a late loss of attempt 1", TaskLost{At: h.now, Node: "a", Attempt: 1})

	h.succeed("a")
	h.expectEffects("untimer timeout a", "finished succeeded")
	ignored("anything after the end", TaskFailed{At: h.now, Node: "a", Attempt: 2})
	ignored("a timeout after the end", TimerFired{At: h.now, Timer: Timer{Kind: TimerTimeout, Node: "a", Visit: 1}})
}

func TestEngineAttemptsEndedByTheEngineHaveNoExitCode(t *testing.T) {
	p := engNew("w").start("s", "a").act("a", "e", "").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.apply(KillRequested{At: h.now, Reason: "test"})
	if got := h.node("a").Attempts[0]; got.Status != AttemptKilled || got.ExitCode != NoExitCode {
		t.Errorf("killed attempt: %v exit %d, want killed exit %d", got.Status, got.ExitCode, NoExitCode)
	}
	h2 := engHarness(t, NewRun(p, InstanceSpec{ID: "j"}))
	h2.start()
	h2.lose("a")
	if got := h2.node("a").Attempts[0]; got.Status != AttemptLost || got.ExitCode != NoExitCode {
		t.Errorf("lost attempt: %v exit %d, want lost exit %d", got.Status, got.ExitCode, NoExitCode)
	}
}
