package gateway

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/workflows/schedule"
	"github.com/actorflow/actorflow/workflows/store"
)

// seedMany stores n definitions, each with a cron coordinator, one dependency and a stored
// coordinator state, in entries of 1,000.
func seedMany(b *testing.B, f *fixture, n int) {
	b.Helper()
	next := t0.Add(16 * time.Hour)
	var cmds []store.Command
	for i := range n {
		name := fmt.Sprintf("wf_%05d", i)
		xml := wfXML(wfSpec{name: name, dir: fmt.Sprintf("/team%d/sub%d", i%10, i%7), desc: "workflow number " + name,
			cron: "0 2 * * *", depends: []string{fmt.Sprintf("wf_%05d", (i+1)%n)}})
		cmds = append(cmds, putDef(name, name+".xml", xml), coordinatorRecord(b, name, schedule.State{Next: next}, next))
		if len(cmds) >= 2000 {
			f.apply(cmds...)
			cmds = nil
		}
	}
	if len(cmds) > 0 {
		f.apply(cmds...)
	}
}

// BenchmarkListWorkflows10000: one page of 50 out of 10,000 definitions once the cache is
// warm and the store has not moved (the budget is well under 50 ms per call).
func BenchmarkListWorkflows10000(b *testing.B) {
	f := newFixture(b)
	seedMany(b, f, 10000)
	ctx := context.Background()
	start := time.Now()
	if _, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 50}); err != nil {
		b.Fatal(err)
	}
	b.Logf("cold list (parses 10,000 definitions): %s", time.Since(start))

	queries := map[string]httpapi.WorkflowQuery{
		"page":      {Limit: 50, Offset: 5000},
		"dir":       {Dir: "/team3", Limit: 50, Offset: 100},
		"substring": {Q: "NUMBER WF_0", Limit: 50, Offset: 50},
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				list, err := f.gw.ListWorkflows(ctx, q)
				if err != nil || len(list.Items) != 50 {
					b.Fatalf("%d items, %v", len(list.Items), err)
				}
			}
		})
	}
}

// BenchmarkListWorkflows10000Reread: the same page when every call finds the store moved
// (ListMaxStale < 0): the definitions are read and decoded again, none is re-parsed. This is
// the cost ListMaxStale saves on a busy node.
func BenchmarkListWorkflows10000Reread(b *testing.B) {
	f := newFixture(b, func(c *Config) { c.ListMaxStale = -1 })
	seedMany(b, f, 10000)
	ctx := context.Background()
	if _, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 50}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		f.gw.catalog.invalidate()
		if _, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 50, Offset: 5000}); err != nil {
			b.Fatal(err)
		}
	}
}
