package raftgroup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
)

// testLogger keeps raft quiet unless RAFTGROUP_DEBUG is set: a killed leader
// makes its peers log connection errors that are expected here.
func testLogger(name string) hclog.Logger {
	if os.Getenv("RAFTGROUP_DEBUG") != "" {
		return hclog.New(&hclog.LoggerOptions{Name: name, Level: hclog.Debug, Output: os.Stderr})
	}
	return hclog.New(&hclog.LoggerOptions{Name: name, Level: hclog.Off, Output: io.Discard})
}

type node struct {
	*Group
	fsm *kvFSM
	cfg Config
}

// openNode starts a node with real fsync on loopback and shuts it down at the
// end of the test.
func openNode(tb testing.TB, id, dir, addr string, bootstrap bool) *node {
	tb.Helper()
	cfg := Config{
		NodeID: id, Dir: dir, BindAddr: addr, Bootstrap: bootstrap,
		FSM: newKV(), Logger: testLogger(id),
	}
	return openCfg(tb, cfg)
}

func openCfg(tb testing.TB, cfg Config) *node {
	tb.Helper()
	g, err := Open(cfg)
	if err != nil {
		tb.Fatalf("Open(%s): %v", cfg.NodeID, err)
	}
	tb.Cleanup(func() { _ = g.Shutdown() })
	return &node{Group: g, fsm: cfg.FSM.(*kvFSM), cfg: cfg}
}

// waitLeader waits on ch for true and returns how long it took.
func waitLeader(tb testing.TB, ch <-chan bool, within time.Duration) time.Duration {
	tb.Helper()
	start := time.Now()
	deadline := time.After(within)
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				tb.Fatal("leader channel closed while waiting for leadership")
			}
			if v {
				return time.Since(start)
			}
		case <-deadline:
			tb.Fatalf("no leadership within %s", within)
		}
	}
}

// waitApplied waits until the node's FSM has applied at least n commands.
func waitApplied(tb testing.TB, nd *node, n uint64, within time.Duration) {
	tb.Helper()
	deadline := time.After(within)
	for {
		got, _, _, changed := nd.fsm.state()
		if got >= n {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			tb.Fatalf("%s applied %d commands, want %d within %s", nd.ID(), got, n, within)
		}
	}
}

// waitKeys waits until the node's FSM holds at least n distinct keys. The
// multi-node test counts keys, not commands, because it retries commands
// whose outcome was unknown (see applyOnLeader).
func waitKeys(tb testing.TB, nd *node, n int, within time.Duration) {
	tb.Helper()
	deadline := time.After(within)
	for {
		_, kv, _, changed := nd.fsm.state()
		if len(kv) >= n {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			tb.Fatalf("%s holds %d keys, want %d within %s", nd.ID(), len(kv), n, within)
		}
	}
}

// applyOnLeader applies commands k<from>..k<from+n-1> on whichever node is
// leader, retrying on another leader when leadership moves mid-way. On a
// loaded machine a leader can lose its lease spuriously; the test is about
// the group making progress, and "k=v" commands are idempotent, as real
// actorflow commands must be.
func applyOnLeader(tb testing.TB, nodes []*node, from, n int, within time.Duration) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for i := from; i < from+n; {
		var leader *node
		for _, nd := range nodes {
			if nd.IsLeader() {
				leader = nd
			}
		}
		if leader == nil {
			// Wait for any of them to win an election.
			chs := make([]<-chan bool, len(nodes))
			for j, nd := range nodes {
				chs[j] = nd.LeaderCh()
			}
			waitAnyLeader(tb, ctx, chs)
			continue
		}
		_, err := leader.Apply(ctx, []byte(fmt.Sprintf("k%d=v%d", i, i)))
		switch {
		case err == nil:
			i++
		case errors.Is(err, ErrNotLeader), errors.Is(err, ErrLeadershipLost):
			tb.Logf("apply #%d on %s: %v; retrying on the current leader", i, leader.ID(), err)
		default:
			tb.Fatalf("Apply #%d on %s: %v", i, leader.ID(), err)
		}
	}
}

// waitAnyLeader waits until one of the channels reports leadership.
func waitAnyLeader(tb testing.TB, ctx context.Context, chs []<-chan bool) int {
	tb.Helper()
	cases := make([]reflect.SelectCase, 0, len(chs)+1)
	for _, ch := range chs {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ch)})
	}
	cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())})
	for {
		i, v, ok := reflect.Select(cases)
		if i == len(chs) {
			tb.Fatalf("no leader elected: %v", ctx.Err())
		}
		if !ok {
			cases[i].Chan = reflect.ValueOf((<-chan bool)(nil)) // closed: node shut down
			continue
		}
		if v.Bool() {
			return i
		}
	}
}

func applyN(tb testing.TB, g *Group, from, n int) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i := from; i < from+n; i++ {
		if _, err := g.Apply(ctx, []byte(fmt.Sprintf("k%d=v%d", i, i))); err != nil {
			tb.Fatalf("Apply #%d on %s: %v", i, g.ID(), err)
		}
	}
}
