package workflows

import (
	"fmt"
	"maps"
	"time"
)

// onStart admits a prep instance and walks from its start node.
func (r *Run) onStart() error {
	if r.inst.Status != InstancePrep {
		r.ignore("instance is " + r.inst.Status.String())
		return Errorf(CodeConflict, "instance %s is %s, not prep: it cannot be started", r.inst.ID, r.inst.Status)
	}
	r.setInstanceStatus(InstanceRunning)
	r.inst.Started = r.at
	r.walk(engArrival{To: r.plan.start, From: -1})
	return nil
}

// onKill kills a prep or running instance.
func (r *Run) onKill(e KillRequested) error {
	if r.inst.Status.Terminal() {
		r.ignore("instance already " + r.inst.Status.String())
		return Errorf(CodeConflict, "instance %s already %s", r.inst.ID, r.inst.Status)
	}
	msg := "killed on request"
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	r.finish(InstanceKilled, msg, msg)
	return nil
}

// currentAttempt returns the node's attempt the event refers to if the engine still waits for
// its result; otherwise it records why the event is ignored. This is the fencing rule: only
// the current, unfinished attempt of a running instance can change anything.
func (r *Run) currentAttempt(node string, number int) (int32, *Attempt) {
	if r.inst.Status != InstanceRunning {
		r.ignore("instance is " + r.inst.Status.String())
		return -1, nil
	}
	i, ok := r.actionIndex(node)
	if !ok {
		r.ignore(fmt.Sprintf("no action %q in this workflow", node))
		return -1, nil
	}
	a := r.inst.Nodes[i].current()
	switch {
	case a == nil || a.Number != number:
		r.ignore(fmt.Sprintf("attempt %d of %q is not the current one", number, node))
		return -1, nil
	case a.Status.Terminal():
		r.ignore(fmt.Sprintf("attempt %d of %q already %s", number, node, a.Status))
		return -1, nil
	}
	return i, a
}

func (r *Run) onTaskStarted(e TaskStarted) {
	i, a := r.currentAttempt(e.Node, e.Attempt)
	if a == nil {
		return
	}
	if a.Status == AttemptRunning {
		r.ignore(fmt.Sprintf("attempt %d of %q already started", e.Attempt, e.Node))
		return
	}
	r.setAttemptStatus(i, a, AttemptRunning)
	a.Worker, a.Started = e.Worker, r.at
}

func (r *Run) onTaskSucceeded(e TaskSucceeded) {
	i, a := r.currentAttempt(e.Node, e.Attempt)
	if a == nil {
		return
	}
	r.setAttemptStatus(i, a, AttemptSucceeded)
	a.Ended = r.at
	rec := &r.inst.Nodes[i]
	r.leave(i, NodeSucceeded, "", true)
	rec.Outputs = maps.Clone(e.Outputs)
	r.follow(i, r.plan.nodes[i].ok)
}

// onTaskEnded handles a failed or lost attempt: retry, or fail the node.
func (r *Run) onTaskEnded(node string, number int, status AttemptStatus, msg string, exit int) {
	i, a := r.currentAttempt(node, number)
	if a == nil {
		return
	}
	r.setAttemptStatus(i, a, status)
	a.Ended, a.Message, a.ExitCode = r.at, msg, exit
	if msg == "" {
		msg = fmt.Sprintf("attempt %d %s", number, status)
		if exit != 0 {
			msg += fmt.Sprintf(" (exit code %d)", exit)
		}
	}
	rec := &r.inst.Nodes[i]
	act := r.plan.nodes[i].node.Action
	if tries := rec.triesInVisit(); tries <= act.RetryTimes {
		rec.Message = msg
		r.retry(i, act.RetryDelay(tries+1))
		return
	}
	final := NodeFailed
	if status == AttemptLost {
		final = NodeLost
	}
	r.failNode(i, final, msg, true)
}

