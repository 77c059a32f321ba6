package mail

import (
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// InstanceReport is what the completion mail of one instance says. The master fills it.
type InstanceReport struct {
	InstanceID string
	Workflow   string
	Desc       string
	Status     workflows.InstanceStatus
	// MailLevel is the workflow's mail-level: the mail goes out only when Status is in it.
	MailLevel []workflows.InstanceStatus
	// Receivers is everyone to mail: akkaflow mailed the workflow's receivers and those of
	// every workflow downstream of it (enabled coordinators); the master computes the union.
	Receivers []string
	// KilledByUser marks a kill someone asked for; akkaflow sent no completion mail for
	// those (the person who killed it knows), and neither does the Notifier.
	KilledByUser bool
	Trigger      string // schedule, trigger, rerun, … ("" = not shown)
	Start, End   time.Time
	Params       map[string]string
	Nodes        []NodeRow
	Downstream   []string // workflows waiting on this one, shown as affected
	LogTail      string   // the last lines of the instance log
}

// NodeRow is one row of the node table.
type NodeRow struct {
	Name       string
	Type       string // action type, or the control node kind
	Status     workflows.NodeStatus
	Attempts   int
	Start, End time.Time // zero when the node did not start / has not ended
	Message    string
}

// RetryAlert tells the receivers that a node's attempt failed and will be retried, or that
// a node succeeded after retries (akkaflow §7.6). The master decides when to send one.
type RetryAlert struct {
	InstanceID  string
	Workflow    string
	Node        string
	ActionType  string
	Attempt     int  // the attempt that just ended, 1-based
	MaxAttempts int  // 1 + retry-times
	Succeeded   bool // false: this attempt failed and a retry is coming
	Message     string
	NextRetryIn time.Duration // the wait before the next attempt, when !Succeeded
	Receivers   []string
}
