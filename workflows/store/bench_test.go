package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// BenchmarkApplyUpdateInstance: the hot command (a node moved on: one changed node) on a
// store that already holds 1,000 instances of 20 nodes, with and without fsync.
func BenchmarkApplyUpdateInstance(b *testing.B) {
	for _, mode := range []struct {
		name   string
		noSync bool
	}{{"nosync", true}, {"sync", false}} {
		b.Run(mode.name, func(b *testing.B) {
			s := openAt(b, filepath.Join(b.TempDir(), "fsm.db"), Options{NoSync: mode.noSync})
			seedInstances(b, s, 1000, 20)
			in := bigInstance("wf-500", 0)
			in.Workflow = "wf-0"
			in.Nodes = []workflows.NodeRun{{Name: "action-00007", Status: workflows.NodeRunning, Visit: 1,
				Attempts: []workflows.Attempt{{Number: 1, Visit: 1, Status: workflows.AttemptRunning, Worker: "worker-1", Dispatched: t0}}}}
			entry := mustEncode(b, UpdateInstance{Instance: in})
			index := s.AppliedIndex()
			b.SetBytes(int64(len(entry)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				index++
				if err := s.Apply(index, entry); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCreateInstance: one 20-node instance per entry (NoSync, the FSM setting).
func BenchmarkCreateInstance(b *testing.B) {
	s := openTemp(b)
	seedInstances(b, s, 1000, 20)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		c := create(bigInstance(fmt.Sprintf("new-%d", i), 18))
		if err := ApplyDirect(s, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInstancesList: a page of 50 out of 100,000 instances (10 workflows, mixed statuses).
func BenchmarkInstancesList(b *testing.B) {
	s := openTemp(b)
	seedInstances(b, s, 100_000, 3)
	failed := workflows.InstanceFailed
	for _, c := range []struct {
		name string
		q    InstanceQuery
	}{
		{"all", InstanceQuery{Limit: 50}},
		{"workflow", InstanceQuery{Workflow: "wf-3", Limit: 50}},
		{"status", InstanceQuery{Status: &failed, Limit: 50}},
		{"workflow+status", InstanceQuery{Workflow: "wf-3", Status: &failed, Limit: 50}},
		{"all/offset-5000", InstanceQuery{Limit: 50, Offset: 5000}},
		{"group+status(scan)", InstanceQuery{Group: "g-1", Status: &failed, Limit: 50}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				items, total, err := s.Instances(c.q)
				if err != nil || len(items) == 0 || total == 0 {
					b.Fatalf("Instances: %d items, total %d, %v", len(items), total, err)
				}
			}
		})
	}
}

// seedInstances creates n instances of nodes nodes each over 10 workflows and 4 groups, one
// in ten failed, the rest succeeded, 1,000 per entry.
func seedInstances(tb testing.TB, s *Store, n, nodes int) {
	tb.Helper()
	var cmds []Command
	for i := range n {
		in := bigInstance(fmt.Sprintf("wf-%d", i), nodes-2)
		in.Workflow = fmt.Sprintf("wf-%d", i%10)
		in.Created = t0.Add(time.Duration(i) * time.Second)
		in.Status = workflows.InstanceSucceeded
		if i%10 == 3 {
			in.Status = workflows.InstanceFailed
		}
		c := create(in)
		c.Group = fmt.Sprintf("g-%d", i%4)
		cmds = append(cmds, c)
		if len(cmds) == 1000 || i == n-1 {
			must(tb, s, cmds...)
			cmds = cmds[:0]
		}
	}
}
