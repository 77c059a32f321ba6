package master

import (
	"fmt"
	"strings"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors/mail"
)

// Notifier is told about finished instances and node retries, for completion mails and
// retry alerts (*mail.Notifier implements it). It is called from a supervisor's mailbox once
// the state it reports is committed, so its methods must not block: mail.Notifier renders the
// mail and queues it, dropping the oldest when full. The bool results (queued or not) are for
// the implementation's own tests; the master ignores them.
type Notifier interface {
	InstanceFinished(mail.InstanceReport) bool
	NodeRetry(mail.RetryAlert) bool
}

// retryAlertAfter is akkaflow's workflow.email.node-retry-fail-times default (spec §7.6): an
// alert goes out when the try with this many retries before it fails and another try is
// coming, and when a node succeeds after more retries than this. So the first failure of a
// node, usually transient, mails nobody; a node that keeps failing does.
const retryAlertAfter = 1

// notify reports what a committed event did: the end of the instance (the Finished effect)
// and the retry of a node (a failed or lost attempt followed by a retry) or its success after
// retries.
func (s *supervisor) notify(ev workflows.Event, effects []workflows.Effect) {
	n := s.cfg.notifier
	if n == nil {
		return
	}
	for _, e := range effects {
		if f, ok := e.(workflows.Finished); ok {
			_, byUser := ev.(workflows.KillRequested)
			n.InstanceFinished(s.report(f.Status, byUser))
		}
	}
	switch ev := ev.(type) {
	case workflows.TaskFailed:
		s.notifyFailedTry(n, ev.Node, ev.Attempt, ev.Message, effects)
	case workflows.TaskLost:
		s.notifyFailedTry(n, ev.Node, ev.Attempt, "the attempt was lost: "+ev.Reason, effects)
	case workflows.TaskSucceeded:
		if alert, ok := s.retryAlert(ev.Node, ev.Attempt, "succeeded after retries"); ok && alert.Attempt-1 > retryAlertAfter {
			alert.Succeeded = true
			n.NodeRetry(alert)
		}
	}
}

// notifyFailedTry alerts when the failed try is the threshold one and a retry is coming.
func (s *supervisor) notifyFailedTry(n Notifier, node string, attempt int, msg string, effects []workflows.Effect) {
	alert, ok := s.retryAlert(node, attempt, msg)
	if !ok || alert.Attempt-1 != retryAlertAfter {
		return
	}
	retrying := false
	for _, e := range effects {
		switch e := e.(type) {
		case workflows.SetTimer:
			if e.Timer.Kind == workflows.TimerRetry && e.Timer.Node == node {
				retrying = true
				alert.NextRetryIn = e.At.Sub(s.cfg.clock.Now())
			}
		case workflows.Dispatch:
			retrying = retrying || (e.Node == node && e.Attempt > attempt)
		}
	}
	if retrying {
		n.NodeRetry(alert)
	}
}

// retryAlert describes attempt number of node, with Attempt counted within the node's visit
// (attempt numbers run on across visits of a loop). ok is false when nobody is to be mailed.
func (s *supervisor) retryAlert(node string, number int, msg string) (mail.RetryAlert, bool) {
	wf := s.run.Plan().Workflow()
	pn := s.run.Plan().Node(node)
	nr, found := s.run.NodeRun(node)
	if len(wf.MailReceivers) == 0 || pn == nil || pn.Action == nil || !found {
		return mail.RetryAlert{}, false
	}
	visit := -1
	for _, a := range nr.Attempts {
		if a.Number == number {
			visit = a.Visit
		}
	}
	try := 0
	for _, a := range nr.Attempts {
		if a.Visit == visit && a.Number <= number {
			try++
		}
	}
	if try == 0 {
		return mail.RetryAlert{}, false
	}
	return mail.RetryAlert{InstanceID: s.id, Workflow: s.workflow, Node: node, ActionType: string(pn.Action.Type),
		Attempt: try, MaxAttempts: 1 + pn.Action.RetryTimes, Message: msg, Receivers: wf.MailReceivers}, true
}

// report is the completion mail's content, read from the committed final state.
// killedByUser: the instance ended on a KillRequested (API, CLI, UI), which akkaflow did not
// mail about; a <kill> node reached is a workflow's own outcome and is mailed.
func (s *supervisor) report(status workflows.InstanceStatus, killedByUser bool) mail.InstanceReport {
	inst := s.run.Instance()
	plan := s.run.Plan()
	wf := plan.Workflow()
	r := mail.InstanceReport{InstanceID: inst.ID, Workflow: inst.Workflow, Desc: wf.Desc, Status: status,
		MailLevel: wf.MailLevel, Receivers: wf.MailReceivers,
		KilledByUser: killedByUser, Trigger: string(inst.Trigger), Start: inst.Started, End: inst.Ended, Params: inst.Params}
	for _, nr := range inst.Nodes {
		row := mail.NodeRow{Name: nr.Name, Status: nr.Status, Attempts: len(nr.Attempts), Start: nr.Started,
			End: nr.Ended, Message: nr.Message}
		if pn := plan.Node(nr.Name); pn != nil {
			row.Type = pn.Kind.String()
			if pn.Action != nil {
				row.Type = string(pn.Action.Type)
			}
		}
		r.Nodes = append(r.Nodes, row)
	}
	r.LogTail = failureTail(inst.Nodes, logTailLines)
	return r
}

// logTailLines bounds the completion mail's log excerpt, in lines.
const logTailLines = 40

// failureTail is the completion mail's log excerpt: for each node that did not succeed, the
// message of its latest attempt that did not succeed, under a tail(1)-style header, keeping
// the last max lines overall. The master holds no task output (in a cluster it lives on the
// workers), but an attempt's message is the executor's summary and, for a process that
// failed, ends with its last stderr lines (executors: "last stderr lines:"); the worker sends
// it in TaskFinished.message and the master records it on the attempt. So the excerpt costs
// no log read and works the same in standalone and in a cluster.
func failureTail(nodes []workflows.NodeRun, max int) string {
	var lines []string
	for _, nr := range nodes {
		if nr.Status.Successful() || len(nr.Attempts) == 0 {
			continue
		}
		for i := len(nr.Attempts) - 1; i >= 0; i-- {
			a := nr.Attempts[i]
			if a.Status == workflows.AttemptSucceeded || !a.Status.Terminal() || strings.TrimSpace(a.Message) == "" {
				continue
			}
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, fmt.Sprintf("==> node %s, attempt %d (%s) <==", nr.Name, a.Number, a.Status))
			lines = append(lines, strings.Split(strings.TrimRight(a.Message, "\n"), "\n")...)
			break
		}
	}
	if len(lines) > max {
		lines = append([]string{fmt.Sprintf("[… %d earlier lines not shown]", len(lines)-max)}, lines[len(lines)-max:]...)
	}
	return strings.Join(lines, "\n")
}
