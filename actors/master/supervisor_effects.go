package master

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/params"
)

// execute carries out one committed result's effects. Timers are the supervisor's own; task
// dispatches and cancellations, result acknowledgements and the end of the instance go to the
// master as one supOutput.
func (s *supervisor) execute(ctx actor.Context, effects []workflows.Effect, ack *ackRef) {
	out := &supOutput{Instance: s.id}
	if ack != nil {
		out.Acks = append(out.Acks, *ack)
	}
	var failed []workflows.Event
	for _, e := range effects {
		switch e := e.(type) {
		case workflows.Dispatch:
			spec, err := s.taskSpec(e)
			if err != nil {
				failed = append(failed, workflows.TaskFailed{At: s.cfg.clock.Now(), Node: e.Node,
					Attempt: e.Attempt, Message: err.Error()})
				continue
			}
			out.Dispatches = append(out.Dispatches, spec)
		case workflows.CancelTask:
			out.Cancels = append(out.Cancels, cancelSpec{Key: taskKey{Instance: s.id, Node: e.Node,
				Attempt: e.Attempt}, Worker: e.Worker, Reason: s.killReason(e)})
		case workflows.SetTimer:
			s.setTimer(ctx, e.Timer, e)
		case workflows.CancelTimer:
			if a := s.timers[e.Timer]; a != nil {
				a.t.Stop()
				delete(s.timers, e.Timer)
			}
		case workflows.Finished:
			inst := s.run.Instance()
			out.Finished = &instanceFinished{ID: s.id, Workflow: s.workflow, Status: e.Status,
				Trigger: inst.Trigger, Scheduled: inst.Scheduled, At: inst.Ended}
			s.stopTimers()
		}
	}
	if len(out.Acks) > 0 || len(out.Cancels) > 0 || len(out.Dispatches) > 0 || out.Finished != nil {
		s.outbox = append(s.outbox, out)
		s.flush(ctx)
	}
	for _, ev := range failed {
		s.apply(ctx, ev, nil, nil)
	}
}

// killReason tells the worker whether the node timed out or was killed.
func (s *supervisor) killReason(e workflows.CancelTask) messages.KillReason {
	if n, ok := s.run.NodeRun(e.Node); ok {
		for _, a := range n.Attempts {
			if a.Number == e.Attempt && a.Status == workflows.AttemptTimedOut {
				return messages.KillReason_KILL_REASON_TIMED_OUT
			}
		}
	}
	return messages.KillReason_KILL_REASON_KILLED
}

func (s *supervisor) setTimer(ctx actor.Context, t workflows.Timer, st workflows.SetTimer) {
	if a := s.timers[t]; a != nil {
		a.t.Stop()
	}
	s.timerGen++
	gen := s.timerGen
	self, root := ctx.Self(), ctx.ActorSystem().Root
	h := s.cfg.clock.AfterFunc(st.At.Sub(s.cfg.clock.Now()), func() { root.Send(self, supTimerFired{Timer: t, Gen: gen}) })
	s.timers[t] = &armedTimer{t: h, gen: gen}
}

// taskSpec prepares an attempt for the master: the action as JSON with ${output:…} resolved
// against the run's outputs now, its placement constraints and its attachment paths (read
// before the output leaves, off the mailbox).
func (s *supervisor) taskSpec(e workflows.Dispatch) (*taskSpec, error) {
	plan := s.run.Plan()
	node := plan.Node(e.Node)
	if node == nil || node.Action == nil {
		return nil, workflows.Errorf(workflows.CodeInternal, "no action %q to dispatch", e.Node)
	}
	act := node.Action
	js, ok := s.actions[e.Node]
	if !ok {
		var err error
		if js, err = json.Marshal(act); err != nil {
			return nil, workflows.Errorf(workflows.CodeInternal, "encode action %q: %v", e.Node, err)
		}
		if !bytes.Contains(js, []byte("${output:")) {
			s.actions[e.Node] = js // the same for every attempt: cache it
		} else {
			resolved, err := params.ResolveActionOutputs(act, e.Node, s.output)
			if err != nil {
				return nil, err
			}
			if js, err = json.Marshal(resolved); err != nil {
				return nil, workflows.Errorf(workflows.CodeInternal, "encode action %q: %v", e.Node, err)
			}
		}
	}
	host := act.Host
	if host == "-1" {
		host = ""
	}
	return &taskSpec{Key: taskKey{Instance: s.id, Node: e.Node, Attempt: e.Attempt}, Workflow: s.workflow,
		Action: js, Host: host, Labels: slices.Clone(act.Labels), ActionPriority: act.Priority,
		WorkflowPriority: plan.Workflow().Priority, Ready: s.cfg.clock.Now(),
		Env: taskEnv(plan.Workflow(), act), paths: attachmentPaths(act, s.cfg.baseDir)}, nil
}

