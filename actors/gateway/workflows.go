package gateway

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// defaultLimit is the page size when a caller (not the HTTP server, which always sets one)
// leaves Limit at zero.
const defaultLimit = 50

// ListWorkflows filters the cached snapshot (dir prefix, substring q over name, desc, dir and
// creator, case-insensitive), pages it by name, and reads the coordinator state of the page's
// rows only: the cost is one pass over cached rows plus O(limit) store reads.
func (g *Gateway) ListWorkflows(ctx context.Context, q httpapi.WorkflowQuery) (apiv1.List[apiv1.Workflow], error) {
	s, err := g.catalog.current(ctx)
	if err != nil {
		return apiv1.List[apiv1.Workflow]{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	dir := strings.Trim(q.Dir, "/")
	text := strings.ToLower(strings.TrimSpace(q.Q))
	var page []*entry
	total := 0
	for _, e := range s.list {
		if dir != "" && e.dir != dir && !strings.HasPrefix(e.dir, dir+"/") {
			continue
		}
		if text != "" && !strings.Contains(e.search, text) {
			continue
		}
		if total >= q.Offset && len(page) < limit {
			page = append(page, e)
		}
		total++
	}
	now := g.cfg.Now()
	items := make([]apiv1.Workflow, 0, len(page))
	for _, e := range page {
		wf, err := g.row(s, e, now)
		if err != nil {
			return apiv1.List[apiv1.Workflow]{}, err
		}
		items = append(items, wf)
	}
	return apiv1.List[apiv1.Workflow]{Items: items, Total: total}, nil
}

// GetWorkflow reads the definition itself from the store (never stale), with its source and
// graph; the parse comes from the cache when this version was seen.
func (g *Gateway) GetWorkflow(ctx context.Context, name string) (apiv1.WorkflowDetail, error) {
	if err := ctx.Err(); err != nil {
		return apiv1.WorkflowDetail{}, mapErr(err, "read workflow "+name)
	}
	rec, ok, err := g.cfg.Store.Definition(name)
	if err != nil {
		return apiv1.WorkflowDetail{}, mapErr(err, "read workflow "+name)
	}
	if !ok {
		return apiv1.WorkflowDetail{}, notFoundf("no workflow named %q", name)
	}
	e := g.catalog.entryFor(rec)
	var s *snapshot
	if e.trigger == nil {
		// Only the snapshot knows which standalone coordinator, if any, fires this workflow.
		if s, err = g.catalog.current(ctx); err != nil {
			return apiv1.WorkflowDetail{}, err
		}
	}
	wf, err := g.row(s, e, g.cfg.Now())
	if err != nil {
		return apiv1.WorkflowDetail{}, err
	}
	nodes := slices.Clone(e.nodes)
	if nodes == nil {
		nodes = []apiv1.NodeDef{} // a standalone coordinator has no graph
	}
	return apiv1.WorkflowDetail{Workflow: wf, XML: redactPasswords(string(rec.XML)), Nodes: nodes}, nil
}

// row completes a cached entry with its coordinator's live state. The slices it returns are
// the caller's: cached ones are copied, never handed out.
func (g *Gateway) row(s *snapshot, e *entry, now time.Time) (apiv1.Workflow, error) {
	wf := e.base
	wf.Params = slices.Clone(wf.Params)
	wf.Warnings = slices.Clone(wf.Warnings)
	wf.Dependencies = slices.Clone(wf.Dependencies)
	t := e.trigger
	if t == nil && s != nil {
		if sc := s.targetedBy[e.name]; sc != nil {
			t = sc.trigger
			t.describe(&wf)
		}
	}
	if t == nil {
		return wf, nil
	}
	rec, found, err := g.cfg.Store.Coordinator(t.name)
	if err != nil {
		return apiv1.Workflow{}, mapErr(err, "read the coordinator of "+e.name)
	}
	if wf.Enabled {
		off, err := g.switchedOff(t.name)
		if err != nil {
			return apiv1.Workflow{}, err
		}
		wf.Enabled = !off
	}
	t.live(&wf, rec, found, now)
	return wf, nil
}
