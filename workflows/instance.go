package workflows

import "time"

// Instance is the durable state of one run of a workflow: everything the engine needs to
// continue after a restart, and nothing derived. It is plain data (JSON-serialisable); Restore
// rebuilds the engine's indexes from it. Nodes holds one record per node of the plan, in
// document order, from the moment the instance is created.
type Instance struct {
	ID        string            `json:"id"`
	Workflow  string            `json:"workflow"`
	Status    InstanceStatus    `json:"status"`
	Trigger   TriggerKind       `json:"trigger"`
	Params    map[string]string `json:"params,omitempty"`
	Scheduled time.Time         `json:"scheduled,omitzero"` // logical time of a scheduled fire
	Created   time.Time         `json:"created,omitzero"`
	Started   time.Time         `json:"started,omitzero"`
	Ended     time.Time         `json:"ended,omitzero"`
	Message   string            `json:"message,omitempty"`
	// RerunOf is the instance this one reruns ("" for a first run; may equal ID).
	RerunOf string `json:"rerun_of,omitempty"`
	// Skip lists the actions that succeeded in the run this one recovers (rerun from failed):
	// they are skipped when reached, in document order.
	Skip  []string  `json:"skip,omitempty"`
	Nodes []NodeRun `json:"nodes"`
}

// NodeRun is the record of one node within an instance. Per-visit fields (Started, Ended,
// Message, Deadline, RetryAt) describe the latest visit; Attempts keeps every attempt of every
// visit.
type NodeRun struct {
	Name   string     `json:"name"`
	Status NodeStatus `json:"status"`
	// Visit counts how often the node was reached (loops reach a node again). For a join it
	// counts how often it fired.
	Visit    int       `json:"visit,omitempty"`
	Attempts []Attempt `json:"attempts,omitempty"`
	Started  time.Time `json:"started,omitzero"`
	Ended    time.Time `json:"ended,omitzero"`
	Message  string    `json:"message,omitempty"`
	// Outputs are those of the latest successful attempt (carried over from the previous run
	// for a node skipped by a rerun from failed), so ${output:node.key} keeps resolving.
	Outputs map[string]string `json:"outputs,omitempty"`
	// Deadline ends the current visit: the action's timeout covers all its attempts and the
	// waits between them. A timer is pending while the node is running or up for retry.
	Deadline time.Time `json:"deadline,omitzero"`
	// RetryAt is when the next attempt is due; a timer is pending while up for retry.
	RetryAt time.Time `json:"retry_at,omitzero"`
	// Arrivals records, for each join this node leads to, the round of that join its latest
	// exit counted for. It lets a join count distinct predecessors without keeping a set of
	// its own, which for a 10,000-way join would be rewritten on every arrival.
	Arrivals []JoinArrival `json:"arrivals,omitempty"`
}

// JoinArrival says that a predecessor arrived at Join in the join's Round (its Visit + 1 at
// the time: the firing it contributes to).
type JoinArrival struct {
	Join  string `json:"join"`
	Round int    `json:"round"`
}

// NoExitCode is the exit code of an attempt whose process did not exit by itself: killed,
// timed out or lost (the same value the executors report), so it never reads as success.
const NoExitCode = -1

// Attempt is one execution of an action. (instance, node, Number) identifies it everywhere:
// workers de-duplicate on it and the engine ignores results for any attempt but the current.
type Attempt struct {
	Number     int           `json:"number"` // 1-based, monotonic per node across visits
	Visit      int           `json:"visit"`
	Status     AttemptStatus `json:"status"`
	Worker     string        `json:"worker,omitempty"`
	Dispatched time.Time     `json:"dispatched,omitzero"`
	Started    time.Time     `json:"started,omitzero"`
	Ended      time.Time     `json:"ended,omitzero"`
	Message    string        `json:"message,omitempty"`
	ExitCode   int           `json:"exit_code,omitempty"`
}

// current returns the latest attempt, or nil before the first dispatch.
func (n *NodeRun) current() *Attempt {
	if len(n.Attempts) == 0 {
		return nil
	}
	return &n.Attempts[len(n.Attempts)-1]
}

// lastNumber is the number of the latest attempt (0 when none): the next one is lastNumber+1.
func (n *NodeRun) lastNumber() int {
	if a := n.current(); a != nil {
		return a.Number
	}
	return 0
}

// triesInVisit counts the attempts of the current visit. Attempts are appended in order, so
// they are the trailing ones; the count is bounded by the retry policy, not by history.
func (n *NodeRun) triesInVisit() int {
	k := 0
	for i := len(n.Attempts) - 1; i >= 0 && n.Attempts[i].Visit == n.Visit; i-- {
		k++
	}
	return k
}

// arrivalRound returns the round in which this node last arrived at join (0 = never).
func (n *NodeRun) arrivalRound(join string) int {
	for _, a := range n.Arrivals {
		if a.Join == join {
			return a.Round
		}
	}
	return 0
}

// setArrival records an arrival at join for round.
func (n *NodeRun) setArrival(join string, round int) {
	for i := range n.Arrivals {
		if n.Arrivals[i].Join == join {
			n.Arrivals[i].Round = round
			return
		}
	}
	n.Arrivals = append(n.Arrivals, JoinArrival{Join: join, Round: round})
}
