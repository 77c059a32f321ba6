package worker

import (
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
)

// Drain refuses new attempts, lets running ones go on for the grace period, then kills
// them and reports Drained with the results still unacknowledged.
func TestDrainKillsAfterGrace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	g := newGate(t)
	ref := refN("drain", 1)
	h.run(ref, 1, shell(gated), g.env())
	expect[*messages.TaskStarted](t, h.master)

	requester := newProbe(h.sys)
	h.from(requester, Drain{Grace: 300 * time.Millisecond})
	h.run(refN("late", 1), 1, shell("true"), nil)
	rej := expect[*messages.RunTaskRejected](t, h.master)
	if rej.GetCode() != "unavailable" || rej.GetMessage() != "the worker is draining" {
		t.Fatalf("got %v", rej)
	}

	fin := expect[*messages.TaskFinished](t, h.master)
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_KILLED || fin.GetMessage() != "killed: worker shutting down" {
		t.Fatalf("got %s", describe(fin))
	}
	if d := expect[Drained](t, requester); d.Unacked != 1 {
		t.Fatalf("got %+v", d)
	}
}

// Before the grace ends, Drained waits for the results to be acknowledged too, and
// attempts already known are still answered.
func TestDrainWaitsForAcknowledgement(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	g := newGate(t)
	ref := refN("drain-ack", 1)
	h.run(ref, 1, shell(gated), g.env())
	expect[*messages.TaskStarted](t, h.master)

	requester := newProbe(h.sys)
	h.from(requester, &Drain{Grace: time.Hour})
	h.run(ref, 1, shell(gated), g.env()) // a duplicate is not a new attempt
	expect[*messages.TaskStarted](t, h.master)
	g.open(t)
	expect[*messages.TaskFinished](t, h.master)

	// Nothing runs, but the result is not acknowledged: no Drained yet (it would arrive
	// before this status answer).
	h.status(requester)
	h.from(h.master, &messages.AckTaskFinished{Ref: ref.Proto(), Term: 1})
	if d := expect[Drained](t, requester); d.Unacked != 0 {
		t.Fatalf("got %+v", d)
	}
}
