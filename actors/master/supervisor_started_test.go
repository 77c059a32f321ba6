package master

import (
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// A TaskStarted is not committed on its own: a task that ends before startedFlushDelay costs
// one commit (its start rides with its result and the next dispatch); a longer one is written
// alone once the delay has passed.
func TestTaskStartedRidesWithTheNextCommit(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RetentionEvery = 1000 * time.Hour })
	w := h.addWorker("w1", 4)
	h.put(chainXML("chain", 2, "", ""))
	id := h.trigger("chain", nil)

	r1 := w.nextRun(t)
	before := h.log.applies()
	w.started(r1)
	held := h.clock.Now().Add(startedFlushDelay)
	eventually(t, "the held TaskStarted", func() bool { return h.clock.armed(held) == 1 })
	if n := h.log.applies() - before; n != 0 {
		t.Fatalf("%d commits for a TaskStarted, want it held", n)
	}
	if a := nodeOf(h.instance(id), "a1").Attempts[0]; a.Status != workflows.AttemptDispatched {
		t.Fatalf("a1 in the store = %s, want still dispatched", a.Status)
	}
	w.succeed(r1)
	r2 := w.nextRun(t)
	if n := h.log.applies() - before; n != 1 {
		t.Fatalf("%d commits between a1's start and a2's dispatch, want 1", n)
	}
	up := h.log.batch(before)[0].(store.UpdateInstance)
	a1 := up.Instance.Nodes[0]
	if a1.Name != "a1" || a1.Attempts[0].Status != workflows.AttemptSucceeded || a1.Attempts[0].Worker != "w1" ||
		!a1.Attempts[0].Started.Equal(t0) {
		t.Fatalf("the commit wrote a1 = %+v, want it succeeded with its start", a1)
	}
	if h.clock.armed(held) != 0 {
		t.Fatal("the timer of a written TaskStarted is still armed")
	}

	// a2 runs long: its start is written alone once the delay has passed.
	before = h.log.applies()
	w.started(r2)
	h.writeStarts()
	eventually(t, "a2 running in the store", func() bool {
		a := nodeOf(h.instance(id), "a2").Attempts
		return len(a) == 1 && a[0].Status == workflows.AttemptRunning && a[0].Worker == "w1"
	})
	if n := h.log.applies() - before; n != 1 {
		t.Fatalf("%d commits for a2's start, want 1", n)
	}
	w.succeed(r2)
	h.waitStatus(id, workflows.InstanceSucceeded)
}

// A crash while a TaskStarted is held leaves its attempt "dispatched" in the store. The new
// master asks the worker: an attempt still running there is waited for (not run again) and
// its result completes the instance; one that died with the worker's earlier incarnation is
// lost and retried.
func TestRecoveryWithAnUnwrittenTaskStarted(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RetentionEvery = 1000 * time.Hour })
	w := h.addWorker("w1", 4)
	h.put(wfXML("kept", "", "", "a", action("a", "b", `retry-times="1"`)+action("b", "end", "")))
	h.put(wfXML("gone", "", "", "a", action("a", "end", `retry-times="1"`)))
	kept, gone := h.trigger("kept", nil), h.trigger("gone", nil)
	runs := map[string]*messages.RunTask{}
	for range 2 {
		r := w.nextRun(t)
		runs[r.Ref.InstanceId] = r
	}
	w.started(runs[kept])
	w.started(runs[gone])
	held := h.clock.Now().Add(startedFlushDelay)
	eventually(t, "both TaskStarted held", func() bool { return h.clock.armed(held) == 2 })
	for _, id := range []string{kept, gone} {
		if a := nodeOf(h.instance(id), "a").Attempts[0]; a.Status != workflows.AttemptDispatched {
			t.Fatalf("%s's attempt in the store = %s, want dispatched", id, a.Status)
		}
	}
	w.setStatus(&messages.WorkerStatusResponse{Worker: "w1", Slots: 4,
		Running: []*messages.TaskRef{runs[kept].Ref}, Perished: []*messages.TaskRef{runs[gone].Ref}}, false)

	h.restart(time.Time{}, nil) // the held writes die with the process
	w = h.workers["w1"]
	r := w.nextRun(t)
	if r.Ref.InstanceId != gone || r.Ref.Node != "a" || r.Ref.Attempt != 2 {
		t.Fatalf("after the restart RunTask %v, want gone's a retried", r.Ref)
	}
	eventually(t, "reconciled", func() bool { return h.status().Ready })
	w.noRun(t, 30*time.Millisecond) // kept's a still runs on the worker: not run again
	if a := nodeOf(h.instance(gone), "a").Attempts[0]; a.Status != workflows.AttemptLost {
		t.Fatalf("gone's first attempt = %s, want lost", a.Status)
	}

	w.succeed(runs[kept])
	rb := w.nextRun(t)
	if rb.Ref.InstanceId != kept || rb.Ref.Node != "b" {
		t.Fatalf("after kept's a: RunTask %v, want b", rb.Ref)
	}
	w.succeed(rb)
	rec := h.waitStatus(kept, workflows.InstanceSucceeded)
	if a := nodeOf(rec, "a").Attempts; len(a) != 1 || a[0].Status != workflows.AttemptSucceeded {
		t.Fatalf("kept's a attempts = %+v, want one that succeeded", a)
	}
	w.succeed(r)
	h.waitStatus(gone, workflows.InstanceSucceeded)
}
