package workflows

import (
	"testing"
	"time"
)

func TestEngineRetryFailTwiceThenSucceed(t *testing.T) {
	p := engNew("w").start("s", "a").act("a", "e", "", engRetry(2, 10*time.Second)).end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.tick(time.Second).fail("a", "try 1")
	h.expectEffects("timer retry a@+11s")
	h.expectNodes("a=up_for_retry")
	if n := h.node("a"); !n.RetryAt.Equal(engT0.Add(11*time.Second)) || n.Message != "try 1" {
		t.Errorf("a waiting: retry at %v, message %q", n.RetryAt, n.Message)
	}
	h.fire(TimerRetry, "a")
	h.expectEffects("dispatch a#2")
	h.expectNodes("a=running")
	h.fail("a", "try 2")
	h.expectEffects("timer retry a@+21s")
	h.fire(TimerRetry, "a")
	h.expectEffects("dispatch a#3")
	h.succeed("a")
	h.expectEffects("finished succeeded")

	a := h.node("a")
	want := []AttemptStatus{AttemptFailed, AttemptFailed, AttemptSucceeded}
	if len(a.Attempts) != 3 {
		t.Fatalf("attempts %+v", a.Attempts)
	}
	for k, at := range a.Attempts {
		if at.Number != k+1 || at.Visit != 1 || at.Status != want[k] {
			t.Errorf("attempt %d = %+v, want number %d visit 1 %s", k, at, k+1, want[k])
		}
	}
	if a.Attempts[0].ExitCode != 1 || a.Attempts[1].Message != "try 2" {
		t.Errorf("failed attempts keep exit code and message: %+v", a.Attempts[:2])
	}
	h.expectIdle()
}

func TestEngineRetryWithoutIntervalDispatchesAtOnce(t *testing.T) {
	p := engNew("w").start("s", "a").act("a", "e", "", engRetry(1, 0)).end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.fail("a", "x")
	h.expectEffects("dispatch a#2")
	h.expectNodes("a=running")
	h.fail("a", "y")
	h.expectEffects(`finished failed: node "a" failed: y`)
}

func TestEngineExponentialBackoff(t *testing.T) {
	p := engNew("w").start("s", "a").act("a", "e", "", func(a *Action) {
		a.RetryTimes, a.Interval, a.Backoff, a.MaxInterval = 5, time.Second, BackoffExponential, 5*time.Second
	}).end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	var delays []time.Duration
	for range 5 {
		h.fail("a", "again")
		for tm, at := range h.timers {
			if tm.Kind == TimerRetry {
				delays = append(delays, at.Sub(h.now))
			}
		}
		h.fire(TimerRetry, "a")
	}
	want := []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if len(delays) != len(want) {
		t.Fatalf("delays %v, want %v", delays, want)
	}
	for k := range want {
		if delays[k] != want[k] {
			t.Errorf("delay before attempt %d = %v, want %v", k+2, delays[k], want[k])
		}
	}
	h.fail("a", "last")
	h.expectEffects(`finished failed: node "a" failed: last`)
	if n := len(h.node("a").Attempts); n != 6 {
		t.Errorf("%d attempts, want 6", n)
	}
}

func TestEngineTimeoutCoversAllAttempts(t *testing.T) {
	opts := []func(*Action){engRetry(3, 10*time.Second), engTimeout(25 * time.Second)}
	t.Run("while waiting for a retry, with an error path", func(t *testing.T) {
		p := engNew("w").start("s", "a").act("a", "e", "h", opts...).act("h", "e", "").end("e").plan(t)
		h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
		h.start()
		h.expectEffects("dispatch a#1", "timer timeout a@+25s")
		h.tick(5*time.Second).fail("a", "1")
		h.fire(TimerRetry, "a") // +15s
		h.tick(5*time.Second).fail("a", "2")
		h.expectEffects("timer retry a@+30s") // beyond the deadline: the timeout wins
		h.fire(TimerTimeout, "a")
		h.expectEffects("untimer retry a", "dispatch h#1")
		a := h.node("a")
		if a.Status != NodeFailed || a.Message != "timed out after 25s (2 attempts)" {
			t.Errorf("a = %s %q", a.Status, a.Message)
		}
		h.succeed("h")
		h.expectEffects("finished succeeded")
		h.expectIdle()
	})
	t.Run("while running, without an error path", func(t *testing.T) {
		p := engNew("w").start("s", "a").act("a", "e", "", opts...).end("e").plan(t)
		h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
		h.start()
		h.started("a")
		h.tick(5*time.Second).fail("a", "1")
		h.fire(TimerRetry, "a")
		h.started("a")
		h.fire(TimerTimeout, "a")
		h.expectEffects("cancel a#2", `finished failed: node "a" failed: timed out after 25s (2 attempts)`)
		if at := h.node("a").Attempts[1]; at.Status != AttemptTimedOut {
			t.Errorf("attempt 2 is %s, want timed_out", at.Status)
		}
		// The worker's late answer for the cancelled attempt changes nothing.
		res, _ := h.run.Apply(TaskSucceeded{At: h.now, Node: "a", Attempt: 2})
		if res.Ignored == "" || len(res.Effects) > 0 {
			t.Errorf("late result after timeout: %+v", res)
		}
		h.expectIdle()
	})
	t.Run("success cancels the timeout", func(t *testing.T) {
		p := engNew("w").start("s", "a").act("a", "e", "", opts...).end("e").plan(t)
		h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
		h.start()
		h.succeed("a")
		h.expectEffects("untimer timeout a", "finished succeeded")
		h.expectIdle()
	})
}

func TestEngineLostAttempts(t *testing.T) {
	t.Run("retry policy decides", func(t *testing.T) {
		p := engNew("w").start("s", "a").act("a", "e", "", engRetry(1, 0)).end("e").plan(t)
		h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
		h.start()
		h.started("a")
		h.lose("a")
		h.expectEffects("dispatch a#2")
		h.lose("a")
		h.expectEffects(`finished failed: node "a" lost: worker w1 left the cluster`)
		a := h.node("a")
		if a.Status != NodeLost || a.Attempts[0].Status != AttemptLost || a.Attempts[1].Status != AttemptLost {
			t.Errorf("a = %s, attempts %+v", a.Status, a.Attempts)
		}
	})
	t.Run("a lost node takes its error path", func(t *testing.T) {
		p := engNew("w").start("s", "a").act("a", "e", "h").act("h", "e", "").end("e").plan(t)
		h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
		h.start()
		h.lose("a")
		h.expectEffects("dispatch h#1")
		h.expectNodes("a=lost")
	})
}
