package workflows

import "fmt"

// InstanceStatus is the state of one run of a workflow. Stored values are akkaflow's codes
// (0 prep … 5 killed; 2 "suspended" was never produced and stays unused).
type InstanceStatus uint8

const (
	InstancePrep      InstanceStatus = 0 // created, waiting for admission (queued)
	InstanceRunning   InstanceStatus = 1
	InstanceSucceeded InstanceStatus = 3
	InstanceFailed    InstanceStatus = 4
	InstanceKilled    InstanceStatus = 5
)

var instanceNames = map[InstanceStatus]string{
	InstancePrep: "prep", InstanceRunning: "running", InstanceSucceeded: "succeeded",
	InstanceFailed: "failed", InstanceKilled: "killed",
}

// instanceTransitions lists every legal move. Terminal statuses go back to prep only by rerun.
var instanceTransitions = map[InstanceStatus][]InstanceStatus{
	InstancePrep:      {InstanceRunning, InstanceKilled, InstanceFailed},
	InstanceRunning:   {InstanceSucceeded, InstanceFailed, InstanceKilled},
	InstanceSucceeded: {InstancePrep},
	InstanceFailed:    {InstancePrep},
	InstanceKilled:    {InstancePrep},
}

func (s InstanceStatus) String() string { return nameOr(instanceNames, s) }

// StoredValue is the number persisted for this status; it never changes meaning.
func (s InstanceStatus) StoredValue() uint8 { return uint8(s) }

// Terminal reports whether the instance has finished.
func (s InstanceStatus) Terminal() bool {
	return s == InstanceSucceeded || s == InstanceFailed || s == InstanceKilled
}

// CanTransition reports whether moving from s to next is legal.
func (s InstanceStatus) CanTransition(next InstanceStatus) bool {
	return contains(instanceTransitions[s], next)
}

// AkkaflowName is the W_* name akkaflow used (mail-level values, old APIs).
func (s InstanceStatus) AkkaflowName() string {
	return map[InstanceStatus]string{InstancePrep: "W_PREP", InstanceRunning: "W_RUNNING",
		InstanceSucceeded: "W_SUCCESSED", InstanceFailed: "W_FAILED", InstanceKilled: "W_KILLED"}[s]
}

