package xmlspec

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

// TestModelJSONRoundTrip: the master stores each instance's expanded workflow as JSON and
// rebuilds its plan from it after a restart, so every parsed model must decode back equal.
func TestModelJSONRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "valid", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		def := Parse(f, data)
		if def.Problems.HasErrors() {
			t.Fatalf("%s: %v", f, def.Problems)
		}
		for _, v := range []any{def.Workflow, def.Coordinator} {
			if reflect.ValueOf(v).IsNil() {
				continue
			}
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%s: marshal: %v", f, err)
			}
			back := reflect.New(reflect.TypeOf(v).Elem()).Interface()
			if err := json.Unmarshal(b, back); err != nil {
				t.Fatalf("%s: unmarshal: %v", f, err)
			}
			if w, ok := v.(*workflows.Workflow); ok {
				w, back := clearRefPos(w), clearRefPos(back.(*workflows.Workflow))
				w.Coordinator, back.Coordinator = sameInstants(w.Coordinator), sameInstants(back.Coordinator)
				if !reflect.DeepEqual(w, back) {
					t.Errorf("%s: workflow changed in a JSON round trip", f)
				}
				continue
			}
			if !reflect.DeepEqual(sameInstants(v.(*workflows.Coordinator)), sameInstants(back.(*workflows.Coordinator))) {
				t.Errorf("%s: coordinator changed in a JSON round trip", f)
			}
		}
	}
}

// clearRefPos drops what JSON deliberately does not carry (reference positions, used only to
// report problems while loading). It copies so the parsed model stays intact.
func clearRefPos(w *workflows.Workflow) *workflows.Workflow {
	c := *w
	c.Nodes = make([]*workflows.Node, len(w.Nodes))
	for i, n := range w.Nodes {
		nc := *n
		nc.RefPos = nil
		c.Nodes[i] = &nc
	}
	return &c
}

// sameInstants puts the coordinator's window in UTC: JSON keeps the instant and the offset,
// not the zone's name, and the window is only ever compared as instants.
func sameInstants(c *workflows.Coordinator) *workflows.Coordinator {
	if c == nil {
		return nil
	}
	cc := *c
	cc.Start, cc.End = cc.Start.UTC(), cc.End.UTC()
	return &cc
}
