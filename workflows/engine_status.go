package workflows

// Every status change of the engine goes through these setters, so the transition tables of
// status.go can be checked against each individual move (tests install Run.observe).

// engTransition is one status change: of the instance (Node == ""), a node, or an attempt of
// a node (Attempt > 0).
type engTransition struct {
	Node     string
	Attempt  int
	From, To uint8
}

func (r *Run) setInstanceStatus(s InstanceStatus) {
	if r.observe != nil {
		r.observe(engTransition{From: uint8(r.inst.Status), To: uint8(s)})
	}
	r.inst.Status = s
	r.res.Header = true
}

func (r *Run) setNodeStatus(i int32, s NodeStatus) {
	rec := &r.inst.Nodes[i]
	if r.observe != nil {
		r.observe(engTransition{Node: rec.Name, From: uint8(rec.Status), To: uint8(s)})
	}
	rec.Status = s
	r.touch(i)
}

func (r *Run) setAttemptStatus(i int32, a *Attempt, s AttemptStatus) {
	if r.observe != nil {
		r.observe(engTransition{Node: r.inst.Nodes[i].Name, Attempt: a.Number, From: uint8(a.Status), To: uint8(s)})
	}
	a.Status = s
	r.touch(i)
}
