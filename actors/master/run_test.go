package master

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

func TestChainRunsInOrderAndEffectsFollowCommits(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(chainXML("chain", 3, "", ""))
	id := h.trigger("chain", nil)

	r1 := w.nextRun(t)
	if r1.Ref.Node != "a1" || r1.Ref.Attempt != 1 || r1.Ref.InstanceId != id || r1.Term != 1 || r1.Workflow != "chain" {
		t.Fatalf("first RunTask = %v", r1)
	}
	var act workflows.Action
	if err := json.Unmarshal(r1.ActionJson, &act); err != nil || act.Shell == nil || act.Shell.Command != "echo a1" {
		t.Fatalf("action = %s (%v)", r1.ActionJson, err)
	}
	// The RunTask went out after the dispatch was committed.
	if a := nodeOf(h.instance(id), "a1").Attempts; len(a) != 1 || a[0].Status != workflows.AttemptDispatched {
		t.Fatalf("a1 attempts in store at dispatch = %+v", a)
	}
	w.started(r1)
	h.writeStarts()
	eventually(t, "a1 running in the store", func() bool {
		a := nodeOf(h.instance(id), "a1").Attempts
		return len(a) == 1 && a[0].Status == workflows.AttemptRunning && a[0].Worker == "w1"
	})

	// Hold the log: the result of a1 and the dispatch of a2 travel in one UpdateInstance, and
	// neither the next RunTask nor the acknowledgement leaves before it is committed.
	before := h.log.applies()
	h.log.block()
	w.succeed(r1)
	eventually(t, "the commit of a1's result", func() bool { return h.log.waitingNow() == 1 })
	held := h.log.batch(before)
	if len(held) != 1 {
		t.Fatalf("held batch = %d commands, want 1", len(held))
	}
	up, ok := held[0].(store.UpdateInstance)
	if !ok || len(up.Instance.Nodes) != 2 || up.Instance.Nodes[0].Name != "a1" || up.Instance.Nodes[1].Name != "a2" ||
		up.Instance.Nodes[0].Status != workflows.NodeSucceeded || up.Instance.Nodes[1].Status != workflows.NodeRunning {
		t.Fatalf("held command = %+v", held[0])
	}
	w.noRun(t, 50*time.Millisecond)
	select {
	case a := <-w.acks:
		t.Fatalf("ack %v before the commit", a.Ref)
	default:
	}
	h.log.unblock()
	if a := w.nextAck(t); a.Ref.Node != "a1" || a.Term != 1 {
		t.Fatalf("ack = %v", a)
	}
	r2 := w.nextRun(t)
	if r2.Ref.Node != "a2" {
		t.Fatalf("second RunTask for %s", r2.Ref.Node)
	}
	w.succeed(r2)
	r3 := w.nextRun(t)
	if r3.Ref.Node != "a3" {
		t.Fatalf("third RunTask for %s", r3.Ref.Node)
	}
	w.succeed(r3)
	rec := h.waitStatus(id, workflows.InstanceSucceeded)
	for _, n := range []string{"a1", "a2", "a3"} {
		if nodeOf(rec, n).Status != workflows.NodeSucceeded {
			t.Errorf("%s = %s", n, nodeOf(rec, n).Status)
		}
	}
	if !nodeOf(rec, "a1").Ended.Before(nodeOf(rec, "a2").Started) && !nodeOf(rec, "a1").Ended.Equal(nodeOf(rec, "a2").Started) {
		t.Errorf("a2 started before a1 ended")
	}
	eventually(t, "nothing running", func() bool { s := h.status(); return s.RunningTotal == 0 && s.Workers[0].Used == 0 })
}

