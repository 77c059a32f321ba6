package master

import (
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
)

func codeOf(err error) workflows.Code { return workflows.CodeOf(err) }

func TestKillRunningQueuedAndFinished(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(chainXML("k", 2, "", ""))
	running := h.trigger("k", nil)
	queued := h.trigger("k", nil) // instance-limit 1: waits
	r := w.nextRun(t)
	if r.Ref.InstanceId != running {
		t.Fatalf("ran %s, want %s", r.Ref.InstanceId, running)
	}
	eventually(t, "one queued", func() bool { return h.status().Queued == 1 })

	// Queued: killed without ever running.
	if err := h.client.Kill(h.ctx(), queued, "not needed"); err != nil {
		t.Fatal(err)
	}
	if rec := h.instance(queued); rec.Instance.Status != workflows.InstanceKilled || !strings.Contains(rec.Instance.Message, "not needed") {
		t.Fatalf("queued after kill: %s %q", rec.Instance.Status, rec.Instance.Message)
	}

	// Running: the attempt is cancelled on its worker, the instance is killed.
	if err := h.client.Kill(h.ctx(), running, ""); err != nil {
		t.Fatal(err)
	}
	if k := w.nextKill(t); k.Ref.InstanceId != running || k.Reason != messages.KillReason_KILL_REASON_KILLED {
		t.Fatalf("kill = %v", k)
	}
	h.waitStatus(running, workflows.InstanceKilled)
	w.noRun(t, 30*time.Millisecond) // the killed queued one never runs

	// Finished: conflict. Unknown: not found.
	if err := h.client.Kill(h.ctx(), running, ""); codeOf(err) != workflows.CodeConflict {
		t.Fatalf("kill finished: %v", err)
	}
	if err := h.client.Kill(h.ctx(), "nope", ""); codeOf(err) != workflows.CodeNotFound {
		t.Fatalf("kill unknown: %v", err)
	}
	// Delete: only finished instances.
	eventually(t, "the master to forget it", func() bool { return h.status().RunningTotal == 0 })
	if err := h.client.DeleteInstance(h.ctx(), running); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := h.store.Instance(running); ok {
		t.Fatal("deleted instance still stored")
	}
}

func TestDeleteRunningInstanceIsConflict(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(chainXML("d", 1, "", ""))
	id := h.trigger("d", nil)
	w.nextRun(t)
	if err := h.client.DeleteInstance(h.ctx(), id); codeOf(err) != workflows.CodeConflict {
		t.Fatalf("delete running: %v", err)
	}
}

func TestInstanceLimitQueuesFIFO(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 8)
	h.put(chainXML("lim", 1, `instance-limit="2"`, ""))
	ids := []string{h.trigger("lim", nil), h.trigger("lim", nil), h.trigger("lim", nil), h.trigger("lim", nil)}
	first := map[string]*messages.RunTask{}
	for range 2 {
		r := w.nextRun(t)
		first[r.Ref.InstanceId] = r
	}
	if first[ids[0]] == nil || first[ids[1]] == nil {
		t.Fatalf("ran %v, want the first two", first)
	}
	w.noRun(t, 30*time.Millisecond)
	if s := h.status(); s.Queued != 2 || s.Running["lim"] != 2 {
		t.Fatalf("queued %d running %v", s.Queued, s.Running)
	}
	w.succeed(first[ids[1]])
	if r := w.nextRun(t); r.Ref.InstanceId != ids[2] {
		t.Fatalf("admitted %s, want %s (FIFO)", r.Ref.InstanceId, ids[2])
	}
}

func TestGlobalParallelismAndPriority(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.GlobalParallelism = 1 })
	w := h.addWorker("w1", 8)
	h.put(chainXML("lo", 1, `instance-limit="5"`, ""))
	h.put(chainXML("hi", 1, `instance-limit="5" priority="5"`, ""))
	lo1 := h.trigger("lo", nil)
	r := w.nextRun(t)
	if r.Ref.InstanceId != lo1 {
		t.Fatal("lo1 should run first")
	}
	lo2 := h.trigger("lo", nil)
	hi1 := h.trigger("hi", nil)
	w.noRun(t, 30*time.Millisecond) // global cap 1
	w.succeed(r)
	if r := w.nextRun(t); r.Ref.InstanceId != hi1 {
		t.Fatalf("admitted %s, want the higher-priority %s", r.Ref.InstanceId, hi1)
	} else {
		w.succeed(r)
	}
	if r := w.nextRun(t); r.Ref.InstanceId != lo2 {
		t.Fatalf("admitted %s, want %s", r.Ref.InstanceId, lo2)
	}
}

