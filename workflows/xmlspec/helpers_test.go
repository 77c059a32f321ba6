package xmlspec

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

// stripPositions clears every position in def's model and puts times in UTC, so that two
// readings of equivalent files compare equal with reflect.DeepEqual. It mutates def.
func stripPositions(def *workflows.Definition) {
	stripCoordinator := func(c *workflows.Coordinator) {
		if c == nil {
			return
		}
		c.Pos, c.CronPos = workflows.Pos{}, workflows.Pos{}
		if !c.Start.IsZero() {
			c.Start = c.Start.UTC()
		}
		if !c.End.IsZero() {
			c.End = c.End.UTC()
		}
		for i := range c.Depends {
			c.Depends[i].Pos = workflows.Pos{}
		}
		for i := range c.Params {
			c.Params[i].Pos = workflows.Pos{}
		}
	}
	if w := def.Workflow; w != nil {
		w.Pos = workflows.Pos{}
		stripCoordinator(w.Coordinator)
		for _, n := range w.Nodes {
			n.Pos, n.RefPos = workflows.Pos{}, nil
		}
	}
	stripCoordinator(def.Coordinator)
}

// sameModel reports whether a and b define the same thing, positions and problems aside.
func sameModel(a, b *workflows.Definition) bool {
	stripPositions(a)
	stripPositions(b)
	return reflect.DeepEqual(a.Workflow, b.Workflow) && reflect.DeepEqual(a.Coordinator, b.Coordinator)
}

// roundTrip checks that Write(def) reads back, without errors, as the same model.
func roundTrip(t *testing.T, source string, data []byte) {
	t.Helper()
	first := Parse(source, data)
	if first.Problems.HasErrors() {
		t.Fatalf("%s does not parse: %v", source, first.Problems.Errors())
	}
	out, err := Write(first)
	if err != nil {
		t.Fatalf("Write(%s): %v", source, err)
	}
	second := Parse(source, out)
	if second.Problems.HasErrors() {
		t.Fatalf("Write(%s) output does not parse: %v\n%s", source, second.Problems.Errors(), out)
	}
	again := Parse(source, data)
	if !sameModel(again, second) {
		t.Fatalf("Write(%s) changed the model:\n%s\nfirst:  %s\nsecond: %s", source, out, dump(again), dump(second))
	}
}

// dump renders a definition for failure messages.
func dump(def *workflows.Definition) string {
	b, _ := json.MarshalIndent(def, "", "  ")
	return string(b)
}

// codes lists "severity:code" of each problem, in order.
func codes(ps workflows.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Severity.String() + ":" + p.Code
	}
	return out
}

// wrapAction builds a workflow around one action: start → a → end.
func wrapAction(attrs, body string) string {
	return `<work-flow name="w"><start name="s" to="a"/><action name="a"` + attrs + `>` + body +
		`<ok to="e"/></action><end name="e"/></work-flow>`
}

// parseAction parses one action (see wrapAction) and returns it with the file's problems.
func parseAction(t *testing.T, attrs, body string) (*workflows.Action, workflows.Problems) {
	t.Helper()
	def := Parse("t.xml", []byte(wrapAction(attrs, body)))
	if def.Workflow == nil {
		t.Fatalf("no workflow: %v", def.Problems)
	}
	n := def.Workflow.Node("a")
	if n == nil || n.Action == nil {
		t.Fatalf("no action a: %s", dump(def))
	}
	return n.Action, def.Problems
}

// sameCodes compares problem codes ignoring order.
func sameCodes(got workflows.Problems, want []string) bool {
	g := codes(got)
	slices.Sort(g)
	w := slices.Clone(want)
	slices.Sort(w)
	return slices.Equal(g, w)
}
