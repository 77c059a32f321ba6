package raftgroup

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/cluster/raftstore"
	"github.com/hashicorp/raft"
)

func TestSingleVoterBootstrapAndApply(t *testing.T) {
	nd := openNode(t, "n1", t.TempDir(), "127.0.0.1:0", true)

	if _, port, _ := net.SplitHostPort(nd.Addr()); port == "0" || port == "" {
		t.Fatalf("Addr() = %q, want the real bound port", nd.Addr())
	}
	took := waitLeader(t, nd.LeaderCh(), 5*time.Second)
	t.Logf("single voter became leader in %s", took)
	if !nd.IsLeader() {
		t.Fatal("IsLeader() = false after leadership notification")
	}
	if addr, id := nd.Leader(); addr != nd.Addr() || id != "n1" {
		t.Fatalf("Leader() = %q, %q; want %q, n1", addr, id, nd.Addr())
	}
	if nd.Term() == 0 {
		t.Fatal("Term() = 0 for an elected leader")
	}

	resp, err := nd.Apply(context.Background(), []byte("a=1"))
	if err != nil || resp != uint64(1) {
		t.Fatalf("Apply = %v, %v; want 1, nil", resp, err)
	}
	// With a deadline (the goroutine-backed wait path).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if resp, err := nd.Apply(ctx, []byte("b=2")); err != nil || resp != uint64(2) {
		t.Fatalf("Apply with deadline = %v, %v; want 2, nil", resp, err)
	}
	// FSM rejections come back as the error.
	if _, err := nd.Apply(ctx, []byte("!bad")); !errors.Is(err, errRejected) {
		t.Fatalf("Apply(rejected) error = %v, want errRejected", err)
	}
	if nd.AppliedIndex() == 0 {
		t.Fatal("AppliedIndex() = 0 after applies")
	}
	if st := nd.Stats(); st["state"] != "Leader" || st["store_batches"] == "0" || st["store_entries"] == "" {
		t.Fatalf("Stats() = %v, want state Leader and store counters", st)
	}
	srv, err := nd.Servers()
	if err != nil || len(srv) != 1 || srv[0] != (Server{ID: "n1", Addr: nd.Addr(), Voter: true}) {
		t.Fatalf("Servers() = %+v, %v", srv, err)
	}
}

// Restarting from the same Dir restores the FSM: from the snapshot plus the
// entries after it, or from the log alone.
func TestRestartRestoresState(t *testing.T) {
	for _, snapshot := range []bool{true, false} {
		t.Run(fmt.Sprintf("snapshot=%v", snapshot), func(t *testing.T) {
			dir := t.TempDir()
			nd := openNode(t, "n1", dir, "127.0.0.1:0", true)
			waitLeader(t, nd.LeaderCh(), 5*time.Second)
			applyN(t, nd.Group, 0, 50)
			if snapshot {
				if err := nd.Snapshot(); err != nil {
					t.Fatalf("Snapshot: %v", err)
				}
			}
			applyN(t, nd.Group, 50, 25)
			_, want, _, _ := nd.fsm.state()
			termBefore := nd.Term()
			if err := nd.Shutdown(); err != nil {
				t.Fatalf("Shutdown: %v", err)
			}

			// Bootstrap stays set, as a real controller's flags would: it
			// must not re-bootstrap over existing state.
			nd = openNode(t, "n1", dir, "127.0.0.1:0", true)
			waitLeader(t, nd.LeaderCh(), 5*time.Second)
			if err := nd.Barrier(context.Background()); err != nil {
				t.Fatalf("Barrier: %v", err)
			}
			n, got, restores, _ := nd.fsm.state()
			if n != 75 || len(got) != len(want) {
				t.Fatalf("after restart: %d commands, %d keys; want 75 and %d", n, len(got), len(want))
			}
			for k, v := range want {
				if got[k] != v {
					t.Fatalf("after restart %s=%q, want %q", k, got[k], v)
				}
			}
			if wantRestores := map[bool]int{true: 1, false: 0}[snapshot]; restores != wantRestores {
				t.Fatalf("FSM restored %d times, want %d", restores, wantRestores)
			}
			if nd.Term() <= termBefore {
				t.Fatalf("term %d after restart, want > %d", nd.Term(), termBefore)
			}
			// And it keeps going from there.
			if resp, err := nd.Apply(context.Background(), []byte("z=1")); err != nil || resp != uint64(76) {
				t.Fatalf("Apply after restart = %v, %v; want 76", resp, err)
			}
		})
	}
}

