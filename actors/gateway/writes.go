package gateway

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/store"
)

// Changes go to the master, never to the store: the master validates, orders and commits
// them through the log. The master client bounds each call; its errors already carry codes.

// apiSource is the source recorded for an upload that names no file.
const apiSource = "api"

// killReason is recorded on instances killed through the API.
const killReason = "killed through the API"

// PutWorkflow uploads a definition (origin api). An invalid one comes back as the master's
// CodeInvalid error with every problem.
func (g *Gateway) PutWorkflow(ctx context.Context, xml []byte, path string) (apiv1.PutWorkflowResponse, error) {
	source := path
	if source == "" {
		source = apiSource
	}
	r, err := g.cfg.Master.PutDefinition(ctx, xml, source, store.OriginAPI)
	if err != nil {
		return apiv1.PutWorkflowResponse{}, mapErr(err, "store the definition")
	}
	g.catalog.invalidate()
	return apiv1.PutWorkflowResponse{Name: r.Name, Created: r.Created, Warnings: apiv1.ProblemsOf(r.Warnings)}, nil
}

// CheckWorkflow validates a definition without storing it.
func (g *Gateway) CheckWorkflow(ctx context.Context, xml []byte) (apiv1.PutWorkflowResponse, error) {
	r, err := g.cfg.Master.CheckDefinition(ctx, xml, apiSource)
	if err != nil {
		return apiv1.PutWorkflowResponse{}, mapErr(err, "check the definition")
	}
	return apiv1.PutWorkflowResponse{Name: r.Name, Warnings: apiv1.ProblemsOf(r.Warnings)}, nil
}

// DeleteWorkflow removes a definition. A conflict always names the dependents, even if the
// master's message does not.
func (g *Gateway) DeleteWorkflow(ctx context.Context, name string) error {
	deps, err := g.cfg.Master.DeleteDefinition(ctx, name)
	if err == nil {
		g.catalog.invalidate()
		return nil
	}
	if workflows.CodeOf(err) == workflows.CodeConflict && len(deps) > 0 {
		var e *workflows.Error
		errors.As(err, &e)
		if !mentionsAll(e.Message, deps) {
			return &workflows.Error{Code: workflows.CodeConflict, Problems: e.Problems,
				Message: strings.TrimSpace(e.Message + " (needed by: " + strings.Join(deps, ", ") + ")")}
		}
	}
	return mapErr(err, "delete workflow "+name)
}

func mentionsAll(msg string, names []string) bool {
	for _, n := range names {
		if !strings.Contains(msg, n) {
			return false
		}
	}
	return true
}

// TriggerWorkflow fires a workflow with its coordinator's params (overridden by r.Params).
func (g *Gateway) TriggerWorkflow(ctx context.Context, name string, r apiv1.TriggerRequest) (string, error) {
	id, err := g.cfg.Master.Trigger(ctx, name, r.Params, r.IgnoreNodes)
	return id, mapErr(err, "trigger "+name)
}

// RunWorkflow starts an ad-hoc instance with exactly params.
func (g *Gateway) RunWorkflow(ctx context.Context, name string, params map[string]string) (string, error) {
	id, err := g.cfg.Master.Run(ctx, name, params)
	return id, mapErr(err, "run "+name)
}

// ResetWorkflow clears a coordinator's dependency flags and recomputes its next fire.
func (g *Gateway) ResetWorkflow(ctx context.Context, name string) error {
	return mapErr(g.cfg.Master.Reset(ctx, name), "reset "+name)
}

// Backfill creates one instance per cron slot in [From, To).
func (g *Gateway) Backfill(ctx context.Context, name string, r apiv1.BackfillRequest) (apiv1.BackfillResponse, error) {
	group, ids, err := g.cfg.Master.Backfill(ctx, master.BackfillRequest{Workflow: name,
		From: r.From.Time, To: r.To.Time, Parallel: r.Parallel})
	if err != nil {
		return apiv1.BackfillResponse{}, mapErr(err, "backfill "+name)
	}
	if ids == nil {
		ids = []string{}
	}
	return apiv1.BackfillResponse{Group: group, Instances: ids}, nil
}

// KillInstance stops a queued or running instance.
func (g *Gateway) KillInstance(ctx context.Context, id string) error {
	return mapErr(g.cfg.Master.Kill(ctx, id, killReason), "kill instance "+id)
}

// RerunInstance reruns a finished instance and returns the id of the instance that runs.
func (g *Gateway) RerunInstance(ctx context.Context, id string, fromFailed bool) (string, error) {
	nid, err := g.cfg.Master.Rerun(ctx, id, fromFailed)
	return nid, mapErr(err, "rerun instance "+id)
}

// DeleteInstance removes a finished instance, then its logs on this host. The master keeps no
// log directory, so the gateway, which knows this host's LogRoot, removes them; the instance
// is gone by then, so a failure to remove them is logged, not reported.
func (g *Gateway) DeleteInstance(ctx context.Context, id string) error {
	if err := g.cfg.Master.DeleteInstance(ctx, id); err != nil {
		return mapErr(err, "delete instance "+id)
	}
	if g.cfg.LogRoot != "" {
		dir := filepath.Join(g.cfg.LogRoot, executors.SafeName(id))
		if err := os.RemoveAll(dir); err != nil {
			g.log.Warn("gateway: the deleted instance's logs could not be removed", "instance", id, "dir", dir, "err", err)
		}
	}
	return nil
}
