package roster

import (
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/cluster/membership"
	"github.com/actorflow/actorflow/internal/wait"
)

// fakeTimers holds scheduled callbacks until the test fires them.
type fakeTimers struct {
	mu sync.Mutex
	fs []func()
}

func (f *fakeTimers) after(_ time.Duration, fn func()) {
	f.mu.Lock()
	f.fs = append(f.fs, fn)
	f.mu.Unlock()
}

func (f *fakeTimers) fireAll() {
	f.mu.Lock()
	fs := f.fs
	f.fs = nil
	f.mu.Unlock()
	for _, fn := range fs {
		fn()
	}
}

func (f *fakeTimers) pending() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.fs) }

type harness struct {
	sys    *actor.ActorSystem
	roster *actor.PID
	timers *fakeTimers
	got    chan string
}

func newHarness(t *testing.T) *harness {
	h := &harness{sys: actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.DiscardHandler)
	})), timers: &fakeTimers{}, got: make(chan string, 100)}
	t.Cleanup(h.sys.Shutdown)
	fake := h.sys.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		switch m := c.Message().(type) {
		case *master.WorkerUp:
			h.got <- fmt.Sprintf("up %s %s", m.Worker.Name, m.Worker.PID.Address)
		case *master.WorkerDown:
			h.got <- "down " + m.Name
		}
	}))
	h.roster = h.sys.Root.Spawn(Props(Config{AfterFunc: h.timers.after, Logger: slog.New(slog.DiscardHandler)}))
	h.sys.Root.Send(h.roster, SetMaster{PID: fake})
	return h
}

func worker(name, boot string, state membership.State) membership.Event {
	kind := membership.EventJoin
	if state == membership.StateDead {
		kind = membership.EventDead
	}
	if state == membership.StateLeft {
		kind = membership.EventLeft
	}
	return membership.Event{Kind: kind, Member: membership.Member{Name: name, State: state,
		Meta: membership.Meta{Role: membership.RoleWorker, Remote: "10.0.0.1:" + boot, Boot: boot, Slots: 4}}}
}

func (h *harness) expect(t *testing.T, want string) {
	t.Helper()
	select {
	case got := <-h.got:
		if got != want {
			t.Fatalf("master heard %q, want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("master heard nothing, want %q", want)
	}
}

func TestDeadWorkerThatComesBackInItsGraceLosesNothing(t *testing.T) {
	h := newHarness(t)
	h.sys.Root.Send(h.roster, worker("w1", "b1", membership.StateAlive))
	h.expect(t, "up w1 10.0.0.1:b1")
	h.sys.Root.Send(h.roster, worker("w1", "b1", membership.StateDead))
	h.sys.Root.Send(h.roster, worker("w1", "b1", membership.StateAlive)) // refuted
	h.expect(t, "up w1 10.0.0.1:b1")
	h.timers.fireAll() // the grace ends: it is alive, nothing to report
	h.sys.Root.Send(h.roster, worker("w2", "b2", membership.StateAlive))
	h.expect(t, "up w2 10.0.0.1:b2") // proves the downCheck was handled before it
}

func TestDeadWorkerIsDownAfterItsGrace(t *testing.T) {
	h := newHarness(t)
	h.sys.Root.Send(h.roster, worker("w1", "b1", membership.StateAlive))
	h.expect(t, "up w1 10.0.0.1:b1")
	h.sys.Root.Send(h.roster, worker("w1", "b1", membership.StateDead))
	eventuallyPending(t, h.timers)
	h.timers.fireAll()
	h.expect(t, "down w1")
}

func TestWorkerRestartedDuringItsGraceIsDownThenUp(t *testing.T) {
	h := newHarness(t)
	h.sys.Root.Send(h.roster, worker("w1", "b1", membership.StateAlive))
	h.expect(t, "up w1 10.0.0.1:b1")
	h.sys.Root.Send(h.roster, worker("w1", "b1", membership.StateDead))
	h.sys.Root.Send(h.roster, worker("w1", "b2", membership.StateAlive))
	h.expect(t, "down w1")
	h.expect(t, "up w1 10.0.0.1:b2")
	h.timers.fireAll()
	h.sys.Root.Send(h.roster, worker("w3", "b3", membership.StateAlive))
	h.expect(t, "up w3 10.0.0.1:b3") // no second down for w1
}

func TestWorkerThatLeftIsDownAtOnce(t *testing.T) {
	h := newHarness(t)
	h.sys.Root.Send(h.roster, worker("w1", "b1", membership.StateAlive))
	h.expect(t, "up w1 10.0.0.1:b1")
	h.sys.Root.Send(h.roster, worker("w1", "b1", membership.StateLeft))
	h.expect(t, "down w1")
	if h.timers.pending() != 0 {
		t.Fatal("a graceful leave waited for a grace")
	}
}

func eventuallyPending(t *testing.T, f *fakeTimers) {
	t.Helper()
	wait.For(t, 5*time.Second, func() bool { return f.pending() > 0 }, "no grace timer was armed")
}
