package worker

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// A successful attempt: TaskStarted with the pid, then TaskFinished with outputs and
// times, both from the worker, and the output in the attempt's log directory.
func TestRunSucceeds(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := refN("ok", 1)
	h.run(ref, 3, shell(`echo hello; echo answer=42 >> "$ACTORFLOW_OUTPUT"`), nil)

	g := h.master.next(t)
	st, ok := g.msg.(*messages.TaskStarted)
	if !ok {
		t.Fatalf("first event %T, want TaskStarted", g.msg)
	}
	wantRef(t, "TaskStarted", st.GetRef(), ref)
	if st.GetWorker() != "w1" || st.GetPid() <= 0 || st.GetTerm() != 3 || st.GetStartedUnixMs() <= 0 {
		t.Fatalf("TaskStarted %v", st)
	}
	if !g.sender.Equal(h.worker) {
		t.Fatalf("events come from %v, want the worker %v", g.sender, h.worker)
	}

	fin := expect[*messages.TaskFinished](t, h.master)
	wantRef(t, "TaskFinished", fin.GetRef(), ref)
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_SUCCEEDED || fin.GetExitCode() != 0 ||
		fin.GetOutputs()["answer"] != "42" || fin.GetWorker() != "w1" || fin.GetTerm() != 3 {
		t.Fatalf("TaskFinished %v", fin)
	}
	if fin.GetStartedUnixMs() != st.GetStartedUnixMs() || fin.GetEndedUnixMs() < fin.GetStartedUnixMs() {
		t.Fatalf("times: started %d (TaskStarted %d), ended %d", fin.GetStartedUnixMs(), st.GetStartedUnixMs(), fin.GetEndedUnixMs())
	}

	out, err := executors.ReadLog(filepath.Join(LogDir(h.cfg.LogRoot, ref.InstanceID, ref.Node, ref.Attempt), executors.StdoutLogName))
	if err != nil || string(out) != "hello\n" {
		t.Fatalf("stdout.log %q, %v", out, err)
	}
}

func TestRunFails(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := refN("fail", 1)
	h.run(ref, 1, script("echo boom >&2\nexit 3"), nil)
	expect[*messages.TaskStarted](t, h.master)
	fin := expect[*messages.TaskFinished](t, h.master)
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_FAILED || fin.GetExitCode() != 3 ||
		!strings.Contains(fin.GetMessage(), "boom") {
		t.Fatalf("got %s", describe(fin))
	}
	errLog, err := executors.ReadLog(filepath.Join(LogDir(h.cfg.LogRoot, ref.InstanceID, ref.Node, 1), executors.StderrLogName))
	if err != nil || string(errLog) != "boom\n" {
		t.Fatalf("stderr.log %q, %v", errLog, err)
	}
}

// An action type no executor handles fails without a process: no TaskStarted.
func TestRunUnsupportedActionFailsWithoutStarting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := refN("sql", 1)
	h.run(ref, 1, workflows.Action{Type: workflows.ActionSQL, Ok: "end", SQL: &workflows.SQLBody{}}, nil)
	fin := expect[*messages.TaskFinished](t, h.master)
	if fin.GetStatus() != messages.AttemptStatus_ATTEMPT_FAILED || !strings.Contains(fin.GetMessage(), "unsupported action type") {
		t.Fatalf("got %s", describe(fin))
	}
	if fin.GetStartedUnixMs() <= 0 || fin.GetEndedUnixMs() < fin.GetStartedUnixMs() {
		t.Fatalf("times %d..%d", fin.GetStartedUnixMs(), fin.GetEndedUnixMs())
	}
}

// Replies mirror the request: a RunTask in an Envelope gets enveloped events.
func TestEnvelopedRunTaskGetsEnvelopedEvents(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := refN("env", 1)
	h.from(h.master, &messages.Envelope{Body: &messages.Envelope_RunTask{RunTask: runTask(t, ref, 1, shell("true"), nil)}})
	for _, want := range []string{"TaskStarted", "TaskFinished"} {
		g := h.master.next(t)
		if !g.enveloped {
			t.Fatalf("%s arrived bare (%T)", want, g.msg)
		}
	}
	// A bare status request gets a bare answer; an enveloped one, an envelope.
	h.from(h.master, &messages.Envelope{Body: &messages.Envelope_WorkerStatusRequest{WorkerStatusRequest: &messages.WorkerStatusRequest{}}})
	if g := h.master.next(t); !g.enveloped {
		t.Fatalf("status answer %T arrived bare", g.msg)
	}
	if g := h.status(h.master); len(g.GetUnacked()) != 1 {
		t.Fatalf("status %v", g)
	}
}

func TestInvalidRunTaskRejected(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	bad := runTask(t, refN("bad", 1), 1, shell("true"), nil)
	bad.ActionJson = []byte("{not json")
	noType := runTask(t, refN("notype", 1), 1, workflows.Action{}, nil)
	zeroAttempt := runTask(t, refN("zero", 0), 1, shell("true"), nil)
	for _, m := range []*messages.RunTask{bad, noType, zeroAttempt} {
		h.from(h.master, m)
		rej := expect[*messages.RunTaskRejected](t, h.master)
		if rej.GetCode() != "invalid" || rej.GetWorker() != "w1" || RefOf(rej.GetRef()) != RefOf(m.GetRef()) {
			t.Fatalf("got %v", rej)
		}
	}
	if st := h.status(h.master); len(st.GetRunning())+len(st.GetUnacked()) != 0 {
		t.Fatalf("rejected tasks left state: %v", st)
	}
}

func TestSlotsFullRejected(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.Slots = 1 })
	g := newGate(t)
	first := refN("slots", 1)
	h.run(first, 1, shell(gated), g.env())
	expect[*messages.TaskStarted](t, h.master)

	second := refN("slots2", 1)
	h.run(second, 1, shell("true"), nil)
	rej := expect[*messages.RunTaskRejected](t, h.master)
	wantRef(t, "rejection", rej.GetRef(), second)
	if rej.GetCode() != "unavailable" || rej.GetMessage() != "no free slot" {
		t.Fatalf("got %v", rej)
	}

	// A finished attempt frees its slot even before its result is acknowledged.
	g.open(t)
	expect[*messages.TaskFinished](t, h.master)
	h.run(second, 1, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master)
	expect[*messages.TaskFinished](t, h.master)
}

func TestObserverHearsStartsAndEnds(t *testing.T) {
	t.Parallel()
	obs := &recordingObserver{ch: make(chan string, 8)}
	h := newHarness(t, func(c *Config) { c.Observer = obs })
	ref := refN("obs", 1)
	h.run(ref, 1, shell("exit 1"), nil)
	expect[*messages.TaskStarted](t, h.master)
	expect[*messages.TaskFinished](t, h.master)
	// The observer is called before the event is sent, so both calls are in.
	if a, b := <-obs.ch, <-obs.ch; a != "started "+ref.String() || b != "finished "+ref.String()+" failed" {
		t.Fatalf("observer heard %q, %q", a, b)
	}
}

type recordingObserver struct{ ch chan string }

func (o *recordingObserver) TaskStarted(r Ref) { o.ch <- "started " + r.String() }
func (o *recordingObserver) TaskFinished(r Ref, s workflows.AttemptStatus, d time.Duration) {
	if d < 0 {
		o.ch <- "negative duration"
		return
	}
	o.ch <- "finished " + r.String() + " " + s.String()
}
