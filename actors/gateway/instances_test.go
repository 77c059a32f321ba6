package gateway

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// seedInstances creates, oldest first: etl-1 succeeded, etl-2 failed, rep-1 running, etl-3 prep.
func seedInstances(f *fixture) json.RawMessage {
	def := definitionJSON(f.t, wfXML(wfSpec{name: "etl"}))
	create := func(in workflows.Instance) store.CreateInstance {
		return store.CreateInstance{Instance: in, Definition: def, Version: 3}
	}
	f.apply(
		create(instanceOfWF("etl-1", "etl", workflows.InstanceSucceeded, t0.Add(-4*time.Hour))),
		create(instanceOfWF("etl-2", "etl", workflows.InstanceFailed, t0.Add(-3*time.Hour))),
		create(instanceOfWF("rep-1", "rep", workflows.InstanceRunning, t0.Add(-2*time.Hour))),
		create(instanceOfWF("etl-3", "etl", workflows.InstancePrep, t0.Add(-1*time.Hour))),
	)
	return def
}

func ids(f *fixture, q httpapi.InstanceQuery) ([]string, int, error) {
	list, err := f.gw.ListInstances(context.Background(), q)
	if err != nil {
		return nil, 0, err
	}
	out := make([]string, len(list.Items))
	for i, in := range list.Items {
		out[i] = in.ID
		if in.Nodes != nil {
			f.t.Errorf("a list row carries nodes: %s", in.ID)
		}
	}
	return out, list.Total, nil
}

func TestListInstances(t *testing.T) {
	f := newFixture(t)
	seedInstances(f)
	cases := []struct {
		q     httpapi.InstanceQuery
		want  []string
		total int
	}{
		{httpapi.InstanceQuery{Limit: 50}, []string{"etl-3", "rep-1", "etl-2", "etl-1"}, 4},
		{httpapi.InstanceQuery{Limit: 2, Offset: 1}, []string{"rep-1", "etl-2"}, 4},
		{httpapi.InstanceQuery{Workflow: "etl", Limit: 50}, []string{"etl-3", "etl-2", "etl-1"}, 3},
		{httpapi.InstanceQuery{Workflow: "etl", Status: "failed", Limit: 50}, []string{"etl-2"}, 1},
		{httpapi.InstanceQuery{Status: "W_RUNNING", Limit: 50}, []string{"rep-1"}, 1},
	}
	for _, c := range cases {
		got, total, err := ids(f, c.q)
		if err != nil {
			t.Fatalf("%+v: %v", c.q, err)
		}
		if !slices.Equal(got, c.want) || total != c.total {
			t.Errorf("%+v: got %v total %d, want %v total %d", c.q, got, total, c.want, c.total)
		}
	}
	if _, _, err := ids(f, httpapi.InstanceQuery{Status: "sleeping", Limit: 50}); codeOf(err) != workflows.CodeInvalid {
		t.Fatalf("unknown status: %v (code %q)", err, codeOf(err))
	}
}

func TestGetInstanceNodesInDocumentOrderWithKinds(t *testing.T) {
	f := newFixture(t)
	seedInstances(f)
	in := instanceOfWF("etl-2", "etl", workflows.InstanceFailed, t0.Add(-3*time.Hour))
	c := &in.Nodes[5] // "c": failed once, then failed again; outputs of the last attempt
	c.Status, c.Started, c.Ended, c.Message = workflows.NodeFailed, t0.Add(-170*time.Minute), t0.Add(-169*time.Minute), "exit 1"
	c.Outputs = map[string]string{"rows": "0"}
	c.Attempts = []workflows.Attempt{
		{Number: 1, Visit: 1, Status: workflows.AttemptFailed, Worker: "w1", ExitCode: 2, Message: "exit 2"},
		{Number: 2, Visit: 1, Status: workflows.AttemptFailed, Worker: "w2", ExitCode: 1, Message: "exit 1"},
	}
	f.apply(store.UpdateInstance{Instance: workflows.Instance{ID: in.ID, Workflow: in.Workflow, Status: in.Status,
		Trigger: in.Trigger, Created: in.Created, Started: in.Started, Ended: in.Ended, Params: in.Params,
		Message: "node c failed", Nodes: []workflows.NodeRun{*c}}})

	got, err := f.gw.GetInstance(context.Background(), "etl-2")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "failed" || got.Trigger != "schedule" || got.Message != "node c failed" || got.Params["day"] != "2024-05-01" {
		t.Fatalf("header: %+v", got)
	}
	var order, kinds, types []string
	for _, n := range got.Nodes {
		order = append(order, n.Name)
		kinds = append(kinds, n.Kind)
		types = append(types, n.Type)
	}
	if !slices.Equal(order, []string{"start", "split", "a", "b", "merge", "c", "k", "end"}) ||
		!slices.Equal(kinds, []string{"start", "fork", "action", "action", "join", "action", "kill", "end"}) ||
		!slices.Equal(types, []string{"", "", "shell", "script", "", "shell", "", ""}) {
		t.Fatalf("nodes: %v %v %v", order, kinds, types)
	}
	cn := got.Nodes[5]
	if cn.Status != "failed" || cn.Attempts != 2 || len(cn.AttemptList) != 2 || cn.Outputs["rows"] != "0" {
		t.Fatalf("node c: %+v", cn)
	}
	if a := cn.AttemptList[0]; a.Number != 1 || a.Status != "failed" || a.Worker != "w1" || a.ExitCode != 2 {
		t.Fatalf("attempt 1: %+v", a)
	}

	if _, err := f.gw.GetInstance(context.Background(), "missing"); codeOf(err) != workflows.CodeNotFound {
		t.Fatalf("unknown instance: %v", err)
	}
}

func TestNodeKindsFromNumericDefinitions(t *testing.T) {
	got := shapes(json.RawMessage(`{"nodes":[{"name":"s","kind":1},{"name":"a","kind":6,"action":{"type":"sql"}}]}`))
	if got["s"].kind != "start" || got["a"].kind != "action" || got["a"].typ != "sql" {
		t.Fatalf("shapes: %+v", got)
	}
	if shapes(json.RawMessage(`null`)) != nil || shapes(json.RawMessage(`{`)) != nil {
		t.Fatal("an unusable definition yields no shapes")
	}
}