func (s InstanceStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func (s *InstanceStatus) UnmarshalText(b []byte) error {
	v, err := ParseInstanceStatus(string(b))
	*s = v
	return err
}

// ParseInstanceStatus accepts the English name, akkaflow's W_* name or its Chinese label.
func ParseInstanceStatus(text string) (InstanceStatus, error) {
	for s, name := range instanceNames {
		if text == name || text == s.AkkaflowName() || text == instanceChinese[s] {
			return s, nil
		}
	}
	return 0, Errorf(CodeInvalid, "unknown instance status %q (want one of prep, running, succeeded, failed, killed)", text)
}

// instanceChinese holds the labels akkaflow's users know (spec appendix B).
var instanceChinese = map[InstanceStatus]string{
	InstancePrep: "就绪", InstanceRunning: "运行中", InstanceSucceeded: "成功",
	InstanceFailed: "失败", InstanceKilled: "杀死",
}

// NodeStatus is the state of one node within an instance.
type NodeStatus uint8

const (
	NodePrep           NodeStatus = 0 // not reached yet
	NodeRunning        NodeStatus = 1 // an attempt is dispatched or running
	NodeSucceeded      NodeStatus = 3
	NodeFailed         NodeStatus = 4
	NodeKilled         NodeStatus = 5
	NodeSkipped        NodeStatus = 6 // is-ignore, or succeeded earlier and skipped on rerun
	NodeUpForRetry     NodeStatus = 7 // an attempt failed; the next waits for its interval
	NodeLost           NodeStatus = 8 // the worker vanished and no retry is left
	NodeUpstreamFailed NodeStatus = 9 // a join this node waits on can never be satisfied
)

var nodeNames = map[NodeStatus]string{
	NodePrep: "prep", NodeRunning: "running", NodeSucceeded: "succeeded", NodeFailed: "failed",
	NodeKilled: "killed", NodeSkipped: "skipped", NodeUpForRetry: "up_for_retry", NodeLost: "lost",
	NodeUpstreamFailed: "upstream_failed",
}

// nodeTransitions: a node reached again (loops) goes from a terminal status back to running.
var nodeTransitions = map[NodeStatus][]NodeStatus{
	NodePrep:           {NodeRunning, NodeSucceeded, NodeSkipped, NodeKilled, NodeUpstreamFailed},
	NodeRunning:        {NodeSucceeded, NodeFailed, NodeKilled, NodeUpForRetry, NodeLost},
	NodeUpForRetry:     {NodeRunning, NodeKilled, NodeFailed},
	NodeSucceeded:      {NodeRunning, NodePrep, NodeSucceeded},
	NodeFailed:         {NodeRunning, NodePrep},
	NodeKilled:         {NodeRunning, NodePrep},
	NodeSkipped:        {NodeRunning, NodePrep, NodeSkipped},
	NodeLost:           {NodeRunning, NodePrep},
	NodeUpstreamFailed: {NodePrep},
}

func (s NodeStatus) String() string { return nameOr(nodeNames, s) }

// StoredValue is the number persisted for this status; it never changes meaning.
func (s NodeStatus) StoredValue() uint8 { return uint8(s) }

// Terminal reports whether the node is done for this visit.
func (s NodeStatus) Terminal() bool {
	switch s {
	case NodeSucceeded, NodeFailed, NodeKilled, NodeSkipped, NodeLost, NodeUpstreamFailed:
		return true
	}
	return false
}

// Successful reports whether downstream may proceed along the ok transition.
func (s NodeStatus) Successful() bool { return s == NodeSucceeded || s == NodeSkipped }

// CanTransition reports whether moving from s to next is legal.
func (s NodeStatus) CanTransition(next NodeStatus) bool {
	return contains(nodeTransitions[s], next)
}

func (s NodeStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func (s *NodeStatus) UnmarshalText(b []byte) error {
	for v, name := range nodeNames {
		if name == string(b) {
			*s = v
			return nil
		}
	}
	return Errorf(CodeInvalid, "unknown node status %q", string(b))
}

// AttemptStatus is the state of one execution of an action node.
type AttemptStatus uint8

const (
	AttemptDispatched AttemptStatus = 0 // committed and sent to a worker, not yet acknowledged
	AttemptRunning    AttemptStatus = 1
	AttemptSucceeded  AttemptStatus = 3
	AttemptFailed     AttemptStatus = 4
	AttemptKilled     AttemptStatus = 5
	AttemptTimedOut   AttemptStatus = 6
	AttemptLost       AttemptStatus = 7 // the worker died or never answered
)

var attemptNames = map[AttemptStatus]string{
	AttemptDispatched: "dispatched", AttemptRunning: "running", AttemptSucceeded: "succeeded",
	AttemptFailed: "failed", AttemptKilled: "killed", AttemptTimedOut: "timed_out", AttemptLost: "lost",
}

var attemptTransitions = map[AttemptStatus][]AttemptStatus{
	AttemptDispatched: {AttemptRunning, AttemptSucceeded, AttemptFailed, AttemptKilled, AttemptTimedOut, AttemptLost},
	AttemptRunning:    {AttemptSucceeded, AttemptFailed, AttemptKilled, AttemptTimedOut, AttemptLost},
}

func (s AttemptStatus) String() string { return nameOr(attemptNames, s) }

// StoredValue is the number persisted for this status; it never changes meaning.
func (s AttemptStatus) StoredValue() uint8 { return uint8(s) }

// Terminal reports whether the attempt has a final outcome.
func (s AttemptStatus) Terminal() bool { return s >= AttemptSucceeded }

// CanTransition reports whether moving from s to next is legal.
func (s AttemptStatus) CanTransition(next AttemptStatus) bool {
	return contains(attemptTransitions[s], next)
}

func (s AttemptStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func (s *AttemptStatus) UnmarshalText(b []byte) error {
	for v, name := range attemptNames {
		if name == string(b) {
			*s = v
			return nil
		}
	}
	return Errorf(CodeInvalid, "unknown attempt status %q", string(b))
}

// nameOr returns k's name, or "unknown(N)". K is constrained to uint8 kinds so the fallback
// formats the number, never k itself (whose String method would recurse back here).
func nameOr[K ~uint8](names map[K]string, k K) string {
	if n, ok := names[k]; ok {
		return n
	}
	return fmt.Sprintf("unknown(%d)", uint8(k))
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
