package workflows

import (
	"slices"
	"testing"
	"time"
)

func engRerunPlan(t *testing.T) *Plan {
	return engNew("w").start("s", "f").fork("f", "a", "b").
		act("a", "j", "").act("b", "j", "").join("j", "c").act("c", "e", "").end("e").plan(t)
}

// engFailedRun returns a finished instance where a succeeded (with outputs) and b failed.
func engFailedRun(t *testing.T, p *Plan) *Instance {
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i1", Trigger: TriggerSchedule,
		Params: map[string]string{"day": "2024-03-01"}, Scheduled: engT0}))
	h.start()
	h.succeed("a", "file", "/data/x.csv")
	h.fail("b", "boom")
	if h.status() != InstanceFailed {
		t.Fatalf("setup: instance %s", h.status())
	}
	return h.run.Instance()
}

func TestEngineRerunFromFailed(t *testing.T) {
	p := engRerunPlan(t)
	prev := engFailedRun(t, p)
	at := engT0.Add(time.Hour)
	r, err := NewRerun(p, prev, "", true, at)
	if err != nil {
		t.Fatal(err)
	}
	in := r.Instance()
	if in.ID != "i1" || in.RerunOf != "i1" || in.Trigger != TriggerRerun || in.Status != InstancePrep ||
		in.Params["day"] != "2024-03-01" || !in.Scheduled.Equal(engT0) || !in.Created.Equal(at) {
		t.Errorf("rerun header: %+v", in)
	}
	if !slices.Equal(in.Skip, []string{"a"}) {
		t.Errorf("skip = %v, want [a]", in.Skip)
	}
	h := engHarness(t, r)
	h.expectNodes("a=prep", "b=prep")
	if got := r.Outputs("a"); got["file"] != "/data/x.csv" {
		t.Errorf("outputs carried over: %v", got)
	}
	h.start()
	h.expectEffects("dispatch b#1")
	a := h.node("a")
	if a.Status != NodeSkipped || a.Message != "succeeded in the previous run" {
		t.Errorf("a: %s %q", a.Status, a.Message)
	}
	h.succeed("b")
	h.expectEffects("dispatch c#1")
	h.succeed("c")
	h.expectEffects("finished succeeded")
	if got := r.Outputs("a"); got["file"] != "/data/x.csv" {
		t.Errorf("outputs after the rerun: %v", got)
	}

	// Recovering the recovered run again still skips a (it was skipped for that reason).
	r2, err := NewRerun(p, r.Instance(), "i2", true, at)
	if err != nil {
		t.Fatal(err)
	}
	if in := r2.Instance(); in.ID != "i2" || in.RerunOf != "i1" || !slices.Equal(in.Skip, []string{"a", "b", "c"}) {
		t.Errorf("second rerun: id %s of %s, skip %v", in.ID, in.RerunOf, in.Skip)
	}
}

func TestEngineRerunEverything(t *testing.T) {
	p := engRerunPlan(t)
	r, err := NewRerun(p, engFailedRun(t, p), "i9", false, engT0)
	if err != nil {
		t.Fatal(err)
	}
	h := engHarness(t, r)
	h.start()
	h.expectEffects("dispatch a#1", "dispatch b#1")
	if got := r.Outputs("a"); got != nil {
		t.Errorf("a full rerun carries no outputs: %v", got)
	}
}

func TestEngineRerunRefusals(t *testing.T) {
	p := engRerunPlan(t)
	running := NewRun(p, InstanceSpec{ID: "r"})
	if _, err := running.Apply(Start{At: engT0}); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRerun(p, running.Instance(), "", true, engT0); CodeOf(err) != CodeConflict {
		t.Errorf("rerun of a running instance: %v, want conflict", err)
	}
	other := engNew("other").start("s", "e").end("e").plan(t)
	if _, err := NewRerun(other, engFailedRun(t, p), "", true, engT0); CodeOf(err) != CodeInvalid {
		t.Errorf("rerun with another workflow's plan: %v, want invalid", err)
	}
}
