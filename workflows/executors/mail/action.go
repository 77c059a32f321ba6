package mail

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// ReceiversEnv is the Task.Env entry through which the master hands the workflow's
// mail-receivers to an <email> action that names no recipients of its own: a comma list,
// as in the XML. Scripts see it too, which is harmless and occasionally useful.
const ReceiversEnv = "ACTORFLOW_MAIL_RECEIVERS"

// Sender delivers one message. *Mailer is the real one.
type Sender interface {
	Send(ctx context.Context, msg Message) error
}

// Action runs <email> actions: it sends the action's HTML to its to list, or else to the
// workflow's receivers (ReceiversEnv). Unlike akkaflow, which sent fire-and-forget and
// always succeeded, a mail that cannot be delivered to the server fails the attempt, so the
// node's retry policy and error path apply.
type Action struct {
	sender        Sender
	subjectPrefix string
}

// NewAction returns the email executor. subjectPrefix starts the default subject.
func NewAction(s Sender, subjectPrefix string) *Action {
	return &Action{sender: s, subjectPrefix: subjectPrefix}
}

// Register adds the email executor, sending through m, to reg.
func Register(reg *executors.Registry, m *Mailer) {
	reg.Register(workflows.ActionEmail, NewAction(m, m.Config().SubjectPrefix))
}

// Run implements executors.Executor.
func (a *Action) Run(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	if ctx.Err() != nil {
		return executors.Interrupted(ctx)
	}
	if t.Action == nil || t.Action.Email == nil {
		return executors.Failed("task %s/%s is not an email action", t.InstanceID, t.Node)
	}
	body := t.Action.Email
	to := Recipients(body.To...)
	if len(to) == 0 {
		to = Recipients(t.Env[ReceiversEnv])
	}
	if len(to) == 0 {
		return executors.Failed("email %s has no recipients: the <email> has no to attribute and workflow %s has no mail-receivers",
			t.Node, t.Workflow)
	}
	subject := strings.TrimSpace(body.Subject)
	if subject == "" {
		subject = a.subjectPrefix + "notification from " + t.Workflow
	}
	msg := Message{To: to, Subject: subject, HTML: body.HTML}
	if err := a.sender.Send(ctx, msg); err != nil {
		if ctx.Err() != nil {
			return executors.Interrupted(ctx)
		}
		return executors.Failed("email %q to %s was not sent: %v", subject, strings.Join(to, ", "), err)
	}
	if tio.Stdout != nil {
		// The log line is a courtesy; a failing log writer does not undo a sent mail.
		_, _ = io.WriteString(tio.Stdout, fmt.Sprintf("sent mail %q to %s\n", subject, strings.Join(to, ", ")))
	}
	return executors.Result{Status: workflows.AttemptSucceeded, ExitCode: 0,
		Message: fmt.Sprintf("mail %q sent to %s", subject, strings.Join(to, ", "))}
}

// Recipients splits comma (or semicolon) lists of addresses, trims them and drops empty
// entries and duplicates, keeping the first-seen order.
func Recipients(lists ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range lists {
		for _, a := range strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == ';' }) {
			a = strings.TrimSpace(a)
			if a != "" && !seen[strings.ToLower(a)] {
				seen[strings.ToLower(a)] = true
				out = append(out, a)
			}
		}
	}
	return out
}
