package master

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// wait bounds every condition a test waits for (real time: the actors run on goroutines).
const wait = 10 * time.Second

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s", what)
		case <-tick.C:
		}
	}
}

// fakeClock is a manual clock: timers fire only when the test advances it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	c       *fakeClock
	at      time.Time
	f       func()
	stopped bool
	fired   bool
}

func newFakeClock(now time.Time) *fakeClock { return &fakeClock{now: now} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	t := &fakeTimer{c: c, at: c.now.Add(d), f: f}
	if d <= 0 {
		t.fired = true
		c.mu.Unlock()
		f()
		return t
	}
	c.timers = append(c.timers, t)
	c.mu.Unlock()
	return t
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.stopped && !t.fired
	t.stopped = true
	return was
}

// Advance moves the clock and fires the timers now due, earliest first.
func (c *fakeClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// Set moves the clock to now and fires the timers due.
func (c *fakeClock) Set(now time.Time) {
	c.mu.Lock()
	c.now = now
	var due []*fakeTimer
	kept := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped || t.fired:
		case !t.at.After(now):
			t.fired = true
			due = append(due, t)
		default:
			kept = append(kept, t)
		}
	}
	c.timers = kept
	c.mu.Unlock()
	slices.SortStableFunc(due, func(a, b *fakeTimer) int { return a.at.Compare(b.at) })
	for _, t := range due {
		t.f()
	}
}

// armed counts live timers due exactly at at.
func (c *fakeClock) armed(at time.Time) int {
	return c.count(func(t time.Time) bool { return t.Equal(at) })
}

// armedBefore counts live timers due before at.
func (c *fakeClock) armedBefore(at time.Time) int {
	return c.count(func(t time.Time) bool { return t.Before(at) })
}

func (c *fakeClock) count(match func(time.Time) bool) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if !t.stopped && !t.fired && match(t.at) {
			n++
		}
	}
	return n
}

// fakeWorker is a worker actor the test scripts. RunTask, KillTask and AckTaskFinished are
// recorded on channels; results go to the master as the real worker sends them (Send to the
// RunTask's sender, carrying the worker's name).
type fakeWorker struct {
	name  string
	runs  chan *messages.RunTask
	kills chan *messages.KillTask
	acks  chan *messages.AckTaskFinished
	pid   *actor.PID
	root  *actor.RootContext

	mu     sync.Mutex
	master *actor.PID
	auto   bool // succeed every RunTask at once (TaskStarted, then TaskFinished)
	status *messages.WorkerStatusResponse
	silent bool // never answer WorkerStatusRequest
}

type workerSend struct{ msg any }

func (w *fakeWorker) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *messages.RunTask:
		w.mu.Lock()
		w.master = ctx.Sender()
		auto := w.auto
		w.mu.Unlock()
		if auto {
			ctx.Send(ctx.Sender(), &messages.TaskStarted{Ref: msg.Ref, Term: msg.Term, Worker: w.name})
			ctx.Send(ctx.Sender(), &messages.TaskFinished{Ref: msg.Ref, Term: msg.Term, Worker: w.name,
				Status: messages.AttemptStatus_ATTEMPT_SUCCEEDED})
			return
		}
		w.runs <- msg
	case *messages.KillTask:
		w.kills <- msg
	case *messages.AckTaskFinished:
		w.mu.Lock()
		auto := w.auto
		w.mu.Unlock()
		if !auto { // an automatic worker (benchmarks) does not keep count
			w.acks <- msg
		}
	case *messages.WorkerStatusRequest:
		w.mu.Lock()
		st, silent := w.status, w.silent
		w.mu.Unlock()
		if silent {
			return
		}
		if st == nil {
			st = &messages.WorkerStatusResponse{Worker: w.name}
		}
		ctx.Respond(st)
	case workerSend:
		w.mu.Lock()
		to := w.master
		w.mu.Unlock()
		ctx.Send(to, msg.msg)
	}
}

func (w *fakeWorker) setMaster(pid *actor.PID) {
	w.mu.Lock()
	w.master = pid
	w.mu.Unlock()
}

// setStatus sets what the worker answers to WorkerStatusRequest (silent: nothing).
func (w *fakeWorker) setStatus(st *messages.WorkerStatusResponse, silent bool) {
	w.mu.Lock()
	w.status, w.silent = st, silent
	w.mu.Unlock()
}

func (w *fakeWorker) nextRun(t testing.TB) *messages.RunTask {
	t.Helper()
	select {
	case r := <-w.runs:
		return r
	case <-time.After(wait):
		t.Fatalf("worker %s: no RunTask", w.name)
		return nil
	}
}

