package gateway

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/schedule"
	"github.com/actorflow/actorflow/workflows/store"
)

func TestSetWorkflowEnabledAsksTheMaster(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.gw.SetWorkflowEnabled(ctx, "etl", false); err != nil {
		t.Fatal(err)
	}
	if err := f.gw.SetWorkflowEnabled(ctx, "etl", true); err != nil {
		t.Fatal(err)
	}
	if got, want := f.master.seen(), []string{"set-enabled etl false", "set-enabled etl true"}; !slices.Equal(got, want) {
		t.Fatalf("calls %q, want %q", got, want)
	}
	f.master.err = workflows.Errorf(workflows.CodeConflict, `coordinator "etl" is disabled by its XML`)
	if err := f.gw.SetWorkflowEnabled(ctx, "etl", true); workflows.CodeOf(err) != workflows.CodeConflict {
		t.Fatalf("the master's conflict came back as %v", err)
	}
}

// A switched-off coordinator's row (list and detail) is not enabled and shows no next fire;
// the workflows it triggers through a standalone coordinator show the same.
func TestSwitchedOffCoordinatorRows(t *testing.T) {
	f := newFixture(t)
	next := time.Date(2024, 5, 2, 2, 0, 0, 0, time.UTC)
	f.apply(
		putDef("daily", "daily.xml", wfXML(wfSpec{name: "daily", cron: "0 2 * * *"})),
		putDef("other", "other.xml", wfXML(wfSpec{name: "other", cron: "0 2 * * *"})),
		coordinatorRecord(t, "daily", schedule.State{Next: next}, next),
		coordinatorRecord(t, "other", schedule.State{Next: next}, next),
	)
	rows := func() map[string]bool {
		t.Helper()
		list, err := f.gw.ListWorkflows(context.Background(), httpapi.WorkflowQuery{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, w := range list.Items {
			out[w.Name] = w.Enabled
			if w.Enabled == w.NextFire.IsZero() {
				t.Fatalf("%s: enabled %t with next fire %v", w.Name, w.Enabled, w.NextFire)
			}
		}
		return out
	}
	if got := rows(); !got["daily"] || !got["other"] {
		t.Fatalf("before the switch: %v", got)
	}
	f.apply(store.SetEnabled{Name: "daily", At: t0})
	if got := rows(); got["daily"] || !got["other"] {
		t.Fatalf("after switching daily off: %v", got)
	}
	d, err := f.gw.GetWorkflow(context.Background(), "daily")
	if err != nil || d.Enabled || !d.NextFire.IsZero() {
		t.Fatalf("detail of daily: enabled %t next %v (%v)", d.Enabled, d.NextFire, err)
	}
	f.apply(store.SetEnabled{Name: "daily", Enabled: true, At: t0})
	if got := rows(); !got["daily"] {
		t.Fatalf("after switching daily on: %v", got)
	}
}
