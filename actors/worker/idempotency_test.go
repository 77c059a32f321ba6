package worker

import (
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/actorflow/actorflow/actors/messages"
)

// A RunTask for an attempt the worker has is answered from what it has, never by running
// it again: while it runs, with its TaskStarted; once finished, with the stored result;
// once acknowledged, not at all. The task counts its executions in a file.
func TestDuplicateRunTaskNeverRunsTwice(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	g := newGate(t)
	count := filepath.Join(t.TempDir(), "count")
	env := g.env()
	env["COUNT"] = count
	ref := refN("dup", 1)
	action := shell(`echo run >> "$COUNT"; ` + gated)

	h.run(ref, 1, action, env)
	st := expect[*messages.TaskStarted](t, h.master)

	h.run(ref, 1, action, env)
	again := expect[*messages.TaskStarted](t, h.master)
	if !proto.Equal(st, again) {
		t.Fatalf("re-sent TaskStarted %v, first was %v", again, st)
	}

	g.open(t)
	fin := expect[*messages.TaskFinished](t, h.master)
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_SUCCEEDED {
		t.Fatalf("got %s", describe(fin))
	}

	h.run(ref, 1, action, env)
	if resent := expect[*messages.TaskFinished](t, h.master); !proto.Equal(fin, resent) {
		t.Fatalf("re-sent TaskFinished %v, first was %v", resent, fin)
	}

	h.from(h.master, &messages.AckTaskFinished{Ref: ref.Proto(), Term: 1})
	h.run(ref, 1, action, env)
	// Nothing comes back for the acknowledged attempt: the status answer is next.
	if st := h.status(h.master); len(st.GetRunning())+len(st.GetUnacked()) != 0 {
		t.Fatalf("status after ack and duplicate: %v", st)
	}
	if n := lines(t, count); n != 1 {
		t.Fatalf("the attempt ran %d times", n)
	}
}

// A duplicate RunTask from another sender (a new master re-sending what it found
// dispatched) moves the attempt's events to that sender.
func TestDuplicateRunTaskRedirectsEvents(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	g := newGate(t)
	ref := refN("redirect", 1)
	h.run(ref, 1, shell(gated), g.env())
	expect[*messages.TaskStarted](t, h.master)

	other := newProbe(h.sys)
	h.from(other, runTask(t, ref, 2, shell(gated), g.env()))
	expect[*messages.TaskStarted](t, other)
	g.open(t)
	fin := expect[*messages.TaskFinished](t, other)
	if fin.GetTerm() != 1 {
		t.Fatalf("the result carries term %d; want the term it was dispatched under, 1", fin.GetTerm())
	}
	if st := h.status(h.master); len(st.GetUnacked()) != 1 {
		t.Fatalf("status %v", st) // and nothing else reached the first master
	}
}

func TestStaleTermRunTaskRejected(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.run(refN("t5", 1), 5, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master)
	expect[*messages.TaskFinished](t, h.master)

	stale := refN("t4", 1)
	h.run(stale, 4, shell("true"), nil)
	rej := expect[*messages.RunTaskRejected](t, h.master)
	wantRef(t, "rejection", rej.GetRef(), stale)
	if rej.GetCode() != "conflict" || rej.GetMessage() != "stale term" || rej.GetTerm() != 4 {
		t.Fatalf("got %v", rej)
	}
	// Even a duplicate of a known attempt is refused under an old term.
	h.run(refN("t5", 1), 4, shell("true"), nil)
	if rej := expect[*messages.RunTaskRejected](t, h.master); rej.GetCode() != "conflict" {
		t.Fatalf("got %v", rej)
	}
}

// KillTask and AckTaskFinished from an older term change nothing.
func TestStaleTermKillAndAckIgnored(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	done := refN("done", 1)
	h.run(done, 5, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master)
	expect[*messages.TaskFinished](t, h.master)

	g := newGate(t)
	live := refN("live", 1)
	h.run(live, 5, shell(gated), g.env())
	expect[*messages.TaskStarted](t, h.master)

	h.from(h.master, &messages.KillTask{Ref: live.Proto(), Term: 4})
	h.from(h.master, &messages.AckTaskFinished{Ref: done.Proto(), Term: 4})
	st := h.status(h.master)
	if len(st.GetRunning()) != 1 || len(st.GetUnacked()) != 1 {
		t.Fatalf("stale kill or ack took effect: %v", st)
	}

	// The same messages under the current term work.
	h.from(h.master, &messages.AckTaskFinished{Ref: done.Proto(), Term: 5})
	h.from(h.master, &messages.KillTask{Ref: live.Proto(), Term: 5})
	fin := expect[*messages.TaskFinished](t, h.master)
	wantRef(t, "TaskFinished", fin.GetRef(), live)
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_KILLED {
		t.Fatalf("got %s", describe(fin))
	}
	if st := h.status(h.master); len(st.GetRunning()) != 0 || len(st.GetUnacked()) != 1 {
		t.Fatalf("status %v", st)
	}
}

// Ack forgets the result and its process record.
func TestAckForgetsResult(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := refN("ack", 1)
	h.run(ref, 1, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master)
	expect[*messages.TaskFinished](t, h.master)

	// The record outlives the process until the ack, marked ended.
	dir := recordsDir(h.cfg.WorkRoot, h.cfg.Name)
	if live, _, err := readJournal(dir); err != nil || live[ref].PGID != 0 || live[ref].ref() != ref {
		t.Fatalf("record of the finished attempt: %+v, %v", live, err)
	}
	if st := h.status(h.master); len(st.GetUnacked()) != 1 || RefOf(st.GetUnacked()[0].GetRef()) != ref {
		t.Fatalf("status before ack %v", st)
	}
	h.from(h.master, &messages.AckTaskFinished{Ref: ref.Proto(), Term: 1})
	if st := h.status(h.master); len(st.GetUnacked()) != 0 {
		t.Fatalf("status after ack %v", st)
	}
	eventually(t, "record removed", func() bool {
		live, _, err := readJournal(dir)
		_, ok := live[ref]
		return err == nil && !ok
	})
}