func TestBackfillParallelCap(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 8)
	h.put(chainXML("bf", 1, `instance-limit="10"`, cronCoord("0 * * * *")))
	group, ids, err := h.client.Backfill(h.ctx(), BackfillRequest{Workflow: "bf", From: t0.Add(-5 * time.Hour), To: t0, Parallel: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 5 || group == "" {
		t.Fatalf("backfill = %q %v", group, ids)
	}
	for i, id := range ids {
		rec := h.instance(id)
		want := t0.Add(time.Duration(i-5) * time.Hour)
		if rec.Instance.Trigger != workflows.TriggerBackfill || !rec.Instance.Scheduled.Equal(want) || rec.Group != group {
			t.Fatalf("instance %d: %s %s %q", i, rec.Instance.Trigger, rec.Instance.Scheduled, rec.Group)
		}
		if rec.Instance.Params["day"] != "2024-05-01" {
			t.Fatalf("day = %q", rec.Instance.Params["day"])
		}
	}
	runs := []*messages.RunTask{w.nextRun(t), w.nextRun(t)}
	w.noRun(t, 30*time.Millisecond)
	if first := map[string]bool{runs[0].Ref.InstanceId: true, runs[1].Ref.InstanceId: true}; !first[ids[0]] || !first[ids[1]] {
		t.Fatalf("backfill ran %s, %s first", runs[0].Ref.InstanceId, runs[1].Ref.InstanceId)
	}
	w.succeed(runs[0])
	if r := w.nextRun(t); r.Ref.InstanceId != ids[2] {
		t.Fatalf("next = %s", r.Ref.InstanceId)
	}
	if _, _, err := h.client.Backfill(h.ctx(), BackfillRequest{Workflow: "bf", From: t0, To: t0}); codeOf(err) != workflows.CodeInvalid {
		t.Fatalf("empty range: %v", err)
	}
}

func TestRerunFromFailedSkipsSucceededNodes(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(chainXML("rr", 2, "", ""))
	id := h.trigger("rr", map[string]string{"p": "v"})
	w.succeed(w.nextRun(t))
	w.fail(w.nextRun(t), "broken")
	h.waitStatus(id, workflows.InstanceFailed)
	eventually(t, "the master to forget it", func() bool { return h.status().RunningTotal == 0 })

	nid, err := h.client.Rerun(h.ctx(), id, true)
	if err != nil {
		t.Fatal(err)
	}
	if nid == id {
		t.Fatal("rerun reused the id")
	}
	r := w.nextRun(t)
	if r.Ref.InstanceId != nid || r.Ref.Node != "a2" {
		t.Fatalf("rerun ran %v, want a2 only", r.Ref)
	}
	w.succeed(r)
	rec := h.waitStatus(nid, workflows.InstanceSucceeded)
	if rec.Instance.RerunOf != id || rec.Instance.Trigger != workflows.TriggerRerun || rec.Instance.Params["p"] != "v" {
		t.Fatalf("rerun = %+v", rec.Instance)
	}
	if nodeOf(rec, "a1").Status != workflows.NodeSkipped {
		t.Fatalf("a1 = %s", nodeOf(rec, "a1").Status)
	}
	if h.instance(id).Instance.Status != workflows.InstanceFailed {
		t.Fatal("the original's history changed")
	}
	if _, err := h.client.Rerun(h.ctx(), "nope", false); codeOf(err) != workflows.CodeNotFound {
		t.Fatalf("rerun unknown: %v", err)
	}
}

func TestUnknownParamIsNamed(t *testing.T) {
	h := newHarness(t, nil)
	h.addWorker("w1", 4)
	body := `<action name="a"><shell><command>echo ${param:missing}</command></shell><ok to="end"/></action>`
	h.put(wfXML("p", "", "", "a", body))
	_, err := h.client.Trigger(h.ctx(), "p", nil, nil)
	if codeOf(err) != workflows.CodeInvalid || !strings.Contains(err.Error(), `"missing"`) {
		t.Fatalf("trigger: %v", err)
	}
	if _, err := h.client.Trigger(h.ctx(), "p", map[string]string{"missing": "x"}, nil); err != nil {
		t.Fatalf("with the param: %v", err)
	}
	if _, err := h.client.Trigger(h.ctx(), "nope", nil, nil); codeOf(err) != workflows.CodeNotFound {
		t.Fatalf("unknown workflow: %v", err)
	}
	if _, err := h.client.Trigger(h.ctx(), "p", map[string]string{"missing": "x"}, []string{"zz"}); codeOf(err) != workflows.CodeInvalid {
		t.Fatalf("unknown ignore node: %v", err)
	}
}

func TestScheduledFireWithUnknownParamRecordsAFailedInstance(t *testing.T) {
	h := newHarness(t, nil)
	body := `<action name="a"><shell><command>echo ${param:missing}</command></shell><ok to="end"/></action>`
	h.put(wfXML("pf", "", cronCoord("0 11 * * *"), "a", body))
	h.clock.Set(t0.Add(time.Hour))
	eventually(t, "a recorded fire", func() bool { return len(h.byWorkflow("pf")) == 1 })
	rec := h.byWorkflow("pf")[0]
	if rec.Instance.Status != workflows.InstanceFailed || !strings.Contains(rec.Instance.Message, `"missing"`) ||
		!rec.Instance.Scheduled.Equal(t0.Add(time.Hour)) {
		t.Fatalf("fire = %s %q %s", rec.Instance.Status, rec.Instance.Message, rec.Instance.Scheduled)
	}
}

func TestTriggerIgnoreNodes(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	body := action("a", "b", "") + action("b", "end", `is-ignore="true"`)
	h.put(wfXML("ig", "", "", "a", body))
	id, err := h.client.Trigger(h.ctx(), "ig", nil, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	// a is ignored for this instance; b's is-ignore is reset, so b runs.
	r := w.nextRun(t)
	if r.Ref.Node != "b" {
		t.Fatalf("ran %s, want b", r.Ref.Node)
	}
	w.succeed(r)
	rec := h.waitStatus(id, workflows.InstanceSucceeded)
	if nodeOf(rec, "a").Status != workflows.NodeSkipped {
		t.Fatalf("a = %s", nodeOf(rec, "a").Status)
	}
}

func TestWorkerDownMakesAttemptsLost(t *testing.T) {
	h := newHarness(t, nil)
	w1 := h.addWorker("w1", 1)
	h.put(wfXML("wd", "", "", "a", action("a", "end", `retry-times="1"`)))
	id := h.trigger("wd", nil)
	r := w1.nextRun(t)
	w1.started(r)
	w2 := h.addWorker("w2", 1)
	if err := h.client.WorkerDown("w1"); err != nil {
		t.Fatal(err)
	}
	r2 := w2.nextRun(t)
	if r2.Ref.Node != "a" || r2.Ref.Attempt != 2 {
		t.Fatalf("retry = %v", r2.Ref)
	}
	rec := h.instance(id)
	if a := nodeOf(rec, "a").Attempts[0]; a.Status != workflows.AttemptLost || !strings.Contains(a.Message, "w1") {
		t.Fatalf("attempt 1 = %+v", a)
	}
	w2.succeed(r2)
	h.waitStatus(id, workflows.InstanceSucceeded)
}

func TestStaleAndUnknownResultsAreAcknowledged(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(chainXML("st", 1, "", ""))
	id := h.trigger("st", nil)
	r := w.nextRun(t)
	w.succeed(r)
	w.nextAck(t)
	h.waitStatus(id, workflows.InstanceSucceeded)
	// The same result again (a worker re-sends after a master change): acknowledged, no effect.
	w.succeed(r)
	if a := w.nextAck(t); a.Ref.InstanceId != id {
		t.Fatalf("ack = %v", a)
	}
	// A result for an instance nobody knows.
	w.send(&messages.TaskFinished{Ref: &messages.TaskRef{InstanceId: "ghost", Node: "x", Attempt: 1}, Worker: "w1",
		Status: messages.AttemptStatus_ATTEMPT_SUCCEEDED})
	if a := w.nextAck(t); a.Ref.InstanceId != "ghost" {
		t.Fatalf("ack = %v", a)
	}
}

func TestHostPinFailsWhenTheWorkerNeverComes(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.HostWait = 30 * time.Second })
	w := h.addWorker("w1", 4)
	h.put(wfXML("pin", "", "", "a", action("a", "end", `host="elsewhere"`)))
	id := h.trigger("pin", nil)
	eventually(t, "a pending task", func() bool { return h.status().PendingTasks == 1 })
	eventually(t, "the host wait timer", func() bool { return h.clock.armed(t0.Add(30*time.Second)) > 0 })
	h.clock.Advance(30 * time.Second)
	rec := h.waitStatus(id, workflows.InstanceFailed)
	if !strings.Contains(rec.Instance.Message, `host "elsewhere"`) {
		t.Fatalf("message = %q", rec.Instance.Message)
	}
	w.noRun(t, 10*time.Millisecond)
}