// noRun checks that no RunTask arrives for a while (used only to show that something did NOT
// happen before a commit).
func (w *fakeWorker) noRun(t testing.TB, d time.Duration) {
	t.Helper()
	select {
	case r := <-w.runs:
		t.Fatalf("worker %s: unexpected RunTask %s", w.name, r.Ref)
	case <-time.After(d):
	}
}

func (w *fakeWorker) nextKill(t testing.TB) *messages.KillTask {
	t.Helper()
	select {
	case k := <-w.kills:
		return k
	case <-time.After(wait):
		t.Fatalf("worker %s: no KillTask", w.name)
		return nil
	}
}

func (w *fakeWorker) nextAck(t testing.TB) *messages.AckTaskFinished {
	t.Helper()
	select {
	case a := <-w.acks:
		return a
	case <-time.After(wait):
		t.Fatalf("worker %s: no AckTaskFinished", w.name)
		return nil
	}
}

func (w *fakeWorker) send(msg any) { w.root.Send(w.pid, workerSend{msg: msg}) }

func (w *fakeWorker) started(r *messages.RunTask) {
	w.send(&messages.TaskStarted{Ref: r.Ref, Term: r.Term, Worker: w.name})
}

func (w *fakeWorker) finish(r *messages.RunTask, st messages.AttemptStatus, msg string, outputs map[string]string) {
	w.send(&messages.TaskFinished{Ref: r.Ref, Term: r.Term, Worker: w.name, Status: st, Message: msg, Outputs: outputs})
}

func (w *fakeWorker) succeed(r *messages.RunTask) {
	w.finish(r, messages.AttemptStatus_ATTEMPT_SUCCEEDED, "", nil)
}

func (w *fakeWorker) fail(r *messages.RunTask, msg string) {
	w.finish(r, messages.AttemptStatus_ATTEMPT_FAILED, msg, nil)
}

// harness is one actor system with a master over a memStore.
type harness struct {
	t       testing.TB
	sys     *actor.ActorSystem
	dir     string
	store   *store.Store
	log     *fakeLog
	clock   *fakeClock
	master  *actor.PID
	client  *Client
	workers map[string]*fakeWorker
	cfg     Config
}

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newHarness starts a master; mutate adjusts its Config (workers are added with addWorker).
func newHarness(t testing.TB, mutate func(*Config)) *harness {
	dir := t.TempDir()
	st := openStore(t, dir)
	h := &harness{t: t, dir: dir, store: st, log: newFakeLog(st), clock: newFakeClock(t0), workers: map[string]*fakeWorker{}}
	h.sys = actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return quietLogger() }))
	h.cfg = Config{Log: h.log, Store: st, Clock: h.clock, Term: 1, Location: time.UTC, Logger: quietLogger(),
		WorkerAskTimeout: 2 * time.Second}
	if mutate != nil {
		mutate(&h.cfg)
	}
	h.start()
	t.Cleanup(func() {
		h.sys.Shutdown()
		h.store.Close()
	})
	return h
}

func (h *harness) start() {
	props, err := Props(h.cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	h.master = h.sys.Root.Spawn(props)
	h.client = NewClient(h.sys.Root, h.master, wait)
	for _, w := range h.workers {
		w.setMaster(h.master)
	}
}

// restart simulates a crash: the old master stops (it writes nothing on the way out, so this
// is what SIGKILL leaves), the store handle closes, the clock moves to at (zero: stays), and a
// new actor system starts a master on the same store. The workers are re-created in the new
// system with the status they were told to report.
func (h *harness) restart(at time.Time, mutate func(*Config)) {
	if err := h.sys.Root.StopFuture(h.master).Wait(); err != nil {
		h.t.Fatal(err)
	}
	h.sys.Shutdown()
	if !at.IsZero() {
		h.clock.Set(at)
	}
	h.store.Close() // the old process's handle is gone; its late writes fail
	h.store = openStore(h.t, h.dir)
	h.sys = actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return quietLogger() }))
	h.log = newFakeLog(h.store)
	h.cfg.Log, h.cfg.Store = h.log, h.store
	h.cfg.Term++
	old := h.workers
	h.workers = map[string]*fakeWorker{}
	h.cfg.Workers = nil
	for name, w := range old {
		w.mu.Lock()
		st, silent := w.status, w.silent
		w.mu.Unlock()
		nw := h.newWorker(name)
		nw.setStatus(st, silent)
		h.cfg.Workers = append(h.cfg.Workers, Worker{Name: name, PID: nw.pid, Slots: 8})
	}
	if mutate != nil {
		mutate(&h.cfg)
	}
	h.start()
}

func (h *harness) newWorker(name string) *fakeWorker {
	w := &fakeWorker{name: name, runs: make(chan *messages.RunTask, 1000), kills: make(chan *messages.KillTask, 100),
		acks: make(chan *messages.AckTaskFinished, 1000), root: h.sys.Root}
	w.pid = h.sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return w }))
	h.workers[name] = w
	return w
}

