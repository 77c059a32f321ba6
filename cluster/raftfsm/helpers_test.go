package raftfsm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/actorflow/actorflow/cluster/raftgroup"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
	"github.com/hashicorp/go-hclog"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

var t0 = time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)

// controller is one raft node with its FSM store, as a controller process runs it.
type controller struct {
	g     *raftgroup.Group
	store *store.Store
	log   *Log
}

// openController starts a one-voter group in dir on loopback with real fsync on the raft log
// and the NoSync FSM store, and waits until it leads.
func openController(tb testing.TB, dir string) *controller {
	tb.Helper()
	c := startController(tb, dir, true)
	waitLeader(tb, c.g)
	return c
}

func startController(tb testing.TB, dir string, bootstrap bool) *controller {
	tb.Helper()
	st, err := OpenStore(dir, quiet)
	if err != nil {
		tb.Fatalf("OpenStore: %v", err)
	}
	logger := hclog.New(&hclog.LoggerOptions{Name: "raft", Level: hclog.Off, Output: io.Discard})
	if os.Getenv("RAFTFSM_DEBUG") != "" {
		logger = hclog.New(&hclog.LoggerOptions{Name: "raft", Level: hclog.Debug, Output: os.Stderr})
	}
	g, err := raftgroup.Open(raftgroup.Config{
		NodeID: "n1", Dir: dir, BindAddr: "127.0.0.1:0", Bootstrap: bootstrap,
		FSM: New(st, Options{Logger: quiet}), Logger: logger,
	})
	if err != nil {
		_ = st.Close()
		tb.Fatalf("raftgroup.Open: %v", err)
	}
	c := &controller{g: g, store: st, log: NewLog(g)}
	tb.Cleanup(c.close)
	return c
}

// close stops raft first (it drives the FSM), then closes the store cleanly.
func (c *controller) close() {
	_ = c.g.Shutdown()
	_ = c.store.Close()
}

func waitLeader(tb testing.TB, g *raftgroup.Group) {
	tb.Helper()
	ch := g.LeaderCh()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				tb.Fatal("leader channel closed")
			}
			if v {
				// Entries committed before a restart are applied once the new leader's
				// barrier (its first entry) commits.
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := g.Barrier(ctx); err != nil {
					tb.Fatalf("Barrier: %v", err)
				}
				return
			}
		case <-timeout:
			tb.Fatal("no leadership within 10s")
		}
	}
}

// createCmd creates instance id of workflow wf with three nodes.
func createCmd(id, wf string) store.CreateInstance {
	in := workflows.Instance{ID: id, Workflow: wf, Status: workflows.InstancePrep, Trigger: workflows.TriggerManual,
		Created: t0, Nodes: []workflows.NodeRun{{Name: "start"}, {Name: "a"}, {Name: "end"}}}
	return store.CreateInstance{Instance: in, Definition: json.RawMessage(`{"name":"` + wf + `"}`), Version: 1}
}

// nodeUpdate moves node a of id to running with attempt n.
func nodeUpdate(id string, n int) store.UpdateInstance {
	in := workflows.Instance{ID: id, Workflow: "wf", Status: workflows.InstanceRunning, Trigger: workflows.TriggerManual,
		Created: t0, Started: t0,
		Nodes: []workflows.NodeRun{{Name: "a", Status: workflows.NodeRunning, Visit: 1,
			Attempts: []workflows.Attempt{{Number: n, Visit: 1, Status: workflows.AttemptDispatched, Worker: "w1", Dispatched: t0}}}}}
	return store.UpdateInstance{Instance: in}
}

func instanceID(i int) string { return fmt.Sprintf("i-%05d", i) }

// testCtx bounds a test's raft calls.
func testCtx(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(tb.Context(), 30*time.Second)
	tb.Cleanup(cancel)
	return ctx
}
