package gateway

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/executors/monitor"
	"github.com/actorflow/actorflow/workflows/store"
	"github.com/actorflow/actorflow/workflows/xmlspec"
)

const monitorWF = `<work-flow name="dm" mail-level="">
  <start name="start" to="rows"/>
  <action name="rows"><data-monitor recheck-delay="0">
    <source type="NUM">5</source><min type="NUM">1</min><max type="NUM">10</max>
  </data-monitor><ok to="legacy"/></action>
  <action name="legacy"><data-monitor category="sales" source-name="orders" recheck-delay="0">
    <source type="NUM">50</source><max type="NUM">10</max><warn-msg>too many</warn-msg>
  </data-monitor><ok to="end"/></action>
  <end name="end"/>
</work-flow>`

// runMonitor runs the real data-monitor executor on node name of monitorWF.
func runMonitor(t *testing.T, name string) executors.Result {
	t.Helper()
	var act *workflows.Action
	for _, n := range xmlspec.Load("dm.xml", []byte(monitorWF)).Workflow.Nodes {
		if n.Name == name {
			act = n.Action
		}
	}
	return monitor.NewDataMonitor(monitor.Deps{}).Run(context.Background(),
		executors.Task{InstanceID: "i", Workflow: "dm", Node: name, Attempt: 1, Action: act}, executors.TaskIO{})
}

func TestDataMonitorResults(t *testing.T) {
	f := newFixture(t)
	def := definitionJSON(t, monitorWF)
	pass, fail := runMonitor(t, "rows"), runMonitor(t, "legacy")
	if pass.Status != workflows.AttemptSucceeded || fail.Status != workflows.AttemptFailed {
		t.Fatalf("executor results: %+v / %+v", pass, fail)
	}
	end := t0.Add(time.Minute)
	node := func(name string, st workflows.NodeStatus, res executors.Result) workflows.NodeRun {
		n := workflows.NodeRun{Name: name, Status: st, Visit: 1, Started: t0, Ended: end, Message: res.Message,
			Attempts: []workflows.Attempt{{Number: 1, Visit: 1, Status: res.Status, Started: t0, Ended: end}}}
		if st == workflows.NodeSucceeded {
			n.Outputs = res.Outputs // the master keeps a success's outputs only
		}
		return n
	}
	in := workflows.Instance{ID: "dm-1", Workflow: "dm", Status: workflows.InstanceFailed, Created: t0,
		Trigger: workflows.TriggerManual, Nodes: []workflows.NodeRun{{Name: "start", Status: workflows.NodeSucceeded},
			node("rows", workflows.NodeSucceeded, pass), node("legacy", workflows.NodeFailed, fail),
			{Name: "end", Status: workflows.NodePrep}}}
	f.apply(store.CreateInstance{Instance: in, Definition: def, Version: 1})

	list, err := f.gw.DataMonitorResults(context.Background(), httpapi.MonitorQuery{Workflow: "dm", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if list.Total != 2 || len(list.Items) != 2 {
		t.Fatalf("list = %+v", list)
	}
	got := map[string]apiv1.MonitorResult{}
	for _, r := range list.Items {
		got[r.Node] = r
	}
	ok := got["rows"]
	if ok.Category != "dm" || ok.Name != "rows" || ok.InstanceID != "dm-1" || ok.Status != "succeeded" ||
		!eq(ok.Value, 5) || !eq(ok.Min, 1) || !eq(ok.Max, 10) || ok.Ok == nil || !*ok.Ok || !ok.Time.Equal(end) {
		t.Errorf("passing result = %+v", ok)
	}
	bad := got["legacy"]
	if bad.Category != "sales" || bad.Name != "orders" || bad.Status != "failed" ||
		!eq(bad.Value, 50) || bad.Min != nil || !eq(bad.Max, 10) || bad.Ok == nil || *bad.Ok {
		t.Errorf("out-of-range result (from %q) = %+v", fail.Message, bad)
	}

	filtered, err := f.gw.DataMonitorResults(context.Background(), httpapi.MonitorQuery{Category: "sales", Name: "orders"})
	if err != nil || filtered.Total != 1 || filtered.Items[0].Node != "legacy" {
		t.Fatalf("category filter = %+v, %v", filtered, err)
	}
}

func TestMonitorResultOfUnknownValues(t *testing.T) {
	// A probe that failed measured nothing: value, bounds and ok are unknown.
	r := monitorResultOf(store.MonitorResult{Node: workflows.NodeRun{Name: "m", Status: workflows.NodeFailed,
		Message: `db-link "dw" does not exist (known: pg)`}})
	if r.Value != nil || r.Min != nil || r.Max != nil || r.Ok != nil {
		t.Fatalf("probe failure = %+v", r)
	}
	// Numbers JSON cannot carry are unknown rather than an encoding failure.
	r = monitorResultOf(store.MonitorResult{Node: workflows.NodeRun{Status: workflows.NodeSucceeded,
		Outputs: map[string]string{monitor.OutputValue: "+Inf", monitor.OutputOK: "true"}}})
	if r.Value != nil || r.Ok == nil || !*r.Ok {
		t.Fatalf("infinite value = %+v", r)
	}
	if v := number("NaN"); v != nil {
		t.Fatalf("number(NaN) = %v", *v)
	}
	if v := number("1e3"); v == nil || *v != 1000 || math.IsNaN(*v) {
		t.Fatalf("number(1e3) = %v", v)
	}
}

func eq(p *float64, v float64) bool { return p != nil && *p == v }