// A node that was never bootstrapped has no leader and says so.
func TestApplyWithoutLeader(t *testing.T) {
	nd := openNode(t, "lonely", t.TempDir(), "127.0.0.1:0", false)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := nd.Apply(ctx, []byte("a=1"))
	var nle *NotLeaderError
	if !errors.As(err, &nle) || !errors.Is(err, ErrNotLeader) || !errors.Is(err, raft.ErrNotLeader) {
		t.Fatalf("Apply on a follower = %v, want *NotLeaderError matching ErrNotLeader and raft.ErrNotLeader", err)
	}
	if nle.LeaderAddr != "" || !strings.Contains(err.Error(), "leader unknown") {
		t.Fatalf("error %q should say the leader is unknown", err)
	}
	if err := nd.AddVoter(ctx, "x", "127.0.0.1:1"); !errors.Is(err, ErrNotLeader) {
		t.Fatalf("AddVoter on a follower = %v, want ErrNotLeader", err)
	}
	if err := nd.Barrier(ctx); !errors.Is(err, ErrNotLeader) {
		t.Fatalf("Barrier on a follower = %v, want ErrNotLeader", err)
	}
}

func TestApplyHonoursContext(t *testing.T) {
	nd := openNode(t, "n1", t.TempDir(), "127.0.0.1:0", true)
	waitLeader(t, nd.LeaderCh(), 5*time.Second)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := nd.Apply(ctx, []byte("a=1")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Apply with cancelled ctx = %v, want context.Canceled", err)
	}
	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if _, err := nd.Apply(ctx, []byte("a=1")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Apply past deadline = %v, want context.DeadlineExceeded", err)
	}
	if n, _, _, _ := nd.fsm.state(); n != 0 {
		t.Fatalf("a command with a dead context was applied (%d)", n)
	}
}