// retry schedules the next attempt of the current visit after delay.
func (r *Run) retry(i int32, delay time.Duration) {
	if delay <= 0 {
		r.dispatch(i) // the node stays running
		return
	}
	rec := &r.inst.Nodes[i]
	r.setNodeStatus(i, NodeUpForRetry)
	rec.RetryAt = r.at.Add(delay)
	r.emit(SetTimer{Timer: r.retryTimer(i), At: rec.RetryAt})
}

// retryTimer identifies the timer that dispatches node i's next attempt.
func (r *Run) retryTimer(i int32) Timer {
	rec := &r.inst.Nodes[i]
	return Timer{Kind: TimerRetry, Node: rec.Name, Visit: rec.Visit, Attempt: rec.lastNumber() + 1}
}

// timeoutTimer identifies the timer that ends node i's current visit.
func (r *Run) timeoutTimer(i int32) Timer {
	rec := &r.inst.Nodes[i]
	return Timer{Kind: TimerTimeout, Node: rec.Name, Visit: rec.Visit}
}

func (r *Run) onTimer(t Timer) {
	if r.inst.Status != InstanceRunning {
		r.ignore("instance is " + r.inst.Status.String())
		return
	}
	i, ok := r.actionIndex(t.Node)
	if !ok || !r.active.has(i) || r.inst.Nodes[i].Visit != t.Visit {
		r.ignore("stale timer")
		return
	}
	rec := &r.inst.Nodes[i]
	switch {
	case t.Kind == TimerRetry && rec.Status == NodeUpForRetry && t == r.retryTimer(i):
		r.setNodeStatus(i, NodeRunning)
		rec.RetryAt = time.Time{}
		r.dispatch(i)
	case t.Kind == TimerTimeout && !rec.Deadline.IsZero():
		r.timeOut(i)
	default:
		r.ignore("stale timer")
	}
}

// timeOut ends node i's visit: its running attempt is cancelled (or its pending retry
// dropped) and the node fails, taking its error transition if it has one.
func (r *Run) timeOut(i int32) {
	rec := &r.inst.Nodes[i]
	pn := &r.plan.nodes[i]
	msg := fmt.Sprintf("timed out after %s (%d attempts)", pn.node.Action.Timeout, rec.triesInVisit())
	if rec.Status == NodeUpForRetry {
		r.emit(CancelTimer{Timer: r.retryTimer(i)})
		rec.RetryAt = time.Time{}
	} else if a := rec.current(); a != nil && !a.Status.Terminal() {
		r.setAttemptStatus(i, a, AttemptTimedOut)
		a.Ended, a.Message, a.ExitCode = r.at, "timed out", NoExitCode
		r.emit(CancelTask{Node: rec.Name, Attempt: a.Number, Worker: a.Worker, Reason: msg})
	}
	r.failNode(i, NodeFailed, msg, false)
}

// leave ends node i's visit with status and message. cancelTimeout drops its pending timeout
// timer (false when that timer is the reason it ends).
func (r *Run) leave(i int32, status NodeStatus, msg string, cancelTimeout bool) {
	rec := &r.inst.Nodes[i]
	if cancelTimeout && !rec.Deadline.IsZero() {
		r.emit(CancelTimer{Timer: r.timeoutTimer(i)})
	}
	r.setNodeStatus(i, status)
	rec.Ended, rec.Message = r.at, msg
	r.active.remove(i)
}

// failNode ends node i unsuccessfully: it follows its error transition, or fails the instance.
func (r *Run) failNode(i int32, status NodeStatus, msg string, cancelTimeout bool) {
	r.leave(i, status, msg, cancelTimeout)
	pn := &r.plan.nodes[i]
	if pn.err >= 0 {
		r.follow(i, pn.err)
		return
	}
	verb := "failed"
	if status == NodeLost {
		verb = "lost"
	}
	r.finish(InstanceFailed, fmt.Sprintf("node %q %s: %s", pn.node.Name, verb, msg),
		fmt.Sprintf("killed: node %q %s", pn.node.Name, verb))
}