func TestRejectedUnavailableIsRequeued(t *testing.T) {
	h := newHarness(t, nil)
	w1 := h.addWorker("a-w1", 1)
	h.put(chainXML("rj", 1, "", ""))
	h.trigger("rj", nil)
	r := w1.nextRun(t)
	w2 := h.addWorker("b-w2", 1)
	w1.send(&messages.RunTaskRejected{Ref: r.Ref, Term: r.Term, Worker: "a-w1", Code: string(workflows.CodeUnavailable), Message: "draining"})
	if r2 := w2.nextRun(t); r2.Ref.Node != "a1" || r2.Ref.Attempt != 1 {
		t.Fatalf("requeued = %v", r2.Ref)
	}
}

func TestDefinitions(t *testing.T) {
	h := newHarness(t, nil)
	// Invalid: every problem comes back, nothing changes.
	r, err := h.client.PutDefinition(h.ctx(), []byte(`<work-flow name="bad"><start name="start" to="nowhere"/></work-flow>`), "bad.xml", "api")
	if codeOf(err) != workflows.CodeInvalid || r == nil || len(r.Problems) == 0 {
		t.Fatalf("put invalid: %v %+v", err, r)
	}
	if _, ok, _ := h.store.Definition("bad"); ok {
		t.Fatal("an invalid definition was stored")
	}
	h.put(chainXML("up", 1, "", ""))
	h.put(chainXML("down", 1, "", depCoord("up")))
	deps, err := h.client.DeleteDefinition(h.ctx(), "up")
	if codeOf(err) != workflows.CodeConflict || len(deps) != 1 || deps[0] != "down" {
		t.Fatalf("delete up: %v %v", err, deps)
	}
	if _, err := h.client.DeleteDefinition(h.ctx(), "down"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.DeleteDefinition(h.ctx(), "up"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.DeleteDefinition(h.ctx(), "up"); codeOf(err) != workflows.CodeNotFound {
		t.Fatalf("delete twice: %v", err)
	}
	// Same content again: unchanged.
	h.put(chainXML("again", 1, "", ""))
	r, err = h.client.PutDefinition(h.ctx(), []byte(chainXML("again", 1, "", "")), "test.xml", "api")
	if err != nil || !r.Unchanged {
		t.Fatalf("put unchanged: %v %+v", err, r)
	}
}

func TestFileRemovedDisablesTheSchedule(t *testing.T) {
	h := newHarness(t, nil)
	if _, err := h.client.PutDefinition(h.ctx(), []byte(chainXML("f", 1, "", cronCoord("0 11 * * *"))), "dir/f.xml", "file"); err != nil {
		t.Fatal(err)
	}
	name, err := h.client.FileRemoved(h.ctx(), "dir/f.xml")
	if err != nil || name != "f" {
		t.Fatalf("file removed: %q %v", name, err)
	}
	if rec, _, _ := h.store.Definition("f"); rec.Enabled {
		t.Fatal("still enabled in the store")
	}
	h.clock.Set(t0.Add(2 * time.Hour))
	if s := h.status(); s.Coordinators[0].Enabled {
		t.Fatal("coordinator still enabled")
	}
	if n := len(h.byWorkflow("f")); n != 0 {
		t.Fatalf("%d fires after removal", n)
	}
}

func TestDeposedMasterStops(t *testing.T) {
	var deposed error
	done := make(chan struct{})
	h := newHarness(t, func(c *Config) {
		c.OnDeposed = func(err error) { deposed = err; close(done) }
	})
	h.put(chainXML("dp", 1, "", ""))
	h.log.setFail(workflows.Errorf(workflows.CodeUnavailable, "not the leader"))
	_, err := h.client.Trigger(h.ctx(), "dp", nil, nil)
	if codeOf(err) != workflows.CodeUnavailable {
		t.Fatalf("trigger on a deposed master: %v", err)
	}
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("OnDeposed not called")
	}
	if !strings.Contains(deposed.Error(), "not the leader") {
		t.Fatalf("deposed with %v", deposed)
	}
	// A request racing with the stop may be dropped: the client's timeout bounds it.
	_, err = NewClient(h.sys.Root, h.master, 200*time.Millisecond).Status(h.ctx())
	if c := codeOf(err); c != workflows.CodeUnavailable && c != workflows.CodeTimeout {
		t.Fatalf("status after deposition: %v", err)
	}
}
