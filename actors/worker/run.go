package worker

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Rejection codes (workflows.Code values, as the wire carries them).
const (
	codeConflict    = string(workflows.CodeConflict)
	codeUnavailable = string(workflows.CodeUnavailable)
	codeInvalid     = string(workflows.CodeInvalid)
)

// onRun decides what a RunTask means. The order matters: a stale term is refused before
// anything else; a known attempt is answered from what the worker has (never run twice),
// even while draining; only a new attempt is checked for validity and capacity.
func (w *worker) onRun(ctx actor.Context, m *messages.RunTask, sender *actor.PID, enveloped bool) {
	ref := RefOf(m.GetRef())
	if m.GetTerm() < w.term {
		w.log.Info("worker: refusing a RunTask from an older term", "ref", ref, "term", m.GetTerm(), "current", w.term)
		w.reject(ctx, m, sender, enveloped, codeConflict, "stale term")
		return
	}
	w.term = m.GetTerm()
	if e, ok := w.tasks[ref]; ok {
		w.onDuplicate(ctx, e, sender, enveloped)
		return
	}
	if w.acked.has(ref) {
		// A late duplicate of an attempt whose result the master already has.
		w.log.Info("worker: ignoring a RunTask for an acknowledged attempt", "ref", ref)
		return
	}
	if fate, ok := w.previous[ref]; ok {
		w.reject(ctx, m, sender, enveloped, codeConflict, fmt.Sprintf(
			"attempt %s was running on an earlier incarnation of worker %s, which died; %s; it will not run again here",
			ref, w.cfg.Name, fate))
		return
	}
	if reason := w.unavailable(); reason != "" {
		w.reject(ctx, m, sender, enveloped, codeUnavailable, reason)
		return
	}
	task, err := taskOf(m)
	if err != nil {
		w.reject(ctx, m, sender, enveloped, codeInvalid, err.Error())
		return
	}
	if w.running >= w.cfg.Slots {
		w.reject(ctx, m, sender, enveloped, codeUnavailable, "no free slot")
		return
	}
	w.start(ctx, ref, m.GetTerm(), task, sender, enveloped)
}

// onDuplicate answers a RunTask for an attempt the worker already has: a redelivery, or a
// new master re-sending what it found dispatched. The sender becomes the attempt's reply
// address, and whatever was last reported is reported again.
func (w *worker) onDuplicate(ctx actor.Context, e *entry, sender *actor.PID, enveloped bool) {
	if sender != nil {
		e.replyTo, e.enveloped = sender, enveloped
	}
	switch {
	case e.finished != nil:
		w.emit(ctx, e, e.finished)
	case e.started != nil:
		w.emit(ctx, e, e.started)
	}
}

// unavailable says why the worker takes no new attempt now, or "".
func (w *worker) unavailable() string {
	switch {
	case w.broken != nil:
		return "the worker cannot run tasks: " + w.broken.Error()
	case w.draining:
		return "the worker is draining"
	}
	return ""
}

// taskOf builds the executor's task, or says why the RunTask is unusable.
func taskOf(m *messages.RunTask) (executors.Task, error) {
	ref := RefOf(m.GetRef())
	if !ref.valid() {
		return executors.Task{}, fmt.Errorf("bad task ref %q: instance and node must be set and the attempt count from 1", ref)
	}
	var action workflows.Action
	if err := json.Unmarshal(m.GetActionJson(), &action); err != nil {
		return executors.Task{}, fmt.Errorf("bad action JSON: %v", err)
	}
	if action.Type == "" {
		return executors.Task{}, fmt.Errorf("bad action JSON: no action type")
	}
	var attachments []executors.Attachment
	for _, a := range m.GetAttachments() {
		attachments = append(attachments, executors.Attachment{Name: a.GetName(), Data: a.GetData()})
	}
	return executors.Task{
		InstanceID: ref.InstanceID, Workflow: m.GetWorkflow(), Node: ref.Node, Attempt: ref.Attempt,
		Action: &action, Attachments: attachments, Env: m.GetEnv(),
	}, nil
}

// start spawns the attempt's task actor, which starts running it at once.
func (w *worker) start(ctx actor.Context, ref Ref, term uint64, task executors.Task, sender *actor.PID, enveloped bool) {
	a := &attempt{
		ref: ref, task: task, exec: w.cfg.Executors,
		logDir:   LogDir(w.cfg.LogRoot, ref.InstanceID, ref.Node, ref.Attempt),
		logLimit: w.cfg.LogLimit,
		journal:  w.journal,
		boot:     w.boot, now: w.cfg.Now, log: w.log,
	}
	e := &entry{
		ref: ref, term: term, replyTo: sender, enveloped: enveloped,
		timeout: task.Action.Timeout, accepted: w.cfg.Now(),
	}
	e.child = ctx.SpawnPrefix(actor.PropsFromProducer(func() actor.Actor { return &taskActor{a: a} }), "task-")
	w.tasks[ref] = e
	w.running++
}

// reject answers a RunTask the worker will not run.
func (w *worker) reject(ctx actor.Context, m *messages.RunTask, sender *actor.PID, enveloped bool, code, msg string) {
	to := sender
	if to == nil {
		to = w.master
	}
	if to == nil {
		w.log.Warn("worker: rejected a RunTask nobody can be told about", "ref", RefOf(m.GetRef()), "code", code, "msg", msg)
		return
	}
	ctx.Request(to, wrap(&messages.RunTaskRejected{
		Ref: m.GetRef(), Term: m.GetTerm(), Worker: w.cfg.Name, Code: code, Message: strings.ToValidUTF8(msg, "\uFFFD"),
	}, enveloped))
}
