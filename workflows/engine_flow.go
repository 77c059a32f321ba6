package workflows

import (
	"fmt"
	"time"
)

// engArrival is the flow reaching node To from node From (-1 for the instance's start). Which
// transition it took does not matter any more: taking it was the decision.
type engArrival struct{ To, From int32 }

// follow continues the flow from node i to node to and runs every synchronous step it causes.
func (r *Run) follow(i, to int32) { r.walk(engArrival{To: to, From: i}) }

// walk processes arrivals breadth first, so a fork's paths are dispatched in document order.
// Control nodes and skipped actions add further arrivals; dispatched actions stop the walk on
// their branch. It stops as soon as the instance finishes (an end or kill reached on one
// branch means the others are not started).
func (r *Run) walk(first engArrival) {
	q := append(r.queue[:0], first)
	for head := 0; head < len(q) && r.inst.Status == InstanceRunning; head++ {
		if head >= r.plan.maxSteps {
			r.finish(InstanceFailed, fmt.Sprintf(
				"more than %d steps without reaching an action: the workflow loops through control nodes or skipped actions only",
				r.plan.maxSteps), "instance failed")
			break
		}
		q = r.reach(q[head], q)
	}
	r.queue = q[:0]
}

// reach runs one arrival and returns the queue with the arrivals it causes.
func (r *Run) reach(a engArrival, q []engArrival) []engArrival {
	pn := &r.plan.nodes[a.To]
	switch pn.node.Kind {
	case KindStart, KindFork:
		r.passThrough(a.To)
		for _, to := range pn.next {
			q = append(q, engArrival{To: to, From: a.To})
		}
	case KindJoin:
		if r.arriveAtJoin(a) {
			r.passThrough(a.To)
			q = append(q, engArrival{To: pn.next[0], From: a.To})
		}
	case KindEnd:
		r.passThrough(a.To)
		r.finishAtEnd(a.To)
	case KindKill:
		r.enterNode(a.To)
		r.setNodeStatus(a.To, NodeKilled)
		msg := pn.node.Message
		if msg == "" {
			msg = fmt.Sprintf("kill node %q reached", pn.node.Name)
		}
		r.inst.Nodes[a.To].Message = msg
		r.finish(InstanceKilled, msg, fmt.Sprintf("killed: kill node %q reached", pn.node.Name))
	case KindAction:
		q = r.reachAction(a.To, q)
	}
	return q
}

// enterNode starts a new visit of node i.
func (r *Run) enterNode(i int32) {
	rec := &r.inst.Nodes[i]
	rec.Visit++
	rec.Started, rec.Ended = r.at, r.at
	rec.Message = ""
	rec.Deadline, rec.RetryAt = time.Time{}, time.Time{}
	r.touch(i)
}

// passThrough records a control node executing (it succeeds at once).
func (r *Run) passThrough(i int32) {
	if r.plan.nodes[i].node.Kind != KindJoin { // a join's visit was counted when it fired
		r.enterNode(i)
	} else {
		r.inst.Nodes[i].Ended = r.at
	}
	r.setNodeStatus(i, NodeSucceeded)
}

// arriveAtJoin counts a predecessor's arrival and reports whether the join fires. Arrivals
// are remembered on the predecessor's record (see NodeRun.Arrivals), so a predecessor that
// arrives twice in one round counts once and the join's own record changes only when it
// starts a round or fires.
func (r *Run) arriveAtJoin(a engArrival) bool {
	j := a.To
	join := &r.inst.Nodes[j]
	round := join.Visit + 1
	if a.From >= 0 {
		from := &r.inst.Nodes[a.From]
		if from.arrivalRound(join.Name) == round {
			return false
		}
		from.setArrival(join.Name, round)
		r.touch(a.From)
	}
	r.joinCount[j]++
	if r.joinCount[j] == 1 {
		// The first arrival of a round: the join starts waiting (again, when a loop reaches
		// it anew after it fired).
		if join.Status != NodePrep {
			r.setNodeStatus(j, NodePrep)
		}
		join.Started, join.Ended, join.Message = r.at, time.Time{}, ""
		r.touch(j)
	}
	if r.joinCount[j] < r.plan.nodes[j].expected {
		return false
	}
	r.joinCount[j] = 0
	join.Visit++
	r.touch(j)
	return true
}

// reachAction starts a new visit of action i: skipped, or its first attempt dispatched.
func (r *Run) reachAction(i int32, q []engArrival) []engArrival {
	if r.active.has(i) {
		return q // already running or waiting for a retry: this arrival merges with it
	}
	pn := &r.plan.nodes[i]
	act := pn.node.Action
	r.enterNode(i)
	rec := &r.inst.Nodes[i]
	if act.IsIgnore || r.skip[i] {
		r.setNodeStatus(i, NodeSkipped)
		rec.Started = time.Time{} // not executed
		rec.Message = "ignored (is-ignore)"
		if !act.IsIgnore {
			rec.Message = "succeeded in the previous run"
		}
		return append(q, engArrival{To: pn.ok, From: i})
	}
	r.setNodeStatus(i, NodeRunning)
	rec.Ended = time.Time{}
	r.dispatch(i)
	if act.Timeout > 0 {
		rec.Deadline = r.at.Add(act.Timeout)
		r.emit(SetTimer{Timer: Timer{Kind: TimerTimeout, Node: rec.Name, Visit: rec.Visit}, At: rec.Deadline})
	}
	return q
}

// dispatch creates the next attempt of action i in its current visit.
func (r *Run) dispatch(i int32) {
	rec := &r.inst.Nodes[i]
	n := rec.lastNumber() + 1
	rec.Attempts = append(rec.Attempts, Attempt{Number: n, Visit: rec.Visit, Status: AttemptDispatched, Dispatched: r.at})
	r.active.add(i)
	r.touch(i)
	r.emit(Dispatch{Node: rec.Name, Attempt: n, Visit: rec.Visit})
}