func TestForkJoin(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	body := `<fork name="f"><path to="x"/><path to="y"/></fork>` + action("x", "j", "") + action("y", "j", "") +
		`<join name="j" to="z"/>` + action("z", "end", "")
	h.put(wfXML("fj", "", "", "f", body))
	id := h.trigger("fj", nil)
	got := map[string]*messages.RunTask{}
	for range 2 {
		r := w.nextRun(t)
		got[r.Ref.Node] = r
	}
	if got["x"] == nil || got["y"] == nil {
		t.Fatalf("fork dispatched %v", got)
	}
	w.succeed(got["x"])
	w.noRun(t, 30*time.Millisecond) // the join waits for y
	w.succeed(got["y"])
	if r := w.nextRun(t); r.Ref.Node != "z" {
		t.Fatalf("after join: %s", r.Ref.Node)
	} else {
		w.succeed(r)
	}
	h.waitStatus(id, workflows.InstanceSucceeded)
}

func TestRetryWaitsForItsIntervalOnTheClock(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(wfXML("retry", "", "", "a", action("a", "end", `retry-times="2" interval="30"`)))
	id := h.trigger("retry", nil)
	r1 := w.nextRun(t)
	w.fail(r1, "boom")
	eventually(t, "a up for retry", func() bool { return nodeOf(h.instance(id), "a").Status == workflows.NodeUpForRetry })
	eventually(t, "the retry timer", func() bool { return h.clock.armed(t0.Add(30*time.Second)) > 0 })
	h.clock.Advance(29 * time.Second)
	w.noRun(t, 30*time.Millisecond)
	h.clock.Advance(time.Second)
	r2 := w.nextRun(t)
	if r2.Ref.Node != "a" || r2.Ref.Attempt != 2 {
		t.Fatalf("retry = %v", r2.Ref)
	}
	w.succeed(r2)
	rec := h.waitStatus(id, workflows.InstanceSucceeded)
	if a := nodeOf(rec, "a").Attempts; len(a) != 2 || a[0].Status != workflows.AttemptFailed || a[0].Message != "boom" {
		t.Fatalf("attempts = %+v", a)
	}
}

func TestTimeoutKillsTheAttemptAndFails(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(wfXML("slow", "", "", "a", action("a", "end", `timeout="60"`)))
	id := h.trigger("slow", nil)
	r := w.nextRun(t)
	w.started(r)
	eventually(t, "the timeout timer", func() bool { return h.clock.armed(t0.Add(time.Minute)) > 0 })
	h.clock.Advance(time.Minute)
	k := w.nextKill(t)
	if k.Ref.Node != "a" || k.Reason != messages.KillReason_KILL_REASON_TIMED_OUT {
		t.Fatalf("kill = %v", k)
	}
	rec := h.waitStatus(id, workflows.InstanceFailed)
	if !strings.Contains(rec.Instance.Message, "timed out") {
		t.Fatalf("message = %q", rec.Instance.Message)
	}
	// The worker reports the killed attempt: acknowledged and dropped, the slot is free.
	w.finish(r, messages.AttemptStatus_ATTEMPT_KILLED, "killed", nil)
	if a := w.nextAck(t); a.Ref.Node != "a" {
		t.Fatalf("ack = %v", a)
	}
	eventually(t, "slot released", func() bool { return h.status().Workers[0].Used == 0 })
}

func TestOutputsResolveAtDispatch(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	body := action("a", "b", "") + `<action name="b"><shell><command>use ${output:a.file}</command></shell><ok to="end"/></action>`
	h.put(wfXML("out", "", "", "a", body))
	id := h.trigger("out", nil)
	w.finish(w.nextRun(t), messages.AttemptStatus_ATTEMPT_SUCCEEDED, "", map[string]string{"file": "/tmp/x"})
	r := w.nextRun(t)
	var act workflows.Action
	_ = json.Unmarshal(r.ActionJson, &act)
	if act.Shell.Command != "use /tmp/x" {
		t.Fatalf("command = %q", act.Shell.Command)
	}
	w.succeed(r)
	h.waitStatus(id, workflows.InstanceSucceeded)
}
