package master

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// requester is a test actor that submits commit requests and records the replies in order.
type requester struct {
	committer *actor.PID
	mu        sync.Mutex
	replies   []any
}

type submit struct{ req *commitRequest }

func (r *requester) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case submit:
		ctx.Request(r.committer, msg.req)
	case committed, commitFailed:
		r.mu.Lock()
		r.replies = append(r.replies, msg)
		r.mu.Unlock()
	}
}

func (r *requester) got() []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.replies)
}

// file is a harmless command whose path identifies it in a batch.
func file(i int) store.Command { return store.PutFile{Path: fmt.Sprint(i), Status: store.FileLoaded} }

func newCommitterRig(t *testing.T) (*actor.ActorSystem, *fakeLog, *actor.PID) {
	sys := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return quietLogger() }))
	st := openStore(t, t.TempDir())
	t.Cleanup(func() { sys.Shutdown(); st.Close() })
	log := newFakeLog(st)
	pid := sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return newCommitter(log, DefaultFatal, quietLogger()) }))
	return sys, log, pid
}

func TestCommitterBatchesWhileAnApplyIsInFlight(t *testing.T) {
	sys, log, pid := newCommitterRig(t)
	const n = 20
	// Each future is its own requester. Root sends are posted to the committer's mailbox
	// synchronously, so all n are queued before the first Apply returns.
	futures := make([]*actor.Future, n)
	log.block()
	futures[0] = sys.Root.RequestFuture(pid, &commitRequest{Seq: 100, Cmds: []store.Command{file(0)}}, wait)
	eventually(t, "the first Apply", func() bool { return log.waitingNow() == 1 })
	for i := 1; i < n; i++ {
		futures[i] = sys.Root.RequestFuture(pid, &commitRequest{Seq: uint64(100 + i), Cmds: []store.Command{file(i)}}, wait)
	}
	log.unblock()
	for i, f := range futures {
		res, err := f.Result()
		if c, ok := res.(committed); err != nil || !ok || c.Seq != uint64(100+i) {
			t.Fatalf("requester %d got %#v, %v", i, res, err)
		}
	}
	if a := log.applies(); a != 2 {
		t.Fatalf("%d Applies for %d requests, want 2 (one in flight, then one batch)", a, n)
	}
	// Every command was applied once, in arrival order.
	var order []string
	for i := range log.applies() {
		for _, c := range log.batch(i) {
			order = append(order, c.(store.PutFile).Path)
		}
	}
	want := make([]string, n)
	for i := range want {
		want[i] = fmt.Sprint(i)
	}
	if !slices.Equal(order, want) {
		t.Fatalf("applied order %v", order)
	}
}

func TestCommitterRepliesInOrderPerRequester(t *testing.T) {
	sys, log, pid := newCommitterRig(t)
	r := &requester{committer: pid}
	rp := sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return r }))
	log.block()
	for i := 1; i <= 10; i++ {
		sys.Root.Send(rp, submit{&commitRequest{Seq: uint64(i), Cmds: []store.Command{file(i)}}})
	}
	eventually(t, "the first Apply", func() bool { return log.waitingNow() == 1 })
	log.unblock()
	eventually(t, "all replies", func() bool { return len(r.got()) == 10 })
	for i, m := range r.got() {
		if c, ok := m.(committed); !ok || c.Seq != uint64(i+1) {
			t.Fatalf("reply %d = %#v", i, m)
		}
	}
}

func TestCommitterIsolatesARejectedRequest(t *testing.T) {
	sys, log, pid := newCommitterRig(t)
	log.reject = func(cmds []store.Command) error {
		for _, c := range cmds {
			if c.(store.PutFile).Path == "13" {
				return workflows.Errorf(workflows.CodeInvalid, "bad command")
			}
		}
		return nil
	}
	r := &requester{committer: pid}
	rp := sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return r }))
	log.block()
	sys.Root.Send(rp, submit{&commitRequest{Seq: 1, Cmds: []store.Command{file(11)}}})
	eventually(t, "the first Apply", func() bool { return log.waitingNow() == 1 })
	for i := 2; i <= 4; i++ { // 12, 13 (bad), 14 share the next entry
		sys.Root.Send(rp, submit{&commitRequest{Seq: uint64(i), Cmds: []store.Command{file(10 + i)}}})
	}
	log.unblock()
	eventually(t, "all replies", func() bool { return len(r.got()) == 4 })
	got := r.got()
	for i, want := range []bool{true, true, false, true} {
		_, ok := got[i].(committed)
		if ok != want {
			t.Fatalf("reply %d = %#v", i, got[i])
		}
	}
	if f := got[2].(commitFailed); f.Fatal || workflows.CodeOf(f.Err) != workflows.CodeInvalid {
		t.Fatalf("rejection = %#v", f)
	}
}

func TestCommitterStopsOnAFatalError(t *testing.T) {
	sys, log, pid := newCommitterRig(t)
	log.setFail(workflows.Errorf(workflows.CodeUnavailable, "not the leader"))
	r := &requester{committer: pid}
	rp := sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return r }))
	sys.Root.Send(rp, submit{&commitRequest{Seq: 1, Cmds: []store.Command{file(1)}}})
	eventually(t, "the failure", func() bool { return len(r.got()) == 1 })
	log.setFail(nil)
	sys.Root.Send(rp, submit{&commitRequest{Seq: 2, Cmds: []store.Command{file(2)}}})
	eventually(t, "the second failure", func() bool { return len(r.got()) == 2 })
	for i, m := range r.got() {
		if f, ok := m.(commitFailed); !ok || !f.Fatal {
			t.Fatalf("reply %d = %#v", i, m)
		}
	}
	if log.applies() != 1 {
		t.Fatalf("a deposed committer applied again")
	}
}

func TestIDsSortByTimeAndAreCrockford(t *testing.T) {
	var g idGen
	base := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	var prev string
	for i := range 2000 {
		id := g.next(base.Add(time.Duration(i/10) * time.Millisecond))
		if len(id) != 16 || strings.Trim(id, crockford) != "" {
			t.Fatalf("id %q", id)
		}
		if id <= prev {
			t.Fatalf("%q after %q", id, prev)
		}
		prev = id
	}
}
