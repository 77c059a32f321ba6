package workflows

import (
	"fmt"
	"strings"
	"time"
)

// finish ends the instance with status and message. Whatever still runs is cancelled: running
// attempts get CancelTask and become killed, pending retry and timeout timers are cancelled,
// and those nodes become killed with nodeMsg. Finished comes last.
func (r *Run) finish(status InstanceStatus, msg, nodeMsg string) {
	for _, i := range r.active.sorted() {
		rec := &r.inst.Nodes[i]
		if rec.Status == NodeUpForRetry {
			r.emit(CancelTimer{Timer: r.retryTimer(i)})
			rec.RetryAt = time.Time{}
		} else if a := rec.current(); a != nil && !a.Status.Terminal() {
			r.setAttemptStatus(i, a, AttemptKilled)
			a.Ended, a.Message, a.ExitCode = r.at, nodeMsg, NoExitCode
			r.emit(CancelTask{Node: rec.Name, Attempt: a.Number, Worker: a.Worker, Reason: nodeMsg})
		}
		r.leave(i, NodeKilled, nodeMsg, true)
	}
	r.setInstanceStatus(status)
	r.inst.Ended, r.inst.Message = r.at, msg
	r.emit(Finished{Status: status, Message: msg})
}

// finishAtEnd succeeds the instance: end node i was reached. Branches still running are
// killed (ARCHITECTURE §6), unlike akkaflow, which left them orphaned.
func (r *Run) finishAtEnd(i int32) {
	msg := ""
	if k := r.active.len(); k > 0 {
		msg = fmt.Sprintf("end %q reached while %d node(s) still ran; they were killed", r.inst.Nodes[i].Name, k)
	}
	r.finish(InstanceSucceeded, msg, fmt.Sprintf("killed: end %q reached", r.inst.Nodes[i].Name))
}

// checkQuiescence fails a running instance that has nothing left to wait for: no node runs or
// waits for a retry, and no end or kill was reached. Joins that got some of their arrivals
// become upstream_failed, naming the predecessors that can no longer arrive.
func (r *Run) checkQuiescence() {
	if r.inst.Status != InstanceRunning || r.active.len() > 0 {
		return
	}
	var waiting []string
	for _, j := range r.plan.joins {
		if r.joinCount[j] == 0 {
			continue
		}
		missing := r.missingArrivals(j)
		rec := &r.inst.Nodes[j]
		r.setNodeStatus(j, NodeUpstreamFailed)
		rec.Ended = r.at
		rec.Message = "can no longer fire: no arrival from " + missing
		r.joinCount[j] = 0
		waiting = append(waiting, fmt.Sprintf("join %q waits for %s", rec.Name, missing))
	}
	msg := "no path reached an end"
	if len(waiting) > 0 {
		msg += "; " + strings.Join(waiting, "; ")
	}
	r.finish(InstanceFailed, msg, msg)
}

// missingArrivals names the predecessors of join j that have not arrived in its current
// round (at most five, then a count).
func (r *Run) missingArrivals(j int32) string {
	join := &r.inst.Nodes[j]
	round := join.Visit + 1
	var names []string
	more := 0
	seen := make(map[string]bool)
	for _, p := range r.plan.nodes[j].preds {
		if seen[p.From] {
			continue
		}
		seen[p.From] = true
		if r.inst.Nodes[r.plan.index[p.From]].arrivalRound(join.Name) == round {
			continue
		}
		if len(names) < 5 {
			names = append(names, fmt.Sprintf("%q", p.From))
		} else {
			more++
		}
	}
	s := strings.Join(names, ", ")
	if more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}
