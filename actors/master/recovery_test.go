package master

import (
	"errors"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
)

// TestRecoveryAfterCrash builds a busy state, kills the whole actor system (as SIGKILL would:
// nothing graceful happens) and starts a new master on the same store. Then:
//   - an attempt the worker still runs keeps running (not re-dispatched);
//   - an attempt the worker's earlier incarnation had when it died is lost and retried;
//   - a result the worker holds unacknowledged (its commit never happened) is delivered,
//     acknowledged after its commit, and the attempt is not run again;
//   - a queued instance stays queued;
//   - a cron slot missed during the downtime fires once (catchup latest), the older one not.
func TestRecoveryAfterCrash(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RetentionEvery = 1000 * time.Hour })
	w := h.addWorker("w1", 8)
	retry := `retry-times="1"`
	h.put(wfXML("keep", "", "", "a", action("a", "b", retry)+action("b", "end", "")))
	h.put(wfXML("lost", "", "", "a", action("a", "b", retry)+action("b", "end", "")))
	h.put(wfXML("unacked", "", "", "a", action("a", "b", retry)+action("b", "end", "")))
	h.put(wfXML("q", "", "", "a", action("a", "end", "")))
	h.put(chainXML("hourly", 1, "", cronCoord("0 * * * *")))

	// hourly fires at 11:00 and completes before the crash.
	h.clock.Set(t0.Add(time.Hour))
	eventually(t, "the 11:00 fire", func() bool { return len(h.byWorkflow("hourly")) == 1 })
	hr := w.nextRun(t)
	w.succeed(hr)
	h.waitStatus(hr.Ref.InstanceId, workflows.InstanceSucceeded)

	keep, lost, unacked := h.trigger("keep", nil), h.trigger("lost", nil), h.trigger("unacked", nil)
	q1 := h.trigger("q", nil)
	q2 := h.trigger("q", nil) // queued behind q1 (instance-limit 1)
	runs := map[string]*messages.RunTask{}
	for range 4 {
		r := w.nextRun(t)
		runs[r.Ref.InstanceId] = r
	}
	w.started(runs[keep])
	h.writeStarts()
	w.started(runs[q1])
	h.writeStarts()
	eventually(t, "starts committed", func() bool {
		return nodeOf(h.instance(keep), "a").Attempts[0].Status == workflows.AttemptRunning &&
			nodeOf(h.instance(q1), "a").Attempts[0].Status == workflows.AttemptRunning
	})
	// unacked's result reaches the master but its commit never completes: the crash comes first.
	h.log.block()
	w.succeed(runs[unacked])
	eventually(t, "the commit in flight", func() bool { return h.log.waitingNow() == 1 })
	oldLog := h.log

	// What the worker will report to the new master.
	ref := func(id string) *messages.TaskRef { return runs[id].Ref }
	w.setStatus(&messages.WorkerStatusResponse{Worker: "w1", Slots: 8,
		Running:  []*messages.TaskRef{ref(keep), ref(q1)},
		Perished: []*messages.TaskRef{ref(lost)},
		Unacked:  []*messages.TaskFinished{{Ref: ref(unacked), Worker: "w1", Status: messages.AttemptStatus_ATTEMPT_SUCCEEDED}}}, false)

	h.restart(t0.Add(3*time.Hour+30*time.Minute), nil) // 13:30: the 12:00 and 13:00 slots were missed
	oldLog.setFail(errors.New("the old process is gone"))
	oldLog.unblock()
	w = h.workers["w1"]

	got := map[string]*messages.RunTask{}
	for range 3 {
		select {
		case r := <-w.runs:
			got[r.Ref.InstanceId+"/"+r.Ref.Node] = r
		case <-time.After(wait):
			t.Fatalf("after the restart only %v ran (lost %s unacked %s)", got, lost, unacked)
		}
	}
	w.noRun(t, 50*time.Millisecond)
	if r := got[lost+"/a"]; r == nil || r.Ref.Attempt != 2 || r.Term != 2 {
		t.Fatalf("lost attempt not retried: %v", got)
	}
	if r := got[unacked+"/b"]; r == nil {
		t.Fatalf("unacked result not delivered: %v", got)
	}
	var catchup string
	for k, r := range got {
		if r.Workflow == "hourly" {
			catchup = r.Ref.InstanceId
		} else if k != lost+"/a" && k != unacked+"/b" {
			t.Fatalf("unexpected RunTask %s", k)
		}
	}
	if a := w.nextAck(t); a.Ref.InstanceId != unacked || a.Ref.Node != "a" || a.Term != 2 {
		t.Fatalf("ack = %v", a)
	}
	if a := nodeOf(h.instance(lost), "a").Attempts[0]; a.Status != workflows.AttemptLost {
		t.Fatalf("lost attempt = %+v", a)
	}
	if a := nodeOf(h.instance(unacked), "a").Attempts; len(a) != 1 || a[0].Status != workflows.AttemptSucceeded {
		t.Fatalf("unacked attempts = %+v", a)
	}

	// Catch-up: one instance, for 13:00.
	hourly := h.byWorkflow("hourly")
	if len(hourly) != 2 {
		t.Fatalf("hourly instances = %d, want the 11:00 fire and one catch-up", len(hourly))
	}
	cu := hourly[1].Instance
	if cu.ID != catchup || cu.Trigger != workflows.TriggerCatchup || !cu.Scheduled.Equal(t0.Add(3*time.Hour)) {
		t.Fatalf("catch-up = %s %s %s", cu.ID, cu.Trigger, cu.Scheduled)
	}

	// keep's attempt is still running on the worker: its result continues the instance.
	w.succeed(runs[keep])
	if r := w.nextRun(t); r.Ref.InstanceId != keep || r.Ref.Node != "b" {
		t.Fatalf("after keep's result: %v", r.Ref)
	}
	s := h.status()
	if s.Queued != 1 || !s.Ready {
		t.Fatalf("status = queued %d ready %v", s.Queued, s.Ready)
	}
	if h.instance(q2).Instance.Status != workflows.InstancePrep {
		t.Fatal("q2 left the queue")
	}
	// q1 finishes: q2 is admitted.
	w.succeed(runs[q1])
	if r := w.nextRun(t); r.Ref.InstanceId != q2 {
		t.Fatalf("admitted %v, want q2", r.Ref)
	}
}

func TestRecoveryWithSilentWorkerLosesInFlight(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.WorkerAskTimeout = 100 * time.Millisecond })
	w := h.addWorker("w1", 2)
	h.put(wfXML("s", "", "", "a", action("a", "end", `retry-times="1"`)))
	id := h.trigger("s", nil)
	w.nextRun(t)
	w.setStatus(nil, true)
	h.restart(time.Time{}, nil)
	w = h.workers["w1"]
	r := w.nextRun(t) // dispatched after the ask timed out
	if r.Ref.InstanceId != id || r.Ref.Attempt != 2 {
		t.Fatalf("retry = %v", r.Ref)
	}
}
