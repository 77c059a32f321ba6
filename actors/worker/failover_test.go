package worker

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/actorflow/actorflow/actors/messages"
)

// After a failover the new master gets every unacknowledged result and the TaskStarted of
// every running attempt at once, and all later events; the old master gets nothing more.
func TestMasterChangedResendsToNewMaster(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	done := refN("a-done", 1)
	h.run(done, 1, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master)
	fin := expect[*messages.TaskFinished](t, h.master)

	g := newGate(t)
	live := refN("b-live", 1)
	h.run(live, 1, shell(gated), g.env())
	st := expect[*messages.TaskStarted](t, h.master)

	next := newProbe(h.sys)
	h.sys.Root.Send(h.worker, MasterChanged{PID: next.pid})
	if m := expect[*messages.TaskFinished](t, next); !proto.Equal(m, fin) {
		t.Fatalf("re-sent %v, want %v", m, fin)
	}
	if m := expect[*messages.TaskStarted](t, next); !proto.Equal(m, st) {
		t.Fatalf("re-sent %v, want %v", m, st)
	}
	g.open(t)
	wantRef(t, "TaskFinished", expect[*messages.TaskFinished](t, next).GetRef(), live)

	if s := h.status(h.master); len(s.GetUnacked()) != 2 {
		t.Fatalf("status %v", s) // and the old master received nothing before it
	}
	h.from(next, &messages.AckTaskFinished{Ref: done.Proto(), Term: 2})
	h.from(next, &messages.AckTaskFinished{Ref: live.Proto(), Term: 2})
	if s := h.status(next); len(s.GetUnacked()) != 0 {
		t.Fatalf("status after acks %v", s)
	}
}

// With no master known, a result waits and goes out on the next MasterChanged.
func TestResultHeldWhileNoMasterKnown(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := refN("held", 1)
	h.sys.Root.Send(h.worker, runTask(t, ref, 1, shell("true"), nil)) // no sender
	eventuallyUnacked(t, h, 1)
	h.sys.Root.Send(h.worker, &MasterChanged{PID: h.master.pid})
	fin := expect[*messages.TaskFinished](t, h.master)
	wantRef(t, "TaskFinished", fin.GetRef(), ref)
}

// eventuallyUnacked waits until the worker holds n results (asking it, as a master would
// after a failover; this probe is only used for the asking).
func eventuallyUnacked(t *testing.T, h *harness, n int) {
	t.Helper()
	asker := newProbe(h.sys)
	eventually(t, "result held", func() bool { return len(h.status(asker).GetUnacked()) == n })
}

func TestWorkerStatusReportsRunningAndUnacked(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.Slots = 3 })
	done := refN("s-done", 1)
	h.run(done, 1, shell("exit 2"), nil)
	expect[*messages.TaskStarted](t, h.master)
	fin := expect[*messages.TaskFinished](t, h.master)
	g := newGate(t)
	live := refN("s-live", 1)
	h.run(live, 1, shell(gated), g.env())
	expect[*messages.TaskStarted](t, h.master)

	st := h.status(h.master)
	if st.GetWorker() != "w1" || st.GetSlots() != 3 || st.GetErrorCode() != "" ||
		len(st.GetRunning()) != 1 || RefOf(st.GetRunning()[0]) != live ||
		len(st.GetUnacked()) != 1 || !proto.Equal(st.GetUnacked()[0], fin) {
		t.Fatalf("status %v", st)
	}
	g.open(t)
	expect[*messages.TaskFinished](t, h.master)
}