func TestShutdown(t *testing.T) {
	nd := openNode(t, "n1", t.TempDir(), "127.0.0.1:0", true)
	ch := nd.LeaderCh()
	waitLeader(t, ch, 5*time.Second)

	if err := nd.Shutdown(); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := nd.Shutdown(); err != nil {
		t.Fatalf("second Shutdown: %v", err)
	}
	// Subscribers see a final false, then a closed channel.
	select {
	case v, ok := <-ch:
		if !ok || v {
			t.Fatalf("after Shutdown got %v, %v; want false, true", v, ok)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no notification after Shutdown")
	}
	select {
	case _, ok := <-ch:
		if ok {
			t.Fatal("leader channel still open after Shutdown")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("leader channel not closed after Shutdown")
	}
	if _, ok := <-nd.LeaderCh(); ok {
		t.Fatal("LeaderCh after Shutdown should be closed")
	}
	if _, err := nd.Apply(context.Background(), []byte("a=1")); !errors.Is(err, ErrShutdown) {
		t.Fatalf("Apply after Shutdown = %v, want ErrShutdown", err)
	}
	// The port and the file are free again.
	ln, err := net.Listen("tcp", nd.Addr())
	if err != nil {
		t.Fatalf("port still taken after Shutdown: %v", err)
	}
	_ = ln.Close()
	s, err := raftstore.Open(filepath.Join(nd.cfg.Dir, "raft.db"), raftstore.Options{LockTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("store still locked after Shutdown: %v", err)
	}
	_ = s.Close()
}

// Two processes must not run the same node: the second Open fails fast on
// the store lock, names the file, and leaves no port bound.
func TestOpenSameDirTwice(t *testing.T) {
	dir := t.TempDir()
	openNode(t, "n1", dir, "127.0.0.1:0", true)
	start := time.Now()
	g, err := Open(Config{NodeID: "n1", Dir: dir, BindAddr: "127.0.0.1:0", FSM: newKV(), Logger: testLogger("dup")})
	if err == nil {
		_ = g.Shutdown()
		t.Fatal("second Open of the same Dir succeeded")
	}
	if !errors.Is(err, raftstore.ErrLocked) || !strings.Contains(err.Error(), filepath.Join(dir, "raft.db")) {
		t.Fatalf("error = %v, want raftstore.ErrLocked naming raft.db", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("second Open took %s", d)
	}
}

func TestOpenValidates(t *testing.T) {
	_, err := Open(Config{})
	if err == nil {
		t.Fatal("Open(Config{}) succeeded")
	}
	for _, field := range []string{"NodeID", "Dir", "BindAddr", "FSM"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("error %q does not mention %s", err, field)
		}
	}
	// Tuning goes through raft's own validation.
	_, err = Open(Config{
		NodeID: "n1", Dir: t.TempDir(), BindAddr: "127.0.0.1:0", FSM: newKV(), Logger: testLogger("v"),
		Tuning: Tuning{HeartbeatTimeout: 100 * time.Millisecond, LeaderLeaseTimeout: 200 * time.Millisecond},
	})
	if err == nil || !strings.Contains(err.Error(), "LeaderLeaseTimeout") {
		t.Fatalf("Open with lease > heartbeat = %v, want raft's validation error", err)
	}
	// A wildcard bind address needs an advertised one.
	_, err = Open(Config{NodeID: "n1", Dir: t.TempDir(), BindAddr: "0.0.0.0:0", FSM: newKV(), Logger: testLogger("v")})
	if err == nil {
		t.Fatal("Open on 0.0.0.0 without AdvertiseAddr succeeded")
	}
}

func TestDefaultTuningIsValidForRaft(t *testing.T) {
	c := Config{NodeID: "n1"}
	if _, err := c.raftConfig(DefaultTuning(), testLogger("t"), nil); err != nil {
		t.Fatal(err)
	}
	d := DefaultTuning()
	if d.HeartbeatTimeout > 500*time.Millisecond || d.ElectionTimeout > 500*time.Millisecond {
		t.Fatalf("default timeouts %s/%s exceed the LAN budget", d.HeartbeatTimeout, d.ElectionTimeout)
	}
	if got := (Tuning{NoSync: true}).withDefaults(); got.MaxAppendEntries != d.MaxAppendEntries || !got.NoSync {
		t.Fatalf("withDefaults = %+v", got)
	}
}

// Applies racing with Shutdown must all return (raft can leave a queued
// command unanswered when it stops), with a result or a shutdown error.
func TestShutdownUnblocksConcurrentApplies(t *testing.T) {
	nd := openNode(t, "n1", t.TempDir(), "127.0.0.1:0", true)
	waitLeader(t, nd.LeaderCh(), 5*time.Second)
	const callers = 32
	errs := make(chan error, callers)
	start := make(chan struct{})
	for i := 0; i < callers; i++ {
		go func() {
			<-start
			var err error
			for err == nil {
				_, err = nd.Apply(context.Background(), []byte("k=v"))
			}
			errs <- err
		}()
	}
	close(start)
	waitApplied(t, nd, 100, 10*time.Second)
	if err := nd.Shutdown(); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for i := 0; i < callers; i++ {
		select {
		case err := <-errs:
			if !errors.Is(err, ErrShutdown) && !errors.Is(err, ErrLeadershipLost) {
				t.Errorf("Apply during Shutdown = %v, want ErrShutdown or ErrLeadershipLost", err)
			}
		case <-deadline:
			t.Fatalf("%d Apply calls still blocked after Shutdown", callers-i)
		}
	}
}
