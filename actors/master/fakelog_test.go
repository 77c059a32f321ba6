package master

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/actorflow/actorflow/workflows/store"
)

// openStore opens a real store (bbolt, NoSync, as a raft FSM runs it) in dir.
func openStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "state.db"), store.Options{NoSync: true, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// fakeLog applies each batch to a real store as one entry (store.ApplyDirect: the same
// encoding and FSM code a raft log would run) and records every batch. block() holds every
// Apply until unblock(), so a test can prove that nothing happens before a commit.
type fakeLog struct {
	st *store.Store

	mu      sync.Mutex
	cond    *sync.Cond
	blocked bool
	batches [][]store.Command
	waiting int // Applies blocked now
	fail    error
	reject  func([]store.Command) error // a deterministic rejection, before the store
	onApply func([]store.Command)       // called after each successful Apply
	discard bool                        // apply nothing (benchmarks of the master alone)
}

func newFakeLog(st *store.Store) *fakeLog {
	l := &fakeLog{st: st}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *fakeLog) Apply(_ context.Context, cmds ...store.Command) error {
	l.mu.Lock()
	l.batches = append(l.batches, slices.Clone(cmds))
	l.waiting++
	l.cond.Broadcast()
	for l.blocked {
		l.cond.Wait()
	}
	l.waiting--
	fail, reject, onApply, discard := l.fail, l.reject, l.onApply, l.discard
	l.mu.Unlock()
	if fail != nil {
		return fail
	}
	if reject != nil {
		if err := reject(cmds); err != nil {
			return err
		}
	}
	if !discard {
		if err := store.ApplyDirect(l.st, cmds...); err != nil {
			return err
		}
	}
	if onApply != nil {
		onApply(cmds)
	}
	return nil
}

func (l *fakeLog) block() {
	l.mu.Lock()
	l.blocked = true
	l.mu.Unlock()
}

func (l *fakeLog) unblock() {
	l.mu.Lock()
	l.blocked = false
	l.cond.Broadcast()
	l.mu.Unlock()
}

func (l *fakeLog) setFail(err error) {
	l.mu.Lock()
	l.fail = err
	l.mu.Unlock()
}

func (l *fakeLog) applies() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.batches)
}

func (l *fakeLog) waitingNow() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.waiting
}

func (l *fakeLog) batch(i int) []store.Command {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.batches[i]
}
