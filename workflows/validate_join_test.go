package workflows_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	wf "github.com/actorflow/actorflow/workflows"
)

// The join rule checked against its definition on random graphs (loops, shared kill nodes,
// nested forks): a reachable join is accepted iff removing some fork makes it unreachable from
// start. This pins the dominator computation without trusting it.
func TestValidateJoinRuleMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	flagged, accepted := 0, 0 // both outcomes must occur, or the comparison proves nothing
	for round := range 500 {
		w := vldRandomGraph(rng, 4+rng.IntN(30))
		var got []string
		for _, p := range wf.Validate(w) {
			if p.Code == "join-without-fork" {
				got = append(got, w.Nodes[p.Pos.Line-2].Name)
			}
		}
		want, reachableJoins := vldJoinsWithoutFork(w)
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: join-without-fork on %v, want %v\n%s", round, got, want, vldDescribe(w))
		}
		flagged += len(want)
		accepted += reachableJoins - len(want)
	}
	if flagged < 50 || accepted < 50 {
		t.Errorf("weak sample: %d joins flagged, %d accepted", flagged, accepted)
	}
}

// vldRandomGraph makes a workflow whose node i sits at line i+2 and whose transitions are
// random (forward, backward and self edges), all resolving.
func vldRandomGraph(rng *rand.Rand, n int) *wf.Workflow {
	b := vldNew("rnd")
	name := func(i int) string { return fmt.Sprintf("n%d", i) }
	pick := func() string { return name(1 + rng.IntN(n-1)) }
	b.start(name(0), pick())
	for i := 1; i < n; i++ {
		switch r := rng.IntN(10); {
		case r < 2:
			paths := make([]string, 1+rng.IntN(3))
			for k := range paths {
				paths[k] = pick()
			}
			b.fork(name(i), paths...)
		case r < 4:
			b.join(name(i), pick())
		case r < 5:
			b.end(name(i))
		case r < 6:
			b.kill(name(i))
		default:
			errTo := ""
			if rng.IntN(2) == 0 {
				errTo = pick()
			}
			b.shell(name(i), pick(), errTo)
		}
	}
	return b.w
}

// vldJoinsWithoutFork applies the rule's definition directly: the offending joins in document
// order, and how many joins are reachable at all.
func vldJoinsWithoutFork(w *wf.Workflow) (out []string, reachable int) {
	reach := func(removed string) map[string]bool {
		seen := map[string]bool{}
		if removed == w.Nodes[0].Name {
			return seen
		}
		stack := []string{w.Nodes[0].Name}
		seen[stack[0]] = true
		for len(stack) > 0 {
			n := w.Node(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			for _, s := range n.Successors() {
				if !seen[s] && s != removed {
					seen[s] = true
					stack = append(stack, s)
				}
			}
		}
		return seen
	}
	all := reach("")
	without := map[string]map[string]bool{}
	for _, f := range w.Nodes {
		if f.Kind == wf.KindFork && all[f.Name] {
			without[f.Name] = reach(f.Name)
		}
	}
	for _, j := range w.Nodes {
		if j.Kind != wf.KindJoin || !all[j.Name] {
			continue
		}
		reachable++
		dominated := false
		for f, seen := range without {
			dominated = dominated || (f != j.Name && !seen[j.Name])
		}
		if !dominated {
			out = append(out, j.Name)
		}
	}
	return out, reachable
}

func vldDescribe(w *wf.Workflow) string {
	s := ""
	for _, n := range w.Nodes {
		s += fmt.Sprintf("  %s %s → %v\n", n.Kind, n.Name, n.Successors())
	}
	return s
}
