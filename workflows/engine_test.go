package workflows

import (
	"slices"
	"strings"
	"testing"
)

func TestEngineLinear(t *testing.T) {
	p := engNew("linear").start("start", "a").act("a", "b", "").act("b", "end", "").end("end").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i1", Trigger: TriggerManual, Created: engT0}))
	h.expectNodes("start=prep", "a=prep", "b=prep", "end=prep")

	res := h.start()
	h.expectEffects("dispatch a#1")
	if h.status() != InstanceRunning || !res.Header {
		t.Fatalf("after start: %s, header changed %v", h.status(), res.Header)
	}
	if !slices.Equal(res.Changed, []string{"start", "a"}) {
		t.Errorf("changed = %v, want [start a]", res.Changed)
	}
	h.expectNodes("start=succeeded", "a=running")

	res = h.tick(1e9).started("a")
	h.expectEffects()
	if !slices.Equal(res.Changed, []string{"a"}) || res.Header {
		t.Errorf("TaskStarted changed %v (header %v), want [a] only", res.Changed, res.Header)
	}
	if a := h.node("a").Attempts[0]; a.Status != AttemptRunning || a.Worker != "w1" || !a.Started.Equal(engT0.Add(1e9)) {
		t.Errorf("attempt after TaskStarted: %+v", a)
	}

	h.tick(1e9).succeed("a", "rows", "42")
	h.expectEffects("dispatch b#1")
	if got := h.run.Outputs("a"); got["rows"] != "42" {
		t.Errorf("Outputs(a) = %v", got)
	}
	h.succeed("b")
	h.expectEffects("finished succeeded")
	h.expectNodes("a=succeeded", "b=succeeded", "end=succeeded")
	h.expectIdle()
	if in := h.run.Instance(); !in.Started.Equal(engT0) || in.Ended.IsZero() {
		t.Errorf("instance times: started %v ended %v", in.Started, in.Ended)
	}
}

func TestEngineForkJoin(t *testing.T) {
	p := engNew("fj").start("s", "f").fork("f", "a", "b", "c").
		act("a", "j", "").act("b", "j", "").act("c", "j", "").join("j", "d").act("d", "e", "").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.expectEffects("dispatch a#1", "dispatch b#1", "dispatch c#1")

	h.succeed("b")
	h.expectEffects()
	h.succeed("a")
	h.expectNodes("j=prep")
	if v := engViewNode(h.run, "j"); v.Arrived != 2 || v.Expected != 3 {
		t.Errorf("join view: arrived %d of %d, want 2 of 3", v.Arrived, v.Expected)
	}
	h.succeed("c")
	h.expectEffects("dispatch d#1")
	h.expectNodes("j=succeeded")
	h.succeed("d")
	h.expectEffects("finished succeeded")
	h.expectIdle()
}

func TestEngineNestedForks(t *testing.T) {
	p := engNew("nested").start("s", "f1").
		fork("f1", "a", "f2").
		act("a", "j1", "").
		fork("f2", "b", "c").
		act("b", "j2", "").act("c", "j2", "").
		join("j2", "d").act("d", "j1", "").
		join("j1", "e").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.expectEffects("dispatch a#1", "dispatch b#1", "dispatch c#1")
	h.succeed("a")
	h.succeed("c")
	h.expectEffects()
	h.succeed("b")
	h.expectEffects("dispatch d#1")
	h.expectNodes("j2=succeeded", "j1=prep")
	h.succeed("d")
	h.expectEffects("finished succeeded")
	h.expectIdle()
}

func TestEngineErrorTransition(t *testing.T) {
	t.Run("error path continues the instance", func(t *testing.T) {
		p := engNew("w").start("s", "a").act("a", "e", "h").act("h", "e", "").end("e").plan(t)
		h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
		h.start()
		h.fail("a", "exit 3")
		h.expectEffects("dispatch h#1")
		h.expectNodes("a=failed", "h=running")
		if m := h.node("a").Message; m != "exit 3" {
			t.Errorf("a message %q", m)
		}
		h.succeed("h")
		h.expectEffects("finished succeeded")
	})
	t.Run("a failure taking error counts as arrival at a join", func(t *testing.T) {
		p := engNew("w").start("s", "f").fork("f", "a", "b").
			act("a", "j", "j").act("b", "j", "").join("j", "e").end("e").plan(t)
		h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
		h.start()
		h.fail("a", "boom")
		h.succeed("b")
		h.expectEffects("finished succeeded")
	})
	t.Run("failure without error path fails the instance and kills other branches", func(t *testing.T) {
		p := engNew("w").start("s", "f").fork("f", "a", "b").
			act("a", "j", "").act("b", "j", "", engRetry(1, 5e9), engTimeout(60e9)).
			join("j", "e").end("e").plan(t)
		h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
		h.start()
		h.fail("b", "first")
		h.expectNodes("b=up_for_retry")
		h.fail("a", "disk full")
		h.expectEffects("untimer retry b", "untimer timeout b",
			`finished failed: node "a" failed: disk full`)
		h.expectNodes("a=failed", "b=killed", "j=prep")
		h.expectIdle()
	})
}

func TestEngineKillNode(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "a", "b").
		act("a", "j", "k").act("b", "j", "").join("j", "e").
		kill("k", "source data missing").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.started("b")
	h.fail("a", "no data")
	h.expectEffects("cancel b#1", "finished killed: source data missing")
	h.expectNodes("a=failed", "b=killed", "k=killed", "j=prep")
	if b := h.node("b"); b.Attempts[0].Status != AttemptKilled || !strings.Contains(b.Message, `kill node "k"`) {
		t.Errorf("b after kill node: %+v", b)
	}
	if m := h.run.Instance().Message; m != "source data missing" {
		t.Errorf("instance message %q", m)
	}
	h.expectIdle()
}

func TestEngineEndKillsRunningBranches(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "a", "b", "c").
		act("a", "e", "").act("b", "e", "", engTimeout(60e9)).act("c", "e", "", engRetry(2, 10e9)).
		end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.expectEffects("dispatch a#1", "dispatch b#1", "timer timeout b@+1m0s", "dispatch c#1")
	h.started("b")
	h.fail("c", "flaky")
	h.expectNodes("c=up_for_retry")
	h.succeed("a")
	h.expectEffects("cancel b#1", "untimer timeout b", "untimer retry c",
		`finished succeeded: end "e" reached while 2 node(s) still ran; they were killed`)
	h.expectNodes("a=succeeded", "b=killed", "c=killed", "e=succeeded")
	if h.status() != InstanceSucceeded {
		t.Errorf("instance %s, want succeeded", h.status())
	}
	h.expectIdle()
}

func TestEngineEndReachedSynchronouslyStopsOtherPaths(t *testing.T) {
	// The first path reaches end through control nodes only; the second path's action must
	// never be dispatched.
	p := engNew("w").start("s", "f").fork("f", "e", "a").act("a", "e", "").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i"}))
	h.start()
	h.expectEffects("finished succeeded")
	h.expectNodes("a=prep")
}

// engViewNode returns the view of one node.
func engViewNode(r *Run, name string) NodeView {
	for _, n := range r.View().Nodes {
		if n.Name == name {
			return n
		}
	}
	return NodeView{}
}
