package worker

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
)

// waitLimit bounds every wait in these tests; testGrace is the executors' SIGTERM →
// SIGKILL delay here.
const (
	waitLimit = 20 * time.Second
	testGrace = 200 * time.Millisecond
)

// got is one message a probe received, unwrapped.
type got struct {
	msg       any
	enveloped bool
	sender    *actor.PID
}

// probe is an actor standing in for a master (or a drain requester): it hands every
// message it receives to the test.
type probe struct {
	pid *actor.PID
	ch  chan got
}

func newProbe(sys *actor.ActorSystem) *probe {
	p := &probe{ch: make(chan got, 1024)}
	p.pid = sys.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		switch ctx.Message().(type) {
		case *actor.Started, *actor.Stopping, *actor.Stopped, *actor.Restarting:
			return
		}
		m, env := unwrap(ctx.Message())
		p.ch <- got{msg: m, enveloped: env, sender: ctx.Sender()}
	}))
	return p
}

func (p *probe) next(t testing.TB) got {
	t.Helper()
	select {
	case g := <-p.ch:
		return g
	case <-time.After(waitLimit):
		t.Fatalf("probe received nothing within %s", waitLimit)
		return got{}
	}
}

// expect takes the probe's next message, which must be a T.
func expect[T any](t testing.TB, p *probe) T {
	t.Helper()
	g := p.next(t)
	m, ok := g.msg.(T)
	if !ok {
		var zero T
		t.Fatalf("got %T %v, want %T", g.msg, g.msg, zero)
	}
	return m
}

// harness is a worker in its own actor system with a probe as its master.
type harness struct {
	t      testing.TB
	sys    *actor.ActorSystem
	cfg    Config
	worker *actor.PID
	master *probe
}

// newHarness starts a worker named "w1" over fresh directories; mods adjust the config
// before it starts.
func newHarness(t testing.TB, mods ...func(*Config)) *harness {
	t.Helper()
	sys := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.DiscardHandler)
	}))
	root := t.TempDir()
	h := &harness{t: t, sys: sys, master: newProbe(sys), cfg: Config{
		Name: "w1", Slots: 4, KillGrace: testGrace,
		WorkRoot: filepath.Join(root, "work"), LogRoot: filepath.Join(root, "logs"),
		Logger: slog.New(slog.DiscardHandler),
	}}
	for _, m := range mods {
		m(&h.cfg)
	}
	h.worker = h.spawn(h.cfg)
	t.Cleanup(h.stop)
	return h
}

func (h *harness) spawn(cfg Config) *actor.PID {
	h.t.Helper()
	props, err := Props(cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.sys.Root.Spawn(props)
}

// stop drains the worker without grace, so every task goroutine is done (and has stopped
// writing into the temporary directories) before they are removed.
func (h *harness) stop() {
	if _, err := h.sys.Root.RequestFuture(h.worker, Drain{}, waitLimit).Result(); err != nil {
		h.t.Errorf("drain at cleanup: %v", err)
	}
	h.sys.Root.StopFuture(h.worker).Wait()
	h.sys.Shutdown()
}

// from sends msg to the worker as p would (p is the sender).
func (h *harness) from(p *probe, msg any) {
	h.sys.Root.RequestWithCustomSender(h.worker, msg, p.pid)
}

// run sends a RunTask from the master probe.
func (h *harness) run(ref Ref, term uint64, action workflows.Action, env map[string]string) {
	h.t.Helper()
	h.from(h.master, runTask(h.t, ref, term, action, env))
}

// status asks for the worker's status with p as the sender and returns the answer, which
// also proves that p received everything the worker sent it before.
func (h *harness) status(p *probe) *messages.WorkerStatusResponse {
	h.t.Helper()
	h.from(p, &messages.WorkerStatusRequest{})
	return expect[*messages.WorkerStatusResponse](h.t, p)
}

func runTask(t testing.TB, ref Ref, term uint64, action workflows.Action, env map[string]string) *messages.RunTask {
	t.Helper()
	b, err := json.Marshal(action)
	if err != nil {
		t.Fatal(err)
	}
	return &messages.RunTask{Ref: ref.Proto(), Term: term, Workflow: "wf", ActionJson: b, Env: env}
}

func shell(command string) workflows.Action {
	return workflows.Action{Type: workflows.ActionShell, Ok: "end", Shell: &workflows.ShellBody{Command: command}}
}

func script(code string) workflows.Action {
	return workflows.Action{Type: workflows.ActionScript, Ok: "end", Script: &workflows.ScriptBody{Code: code}}
}

// gated is a shell task that waits until the file $GATE exists; gate opens it.
const gated = `while [ ! -e "$GATE" ]; do sleep 0.01; done`

type gate string

func newGate(t testing.TB) gate { return gate(filepath.Join(t.TempDir(), "gate")) }

func (g gate) env() map[string]string { return map[string]string{"GATE": string(g)} }

func (g gate) open(t testing.TB) {
	t.Helper()
	if err := os.WriteFile(string(g), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// wantRef checks that a wire ref names r.
func wantRef(t testing.TB, what string, got *messages.TaskRef, r Ref) {
	t.Helper()
	if RefOf(got) != r {
		t.Fatalf("%s for %s, want %s", what, RefOf(got), r)
	}
}

// gone reports whether pid no longer runs; a zombie has exited and counts as gone (the
// container's init may never reap it).
func gone(pid int) bool {
	if err := syscall.Kill(pid, 0); err == syscall.ESRCH {
		return true
	}
	st, err := readProcStat(pid)
	return err != nil || st.dead()
}

// eventually polls cond until it holds or waitLimit passes. Only for conditions no
// message announces (a process dying, a file appearing).
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, waitLimit)
		}
		<-tick.C
	}
}

// readPid waits for a pid file the task writes (name.tmp renamed to name, so it is whole).
func readPid(t testing.TB, path string) int {
	t.Helper()
	var pid int
	eventually(t, path+" written", func() bool {
		b, err := os.ReadFile(path)
		if err != nil {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil
	})
	return pid
}

func refN(name string, attempt int) Ref {
	return Ref{InstanceID: "inst-" + name, Node: "node", Attempt: attempt}
}

func lines(t testing.TB, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

func describe(m *messages.TaskFinished) string {
	return fmt.Sprintf("%s exit %d %q", m.GetStatus(), m.GetExitCode(), m.GetMessage())
}