func (s *supervisor) output(node, key string) (string, bool) {
	v, ok := s.run.Outputs(node)[key]
	return v, ok
}

// attachmentPaths lists the files an action ships (script and file-executor attach-lists),
// relative paths resolved against base.
func attachmentPaths(act *workflows.Action, base string) []string {
	names := shippedFiles(act)
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n == "" {
			continue
		}
		if !filepath.IsAbs(n) {
			n = filepath.Join(base, n)
		}
		out = append(out, n)
	}
	return out
}

// flush hands outputs to the master in order. An output with dispatches whose attachments are
// not read yet holds back everything after it (a later cancel must not overtake its dispatch).
func (s *supervisor) flush(ctx actor.Context) {
	for len(s.outbox) > 0 {
		head := s.outbox[0]
		if paths := unreadPaths(head); len(paths) > 0 {
			if !s.reading {
				s.reading = true
				self, root := ctx.Self(), ctx.ActorSystem().Root
				go func() { root.Send(self, readFiles(paths)) }()
			}
			return
		}
		s.outbox[0] = nil
		s.outbox = s.outbox[1:]
		ctx.Send(ctx.Parent(), head)
	}
}

func unreadPaths(out *supOutput) []string {
	var paths []string
	for _, d := range out.Dispatches {
		paths = append(paths, d.paths...)
	}
	return paths
}

func readFiles(paths []string) supRead {
	r := supRead{Files: map[string][]byte{}, Errs: map[string]error{}}
	for _, p := range paths {
		if b, err := os.ReadFile(p); err != nil {
			r.Errs[p] = err
		} else {
			r.Files[p] = b
		}
	}
	return r
}

// onRead attaches the files to the head output's dispatches; an attempt whose file cannot be
// read fails (its retry policy decides) instead of running without it.
func (s *supervisor) onRead(ctx actor.Context, r supRead) {
	s.reading = false
	if len(s.outbox) == 0 || s.broken {
		return
	}
	head := s.outbox[0]
	var failed []workflows.Event
	kept := head.Dispatches[:0]
	for _, d := range head.Dispatches {
		var bad error
		for _, p := range d.paths {
			if err := r.Errs[p]; err != nil {
				bad = fmt.Errorf("attachment %s: %w", p, err)
				break
			}
			d.Attachments = append(d.Attachments, &messages.Attachment{Name: filepath.Base(p), Data: r.Files[p]})
		}
		d.paths = nil
		if bad != nil {
			failed = append(failed, workflows.TaskFailed{At: s.cfg.clock.Now(), Node: d.Key.Node,
				Attempt: d.Key.Attempt, Message: bad.Error()})
			continue
		}
		kept = append(kept, d)
	}
	head.Dispatches = kept
	s.flush(ctx)
	for _, ev := range failed {
		s.apply(ctx, ev, nil, nil)
	}
}

// supRedispatch re-sends an attempt the store has as dispatched but no worker has: the
// master that dispatched it died before its RunTask left.
type supRedispatch struct{ Dispatch workflows.Dispatch }

func (s *supervisor) redispatch(ctx actor.Context, d workflows.Dispatch) {
	spec, err := s.taskSpec(d)
	if err != nil {
		s.apply(ctx, workflows.TaskLost{At: s.cfg.clock.Now(), Node: d.Node, Attempt: d.Attempt,
			Reason: "cannot re-send after failover: " + err.Error()}, nil, nil)
		return
	}
	s.outbox = append(s.outbox, &supOutput{Instance: s.id, Dispatches: []*taskSpec{spec}})
	s.flush(ctx)
}
