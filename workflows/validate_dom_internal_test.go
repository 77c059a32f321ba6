package workflows

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The dominator tree checked exactly against the definition on random graphs: for every
// reachable v ≠ start, the strict dominators of v (nodes whose removal cuts v off from start)
// are exactly idom(v) and its own dominators. The join rule only observes whether some fork
// lies on the chain, which hides many wrong trees; this does not.
func TestValidateDominatorsMatchDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 300 {
		g := vldRandomInternalGraph(rng, 2+rng.IntN(40))
		d := g.dominators()
		// dom[v] = set of nodes dominating v (including v), by removal.
		reach := func(removed int32) []bool {
			seen := make([]bool, len(g.nodes))
			if removed == g.start {
				return seen
			}
			stack := []int32{g.start}
			seen[g.start] = true
			for len(stack) > 0 {
				v := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				for _, s := range g.succ[v] {
					if !seen[s] && s != removed {
						seen[s] = true
						stack = append(stack, s)
					}
				}
			}
			return seen
		}
		all := reach(-1)
		dominates := func(a, v int32) bool { return a == v || (all[v] && !reach(a)[v]) }
		for i := 1; i < len(d.vertex); i++ {
			v, id := d.vertex[i], d.vertex[d.idom[i]]
			for a := range int32(len(g.nodes)) {
				if a == v || !all[a] {
					continue
				}
				if dominates(a, v) != dominates(a, id) {
					t.Fatalf("round %d: node %d: idom %d, but %d dominates v=%v, idom=%v",
						round, v, id, a, dominates(a, v), dominates(a, id))
				}
			}
		}
		reachable := 0
		for _, r := range all {
			if r {
				reachable++
			}
		}
		if reachable != len(d.vertex) {
			t.Fatalf("round %d: numbered %d nodes, %d reachable", round, len(d.vertex), reachable)
		}
	}
}

// vldRandomInternalGraph makes a graph of actions with random ok/error edges (forward,
// backward, self), node 0 being the start.
func vldRandomInternalGraph(rng *rand.Rand, n int) *vldGraph {
	w := &Workflow{Name: "rnd", InstanceLimit: 1}
	name := func(i int) string { return fmt.Sprintf("n%d", i) }
	w.Nodes = append(w.Nodes, &Node{Name: name(0), Kind: KindStart, To: name(rng.IntN(n))})
	for i := 1; i < n; i++ {
		a := &Action{Type: ActionShell, Shell: &ShellBody{Command: "x"}, Ok: name(rng.IntN(n))}
		if rng.IntN(2) == 0 {
			a.Error = name(rng.IntN(n))
		}
		w.Nodes = append(w.Nodes, &Node{Name: name(i), Kind: KindAction, Action: a})
	}
	var r vldReport
	return vldBuildGraph(&r, w)
}