// addWorker starts a fake worker and announces it to the master.
func (h *harness) addWorker(name string, slots int, labels ...string) *fakeWorker {
	w := h.newWorker(name)
	w.setMaster(h.master)
	if err := h.client.WorkerUp(Worker{Name: name, PID: w.pid, Slots: slots, Labels: labels, Host: name + ".host"}); err != nil {
		h.t.Fatal(err)
	}
	return w
}

func (h *harness) ctx() context.Context { return context.Background() }

// writeStarts lets a supervisor write the TaskStarted it holds (startedFlushDelay after it
// arrived, unless another commit of the instance takes it along): it waits for that timer and
// moves the clock to it.
func (h *harness) writeStarts() {
	h.t.Helper()
	at := h.clock.Now().Add(startedFlushDelay)
	eventually(h.t, "a held TaskStarted", func() bool { return h.clock.armed(at) > 0 })
	h.clock.Set(at)
}

// put stores a definition and fails the test on any error.
func (h *harness) put(xml string) string {
	h.t.Helper()
	r, err := h.client.PutDefinition(h.ctx(), []byte(xml), "test.xml", store.OriginAPI)
	if err != nil {
		h.t.Fatalf("put: %v", err)
	}
	return r.Name
}

func (h *harness) trigger(wf string, params map[string]string) string {
	h.t.Helper()
	id, err := h.client.Trigger(h.ctx(), wf, params, nil)
	if err != nil {
		h.t.Fatalf("trigger %s: %v", wf, err)
	}
	return id
}

func (h *harness) instance(id string) store.InstanceRecord {
	h.t.Helper()
	r, ok, _ := h.store.Instance(id)
	if !ok {
		h.t.Fatalf("no instance %s in the store", id)
	}
	return r
}

// waitStatus waits until the stored instance has status s.
func (h *harness) waitStatus(id string, s workflows.InstanceStatus) store.InstanceRecord {
	h.t.Helper()
	var rec store.InstanceRecord
	eventually(h.t, fmt.Sprintf("instance %s %s", id, s), func() bool {
		r, ok, _ := h.store.Instance(id)
		rec = r
		return ok && r.Instance.Status == s
	})
	return rec
}

func (h *harness) status() *StatusResponse {
	h.t.Helper()
	s, err := h.client.Status(h.ctx())
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// byWorkflow returns the stored instances of wf, oldest first.
func (h *harness) byWorkflow(wf string) []store.InstanceRecord {
	h.t.Helper()
	all, _, err := h.store.Instances(store.InstanceQuery{Workflow: wf, Limit: 1000})
	if err != nil {
		h.t.Fatal(err)
	}
	slices.Reverse(all)
	return all
}

func nodeOf(rec store.InstanceRecord, name string) workflows.NodeRun {
	for _, n := range rec.Instance.Nodes {
		if n.Name == name {
			return n
		}
	}
	return workflows.NodeRun{}
}

// wfXML builds a workflow definition. body is the node list between start and end; coord is
// the <coordinator> element ("" for none); attrs are extra root attributes.
func wfXML(name, attrs, coord, first, body string) string {
	return fmt.Sprintf(`<work-flow name=%q %s>%s<start name="start" to=%q/>%s<end name="end"/><kill name="fail"><message>failed</message></kill></work-flow>`,
		name, attrs, coord, first, body)
}

// action is one shell action; extra goes into the <action> tag (retry-times="2" …).
func action(name, ok, extra string) string {
	return fmt.Sprintf(`<action name=%q %s><shell><command>echo %s</command></shell><ok to=%q/></action>`, name, extra, name, ok)
}

// chainXML is start → a1 → … → an → end.
func chainXML(name string, n int, attrs, coord string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		next := fmt.Sprintf("a%d", i+1)
		if i == n {
			next = "end"
		}
		b.WriteString(action(fmt.Sprintf("a%d", i), next, ""))
	}
	return wfXML(name, attrs, coord, "a1", b.String())
}

func cronCoord(cron string, depends ...string) string {
	var deps strings.Builder
	for _, d := range depends {
		fmt.Fprintf(&deps, `<workflow name=%q/>`, d)
	}
	return fmt.Sprintf(`<coordinator is-enabled="true" timezone="UTC"><depend-list cron=%q>%s</depend-list>`+
		`<param-list><param name="day" value="${time.today|yyyy-MM-dd}"/></param-list></coordinator>`, cron, deps.String())
}

func depCoord(depends ...string) string {
	var deps strings.Builder
	for _, d := range depends {
		fmt.Fprintf(&deps, `<workflow name=%q/>`, d)
	}
	return fmt.Sprintf(`<coordinator is-enabled="true" timezone="UTC"><depend-list>%s</depend-list></coordinator>`, deps.String())
}
