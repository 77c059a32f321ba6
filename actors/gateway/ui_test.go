package gateway

import (
	"context"
	"reflect"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// TestRunGrid: a page of one workflow's runs, newest first, with every node's status and
// nothing a grid cell does not show.
func TestRunGrid(t *testing.T) {
	f := newFixture(t)
	seedInstances(f)
	list, err := f.gw.RunGrid(context.Background(), "etl", 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if list.Total != 3 || len(list.Items) != 2 || list.Items[0].ID != "etl-3" || list.Items[1].ID != "etl-2" {
		t.Fatalf("page %+v", list)
	}
	in := list.Items[1]
	if len(in.Nodes) != 8 || in.Nodes[2].Name != "a" || in.Nodes[2].Kind != "action" || in.Nodes[2].Status != "prep" {
		t.Fatalf("nodes %+v", in.Nodes)
	}
	for _, n := range in.Nodes {
		if n.AttemptList != nil || n.Outputs != nil || n.Message != "" {
			t.Errorf("node %s carries more than a cell: %+v", n.Name, n)
		}
	}
	if list, err := f.gw.RunGrid(context.Background(), "etl", 2, 2); err != nil || len(list.Items) != 1 || list.Items[0].ID != "etl-1" {
		t.Errorf("second page %+v %v", list, err)
	}
	if list, err := f.gw.RunGrid(context.Background(), "nobody", 10, 0); err != nil || list.Total != 0 {
		t.Errorf("unknown workflow %+v %v", list, err)
	}
}

// TestWorkflowDirs: each directory counts the definitions beneath it; the root counts all.
func TestWorkflowDirs(t *testing.T) {
	f := newFixture(t)
	f.apply(
		putDef("a", "a.xml", wfXML(wfSpec{name: "a", dir: "/team/etl"})),
		putDef("b", "b.xml", wfXML(wfSpec{name: "b", dir: "/team/etl/"})),
		putDef("c", "c.xml", wfXML(wfSpec{name: "c", dir: "/team"})),
		putDef("d", "d.xml", wfXML(wfSpec{name: "d", dir: "/other"})),
		putDef("e", "e.xml", wfXML(wfSpec{name: "e"})),
	)
	list, err := f.gw.WorkflowDirs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []apiv1.Dir{{Path: "", Workflows: 5}, {Path: "other", Workflows: 1}, {Path: "team", Workflows: 3},
		{Path: "team/etl", Workflows: 2}}
	if !reflect.DeepEqual(list.Items, want) || list.Total != 4 {
		t.Errorf("dirs %+v, want %+v", list.Items, want)
	}
}
