package master

import (
	"testing"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
)

// A master killed right after committing a dispatch may die before its RunTask leaves the
// process. When every worker answers the new master and none has the attempt, it was never
// run: it is sent again, the same attempt, under the new term.
func TestUnsentDispatchIsSentAgainAfterFailover(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(wfXML("unsent", "", "", "a", action("a", "end", `retry-times="1"`)))
	id := h.trigger("unsent", nil)
	first := w.nextRun(t) // stands for the message lost with the old process
	w.setStatus(&messages.WorkerStatusResponse{Worker: "w1", Slots: 4}, false)

	h.restart(h.clock.Now(), nil)
	w = h.workers["w1"]
	r := w.nextRun(t)
	if r.Ref.InstanceId != id || r.Ref.Node != "a" || r.Ref.Attempt != first.Ref.Attempt || r.Term <= first.Term {
		t.Fatalf("after the failover RunTask %v term %d, want the same attempt under a newer term than %d", r.Ref, r.Term, first.Term)
	}
	w.succeed(r)
	h.waitStatus(id, workflows.InstanceSucceeded)
	if n := nodeOf(h.instance(id), "a"); len(n.Attempts) != 1 {
		t.Fatalf("attempts = %+v, want one", n.Attempts)
	}
}

// When a worker does not answer, "nobody has it" proves nothing: the attempt may run there.
// It is lost (the retry policy decides) rather than sent a second time.
func TestUnsentDispatchIsLostWhenAWorkerIsSilent(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.addWorker("w2", 4)
	h.put(wfXML("unsure", "", "", "a", action("a", "end", `retry-times="1"`)))
	id := h.trigger("unsure", nil)
	select { // placed on either worker; the message is lost with the old process
	case <-w.runs:
	case <-h.workers["w2"].runs:
	}
	h.workers["w1"].setStatus(&messages.WorkerStatusResponse{Worker: "w1", Slots: 4}, false)
	h.workers["w2"].setStatus(nil, true) // never answers

	h.restart(h.clock.Now(), nil)
	h.clock.Advance(DefaultWorkerAskTimeout)
	eventually(t, "the attempt is lost", func() bool {
		n := nodeOf(h.instance(id), "a")
		return len(n.Attempts) > 0 && n.Attempts[0].Status == workflows.AttemptLost
	})
}
