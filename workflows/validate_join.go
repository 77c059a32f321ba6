package workflows

// checkJoins rejects a join that some path from start reaches without passing through a fork.
// akkaflow's join waits for every predecessor; one reached "around" its fork waits for branches
// that were never started, so the instance hangs. The rule is: some fork must dominate the join
// (every path from start to the join passes through it). A fork whose paths never meet a join is
// fine, and loops are fine: dominance is well defined on cyclic graphs.
func (g *vldGraph) checkJoins(r *vldReport) {
	if g.start < 0 {
		return
	}
	hasJoin := false
	for _, n := range g.nodes {
		hasJoin = hasJoin || n.Kind == KindJoin
	}
	if !hasJoin {
		return // the common case: skip the dominator computation entirely
	}
	d := g.dominators()
	// forkDom[i] = whether a fork strictly dominates the node numbered i. A dominator is a
	// DFS-tree ancestor, so it has a smaller number: one pass in order sees every idom's answer
	// before it is needed.
	forkDom := make([]bool, len(d.vertex))
	for i := 1; i < len(d.vertex); i++ {
		p := d.idom[i]
		forkDom[i] = g.nodes[d.vertex[p]].Kind == KindFork || forkDom[p]
	}
	for i, v := range d.vertex {
		if n := g.nodes[v]; n.Kind == KindJoin && !forkDom[i] {
			r.errorf(n.Pos, vldJoinWithoutFork,
				"join %q can be reached from start without passing through a fork, so it would wait for branches that never started", n.Name)
		}
	}
}

// vldDom is the dominator tree of the nodes reachable from start, in DFS preorder numbers:
// vertex[i] is the node numbered i (vertex[0] = start) and idom[i] the number of its
// immediate dominator.
type vldDom struct {
	vertex []int32
	idom   []int32
}

// dominators computes immediate dominators with Lengauer and Tarjan's algorithm (the simple
// version with path compression, O(E log V), as in Appel's "Modern Compiler Implementation").
// The simpler iterative algorithm of Cooper, Harvey and Kennedy went quadratic on a shape that
// akkaflow files use all the time: every action's error leading to one shared kill node, whose
// hundreds of predecessors each walked the whole dominator chain (450 ms for 10,000 nodes).
func (g *vldGraph) dominators() vldDom {
	num, vertex, parent := g.preorder()
	n := len(vertex)
	preds := make([][]int32, n) // in numbers, reachable predecessors only
	for i, v := range vertex {
		for _, s := range g.succ[v] {
			preds[num[s]] = append(preds[num[s]], int32(i))
		}
	}

	semi := make([]int32, n)
	idom := make([]int32, n)
	samedom := make([]int32, n)
	ancestor := make([]int32, n)
	best := make([]int32, n)
	bucketHead := make([]int32, n) // bucket[s]: nodes whose semidominator is s, as linked lists
	bucketNext := make([]int32, n)
	for i := range n {
		semi[i], samedom[i], ancestor[i], best[i], bucketHead[i] = int32(i), -1, -1, int32(i), -1
	}
	var path []int32
	// eval returns the node with the smallest semidominator on the forest path above v,
	// compressing the path as it goes (iteratively: chains may be 10,000 long).
	eval := func(v int32) int32 {
		if ancestor[v] < 0 {
			return v
		}
		path = path[:0]
		for x := v; ancestor[ancestor[x]] >= 0; x = ancestor[x] {
			path = append(path, x)
		}
		for k := len(path) - 1; k >= 0; k-- {
			y := path[k]
			a := ancestor[y]
			if semi[best[a]] < semi[best[y]] {
				best[y] = best[a]
			}
			ancestor[y] = ancestor[a]
		}
		return best[v]
	}

	for w := int32(n - 1); w >= 1; w-- {
		p := parent[w]
		s := p
		for _, v := range preds[w] {
			cand := v
			if v > w {
				cand = semi[eval(v)]
			}
			s = min(s, cand)
		}
		semi[w] = s
		bucketNext[w], bucketHead[s] = bucketHead[s], w
		ancestor[w] = p // link
		for v := bucketHead[p]; v >= 0; v = bucketNext[v] {
			if y := eval(v); semi[y] == semi[v] {
				idom[v] = p
			} else {
				samedom[v] = y
			}
		}
		bucketHead[p] = -1
	}
	for w := 1; w < n; w++ {
		if samedom[w] >= 0 {
			idom[w] = idom[samedom[w]]
		}
	}
	return vldDom{vertex: vertex, idom: idom}
}

// preorder numbers the nodes reachable from start by an iterative depth-first search (no
// recursion: a 10,000-node chain must not grow the stack): num[node] (-1 when unreachable),
// vertex[number] and the DFS-tree parent of each number.
func (g *vldGraph) preorder() (num, vertex, parent []int32) {
	num = make([]int32, len(g.nodes))
	for i := range num {
		num[i] = -1
	}
	type frame struct{ v, next int32 }
	num[g.start] = 0
	vertex = append(vertex, g.start)
	parent = append(parent, -1)
	stack := []frame{{g.start, 0}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if int(top.next) == len(g.succ[top.v]) {
			stack = stack[:len(stack)-1]
			continue
		}
		s := g.succ[top.v][top.next]
		top.next++
		if num[s] < 0 {
			num[s] = int32(len(vertex))
			vertex = append(vertex, s)
			parent = append(parent, num[top.v])
			stack = append(stack, frame{s, 0})
		}
	}
	return num, vertex, parent
}
