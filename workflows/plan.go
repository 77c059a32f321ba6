package workflows

import "fmt"

// EdgeKind says which transition leads from one node to the next. A join uses it to decide
// whether a predecessor has arrived: an action arrives through ok when it succeeded (or was
// skipped) and through error when it failed and took its error transition.
type EdgeKind uint8

const (
	EdgeTo    EdgeKind = iota + 1 // start or join "to"
	EdgePath                      // one of a fork's paths
	EdgeOk                        // an action's ok transition
	EdgeError                     // an action's error transition
)

var engEdgeNames = map[EdgeKind]string{EdgeTo: "to", EdgePath: "path", EdgeOk: "ok", EdgeError: "error"}

func (k EdgeKind) String() string { return nameOr(engEdgeNames, k) }

func (k EdgeKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Predecessor is one transition into a node.
type Predecessor struct {
	From string   `json:"from"`
	Edge EdgeKind `json:"edge"`
}

// Plan is a workflow compiled for the engine: names resolved to indexes, every node's
// successors and predecessors, and for each join the number of distinct predecessors it waits
// for. It is built once per definition and shared read-only by every instance of it (safe for
// concurrent use), so per-event work never has to search the definition.
type Plan struct {
	wf       *Workflow
	nodes    []engPlanNode
	index    map[string]int32
	start    int32
	joins    []int32 // join indexes in document order (quiescence reports them)
	maxSteps int     // synchronous steps one event may take before the engine calls it a loop
}

// engPlanNode is one node with its transitions resolved. Unused targets are -1.
type engPlanNode struct {
	node     *Node
	next     []int32 // start, join: [to]; fork: paths in document order
	ok, err  int32   // action transitions
	preds    []Predecessor
	expected int32 // join: distinct predecessors that must arrive before it fires
}

// NewPlan compiles w. It refuses only what the engine cannot run (no start node, duplicate
// names, transitions to unknown nodes, an action without its attributes); the full checks
// with source positions are Validate's job.
func NewPlan(w *Workflow) (*Plan, error) {
	if w == nil {
		return nil, Errorf(CodeInvalid, "no workflow to plan")
	}
	p := &Plan{wf: w, nodes: make([]engPlanNode, len(w.Nodes)),
		index: make(map[string]int32, len(w.Nodes)), start: -1}
	for i, n := range w.Nodes {
		if n == nil {
			return nil, Errorf(CodeInvalid, "workflow %q: node %d is nil", w.Name, i)
		}
		if _, dup := p.index[n.Name]; dup {
			return nil, Errorf(CodeInvalid, "workflow %q: node name %q is used twice", w.Name, n.Name)
		}
		p.index[n.Name] = int32(i)
		p.nodes[i] = engPlanNode{node: n, ok: -1, err: -1}
		if n.Kind == KindStart && p.start < 0 {
			p.start = int32(i)
		}
	}
	if p.start < 0 {
		return nil, Errorf(CodeInvalid, "workflow %q has no start node", w.Name)
	}
	edges := 0
	for i := range p.nodes {
		if err := p.resolve(int32(i)); err != nil {
			return nil, err
		}
		edges += len(p.nodes[i].next)
	}
	for i := range p.nodes {
		pn := &p.nodes[i]
		if pn.node.Kind == KindJoin {
			p.joins = append(p.joins, int32(i))
			pn.expected = int32(engDistinctFrom(pn.preds))
		}
	}
	// A walk through control nodes and skipped actions is bounded by the paths through the
	// graph; a cycle made only of such nodes would never stop. This budget is far above any
	// real walk and turns such a cycle into a failed instance instead of a hung master.
	p.maxSteps = 16*(len(p.nodes)+edges) + 1024
	return p, nil
}

// resolve fills node i's transitions and registers it as a predecessor of each target.
func (p *Plan) resolve(i int32) error {
	pn := &p.nodes[i]
	n := pn.node
	target := func(name string, edge EdgeKind) (int32, error) {
		j, ok := p.index[name]
		if !ok {
			return -1, Errorf(CodeInvalid, "workflow %q: %s %q: transition %s names unknown node %q",
				p.wf.Name, n.Kind, n.Name, edge, name)
		}
		p.nodes[j].preds = append(p.nodes[j].preds, Predecessor{From: n.Name, Edge: edge})
		return j, nil
	}
	var err error
	switch n.Kind {
	case KindStart, KindJoin:
		var j int32
		if j, err = target(n.To, EdgeTo); err == nil {
			pn.next = []int32{j}
		}
	case KindFork:
		if len(n.Paths) == 0 {
			return Errorf(CodeInvalid, "workflow %q: fork %q has no path", p.wf.Name, n.Name)
		}
		pn.next = make([]int32, len(n.Paths))
		for k, to := range n.Paths {
			if pn.next[k], err = target(to, EdgePath); err != nil {
				break
			}
		}
	case KindAction:
		if n.Action == nil {
			return Errorf(CodeInvalid, "workflow %q: action %q has no attributes", p.wf.Name, n.Name)
		}
		if pn.ok, err = target(n.Action.Ok, EdgeOk); err == nil && n.Action.Error != "" {
			pn.err, err = target(n.Action.Error, EdgeError)
		}
	case KindEnd, KindKill:
	default:
		return Errorf(CodeInvalid, "workflow %q: node %q has unknown kind %d", p.wf.Name, n.Name, n.Kind)
	}
	return err
}

// engDistinctFrom counts the distinct predecessor nodes: an action whose ok and error both
// lead to the same join arrives once, whichever way it went.
func engDistinctFrom(preds []Predecessor) int {
	seen := make(map[string]struct{}, len(preds))
	for _, pr := range preds {
		seen[pr.From] = struct{}{}
	}
	return len(seen)
}

// Workflow returns the definition this plan was compiled from.
func (p *Plan) Workflow() *Workflow { return p.wf }

// Len is the number of nodes.
func (p *Plan) Len() int { return len(p.nodes) }

// Node returns the node with that name, or nil.
func (p *Plan) Node(name string) *Node {
	if i, ok := p.index[name]; ok {
		return p.nodes[i].node
	}
	return nil
}

// Predecessors lists the transitions into the named node, in document order of their source.
func (p *Plan) Predecessors(name string) []Predecessor {
	i, ok := p.index[name]
	if !ok {
		return nil
	}
	return append([]Predecessor(nil), p.nodes[i].preds...)
}

// Expected is the number of distinct predecessors the named join waits for (0 for other nodes).
func (p *Plan) Expected(join string) int {
	if i, ok := p.index[join]; ok {
		return int(p.nodes[i].expected)
	}
	return 0
}

func (p *Plan) String() string { return fmt.Sprintf("plan(%s, %d nodes)", p.wf.Name, len(p.nodes)) }
