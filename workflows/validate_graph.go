package workflows

import (
	"fmt"
	"strings"
)

// vldGraph is the node graph as validation sees it: node names resolved to indexes once, so
// that reachability and dominators are plain slice walks (linear in nodes + edges).
type vldGraph struct {
	nodes []*Node          // non-nil nodes, document order
	index map[string]int32 // name → first node with that name
	succ  [][]int32        // resolved transitions; unknown names are left out
	dup   []bool           // a later node reusing an earlier name (never a target)
	start int32            // first start node, -1 when none
	sugg  *vldSuggester
}

// vldBuildGraph checks names, the start node and every transition, and returns the graph of
// the transitions that resolve.
func vldBuildGraph(r *vldReport, w *Workflow) *vldGraph {
	g := &vldGraph{index: make(map[string]int32, len(w.Nodes)), start: -1}
	for _, n := range w.Nodes {
		if n == nil {
			r.errorf(w.Pos, vldNilNode, "the workflow holds a nil node")
			continue
		}
		g.nodes = append(g.nodes, n)
	}
	g.dup = make([]bool, len(g.nodes))
	g.succ = make([][]int32, len(g.nodes))

	var starts []*Node
	for i, n := range g.nodes {
		if _, ok := kindNames[n.Kind]; !ok {
			r.errorf(n.Pos, vldBadNodeKind, "node %q has an unknown kind (%d)", n.Name, uint8(n.Kind))
		}
		if n.Kind == KindStart {
			if len(starts) > 0 {
				r.errorf(n.Pos, vldMultipleStarts, "a second start node %q: the workflow already starts at %q%s",
					n.Name, starts[0].Name, vldAtLine(starts[0].Pos))
			} else {
				g.start = int32(i)
			}
			starts = append(starts, n)
		}
		if vldBlank(n.Name) {
			r.errorf(n.Pos, vldEmptyNodeName, "a %s node has no name", vldKind(n.Kind))
			continue
		}
		if first, ok := g.index[n.Name]; ok {
			g.dup[i] = true
			r.errorf(n.Pos, vldDuplicateNode, "node name %q is already used by the %s node%s",
				n.Name, vldKind(g.nodes[first].Kind), vldAtLine(g.nodes[first].Pos))
			continue
		}
		g.index[n.Name] = int32(i)
	}
	if len(starts) == 0 {
		r.errorf(w.Pos, vldNoStart, "the workflow has no start node")
	}

	g.sugg = newVldSuggester(g.nodes)
	for i, n := range g.nodes {
		g.succ[i] = g.resolveRefs(r, n)
	}
	return g
}

// resolveRefs checks one node's outgoing transitions and returns the targets that exist.
func (g *vldGraph) resolveRefs(r *vldReport, n *Node) []int32 {
	var out []int32
	ref := func(key, target string, required bool) {
		if target == "" {
			if required {
				r.errorf(vldRefPos(n, key), vldMissingTarget, "%s %q: transition %q names no target", vldKind(n.Kind), n.Name, vldRefLabel(key))
			}
			return
		}
		if j, ok := g.index[target]; ok {
			out = append(out, j)
			return
		}
		msg := fmt.Sprintf("%s %q: transition %q goes to %q, which is not a node of this workflow", vldKind(n.Kind), n.Name, vldRefLabel(key), target)
		if s := g.sugg.closest(target); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		r.errorf(vldRefPos(n, key), vldUnknownNode, "%s", msg)
	}
	switch n.Kind {
	case KindStart, KindJoin:
		ref("to", n.To, true)
	case KindFork:
		if len(n.Paths) == 0 {
			r.errorf(n.Pos, vldForkWithoutPaths, "fork %q has no path", n.Name)
		}
		for i, p := range n.Paths {
			ref(fmt.Sprintf("path[%d]", i), p, true)
		}
	case KindAction:
		if n.Action == nil {
			return nil // reported by the action checks
		}
		ref("ok", n.Action.Ok, true)
		ref("error", n.Action.Error, false)
	}
	return out
}

// checkReachability walks from the start node: some end must be reachable, and every node that
// is not gets a warning (it can never run). Loops are fine: a visited node is simply not
// walked again.
func (g *vldGraph) checkReachability(r *vldReport) {
	if g.start < 0 {
		return // without a start everything would be "unreachable": no-start says it all
	}
	seen := g.reachable()
	endFound := false
	for i, n := range g.nodes {
		switch {
		case seen[i]:
			endFound = endFound || n.Kind == KindEnd
		case g.dup[i] || n.Kind == KindStart || vldBlank(n.Name):
			// already an error (duplicate or missing name, extra start); a warning would
			// only repeat it
		default:
			r.warnf(n.Pos, vldUnreachableNode, "%s %q cannot be reached from start %q", vldKind(n.Kind), n.Name, g.nodes[g.start].Name)
		}
	}
	if !endFound {
		r.errorf(g.nodes[g.start].Pos, vldNoReachableEnd, "no end node can be reached from start %q", g.nodes[g.start].Name)
	}
}

func (g *vldGraph) reachable() []bool {
	seen := make([]bool, len(g.nodes))
	stack := []int32{g.start}
	seen[g.start] = true
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range g.succ[v] {
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return seen
}

// vldRefPos locates a transition: xmlspec records each in Node.RefPos under "to", "ok",
// "error" or "path[i]"; nodes built in Go may not have them.
func vldRefPos(n *Node, key string) Pos {
	if p, ok := n.RefPos[key]; ok && p.Line > 0 {
		return p
	}
	return n.Pos
}

// vldRefLabel names a transition for messages: "path[1]" → "path 2" (people count from 1).
func vldRefLabel(key string) string {
	if rest, ok := strings.CutPrefix(key, "path["); ok {
		var i int
		fmt.Sscanf(rest, "%d", &i)
		return fmt.Sprintf("path %d", i+1)
	}
	return key
}

// vldAtLine renders " (line N)" when the position is known.
func vldAtLine(p Pos) string {
	if p.Line > 0 {
		return fmt.Sprintf(" at line %d", p.Line)
	}
	return ""
}

func vldBlank(s string) bool { return strings.TrimSpace(s) == "" }

// vldKind names a kind for messages without NodeKind.String, which recurses forever on values
// outside kindNames (nameOr formats the Stringer itself with %v).
func vldKind(k NodeKind) string {
	if name, ok := kindNames[k]; ok {
		return name
	}
	return fmt.Sprintf("kind-%d", uint8(k))
}
