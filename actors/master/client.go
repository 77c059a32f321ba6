package master

import (
	"context"
	"errors"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// Client asks the master from outside any actor (the HTTP backend, the CLI's server side).
// Every call is a RequestFuture bounded by Timeout and by the context's deadline, and returns
// Go values and errors that are *workflows.Error with a code: the master's own answer, or
// CodeUnavailable when there is no master (none active, or it stopped), CodeTimeout when it
// did not answer in time. It is safe for concurrent use.
type Client struct {
	Root *actor.RootContext
	// Master returns the current master's PID, or nil when none is active.
	Master  func() *actor.PID
	Timeout time.Duration // per call; default 10 s
}

// DefaultClientTimeout bounds a call when Client.Timeout is zero.
const DefaultClientTimeout = 10 * time.Second

// NewClient returns a Client for a fixed master PID.
func NewClient(root *actor.RootContext, master *actor.PID, timeout time.Duration) *Client {
	return &Client{Root: root, Master: func() *actor.PID { return master }, Timeout: timeout}
}

// PutDefinition stores a definition. An invalid one is a CodeInvalid error with every
// problem; the response still names it.
func (c *Client) PutDefinition(ctx context.Context, xml []byte, source string, origin store.Origin) (*PutDefinitionResponse, error) {
	return call[*PutDefinitionResponse](ctx, c, &PutDefinitionRequest{XML: xml, Source: source, Origin: origin})
}

// PutLoadedDefinition stores a definition the caller has already loaded with
// xmlspec.Load(source, xml), sparing the master a second parse (the xmlconfig scanner).
func (c *Client) PutLoadedDefinition(ctx context.Context, xml []byte, source string, origin store.Origin, def *workflows.Definition) (*PutDefinitionResponse, error) {
	return call[*PutDefinitionResponse](ctx, c, &PutDefinitionRequest{XML: xml, Source: source, Origin: origin, Loaded: def})
}

// CheckDefinition validates a definition without storing it.
func (c *Client) CheckDefinition(ctx context.Context, xml []byte, source string) (*CheckDefinitionResponse, error) {
	return call[*CheckDefinitionResponse](ctx, c, &CheckDefinitionRequest{XML: xml, Source: source})
}

// DeleteDefinition removes a definition. CodeConflict lists the dependents in the message
// and in the returned slice.
func (c *Client) DeleteDefinition(ctx context.Context, name string) ([]string, error) {
	r, err := call[*DeleteDefinitionResponse](ctx, c, &DeleteDefinitionRequest{Name: name})
	if r == nil {
		return nil, err
	}
	return r.Dependents, err
}

// FileRemoved disables the definition loaded from an xmlconfig file that disappeared and
// returns its name ("" if none).
func (c *Client) FileRemoved(ctx context.Context, path string) (string, error) {
	r, err := call[*FileRemovedResponse](ctx, c, &FileRemovedRequest{Path: path})
	if r == nil {
		return "", err
	}
	return r.Name, err
}

// Trigger fires a workflow by hand and returns the instance id.
func (c *Client) Trigger(ctx context.Context, workflow string, params map[string]string, ignoreNodes []string) (string, error) {
	r, err := call[*TriggerResponse](ctx, c, &TriggerRequest{Workflow: workflow, Params: params, IgnoreNodes: ignoreNodes})
	if r == nil {
		return "", err
	}
	return r.ID, err
}

// Run starts an ad-hoc instance with params and returns its id.
func (c *Client) Run(ctx context.Context, workflow string, params map[string]string) (string, error) {
	r, err := call[*RunResponse](ctx, c, &RunRequest{Workflow: workflow, Params: params})
	if r == nil {
		return "", err
	}
	return r.ID, err
}

// Rerun reruns a finished instance and returns the new instance's id.
func (c *Client) Rerun(ctx context.Context, id string, fromFailed bool) (string, error) {
	r, err := call[*RerunResponse](ctx, c, &RerunRequest{ID: id, FromFailed: fromFailed})
	if r == nil {
		return "", err
	}
	return r.ID, err
}

// Kill kills a queued or running instance.
func (c *Client) Kill(ctx context.Context, id, reason string) error {
	_, err := call[*KillResponse](ctx, c, &KillRequest{ID: id, Reason: reason})
	return err
}

// DeleteInstance removes a finished instance.
func (c *Client) DeleteInstance(ctx context.Context, id string) error {
	_, err := call[*DeleteInstanceResponse](ctx, c, &DeleteInstanceRequest{ID: id})
	return err
}

// Reset clears a coordinator's dependency flags and recomputes its next fire.
func (c *Client) Reset(ctx context.Context, workflow string) error {
	_, err := call[*ResetResponse](ctx, c, &ResetRequest{Workflow: workflow})
	return err
}

// Backfill creates one instance per cron slot in [from, to) and returns the group and ids.
func (c *Client) Backfill(ctx context.Context, req BackfillRequest) (group string, ids []string, err error) {
	r, err := call[*BackfillResponse](ctx, c, &req)
	if r == nil {
		return "", nil, err
	}
	return r.Group, r.IDs, err
}

// Status returns the master's live state.
func (c *Client) Status(ctx context.Context) (*StatusResponse, error) {
	return call[*StatusResponse](ctx, c, &StatusRequest{})
}

// WorkerUp tells the master about a worker (no answer).
func (c *Client) WorkerUp(w Worker) error { return c.send(&WorkerUp{Worker: w}) }

// WorkerDown tells the master a worker left (no answer).
func (c *Client) WorkerDown(name string) error { return c.send(&WorkerDown{Name: name}) }

func (c *Client) send(msg any) error {
	pid := c.master()
	if pid == nil {
		return noMaster
	}
	c.Root.Send(pid, msg)
	return nil
}

var noMaster = workflows.Errorf(workflows.CodeUnavailable, "no active master")

func (c *Client) master() *actor.PID {
	if c.Master == nil {
		return nil
	}
	return c.Master()
}

// responder is implemented by every response (through the embedded Result).
type responder interface{ Err() error }

// call sends req and waits for its response of type R, converting the outcome into an error.
func call[R responder](ctx context.Context, c *Client, req any) (R, error) {
	var zero R
	pid := c.master()
	if pid == nil {
		return zero, noMaster
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultClientTimeout
	}
	if d, ok := ctx.Deadline(); ok {
		left := time.Until(d)
		if left <= 0 {
			return zero, workflows.Errorf(workflows.CodeTimeout, "the request's deadline has passed")
		}
		timeout = min(timeout, left)
	}
	f := c.Root.RequestFuture(pid, req, timeout)
	type outcome struct {
		res any
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := f.Result()
		done <- outcome{res, err}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return zero, workflows.Errorf(workflows.CodeTimeout, "the request's deadline passed before the master answered")
		}
		return zero, workflows.Errorf(workflows.CodeUnavailable, "request cancelled: %v", ctx.Err())
	}
	switch {
	case errors.Is(o.err, actor.ErrTimeout):
		return zero, workflows.Errorf(workflows.CodeTimeout, "the master did not answer within %s", timeout)
	case errors.Is(o.err, actor.ErrDeadLetter):
		return zero, workflows.Errorf(workflows.CodeUnavailable, "the master is gone (it stopped or was deposed)")
	case o.err != nil:
		return zero, workflows.Errorf(workflows.CodeUnavailable, "ask the master: %v", o.err)
	}
	r, ok := o.res.(R)
	if !ok {
		return zero, workflows.Errorf(workflows.CodeInternal, "unexpected answer %T to %T", o.res, req)
	}
	return r, r.Err()
}
