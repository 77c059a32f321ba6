package gateway

import (
	"context"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// frontReader is what the dashboard reads beyond store.Reader, each in one read transaction
// without decoding records; *store.Store has it. The general lists answer the same questions
// at a cost that grows with the candidates (one query per failing workflow, a decode of every
// file record): with 10,000 workflows that was most of a 0.5 s dashboard. A Reader without it
// (a test double) gets those general reads.
type frontReader interface {
	LatestFinished(names []string) (map[string]workflows.InstanceStatus, error)
	FileStatusCounts() (map[store.FileStatus]int, error)
	RecentWorkflows(st workflows.InstanceStatus, limit int) ([]string, error)
	CountsBetween(bounds []time.Time) ([]map[workflows.InstanceStatus]int, error)
}

// countsByDay counts instances per creation day (yyyy-mm-dd in loc) and status for the n
// days from the midnight from, as store.Reader.CountsByDay does for every day after from.
func (g *Gateway) countsByDay(from time.Time, n int, loc *time.Location) (map[string]map[workflows.InstanceStatus]int, error) {
	fr, ok := g.cfg.Store.(frontReader)
	if !ok {
		return g.cfg.Store.CountsByDay(from, loc)
	}
	y, m, d := from.Date()
	bounds := make([]time.Time, n+1)
	for i := range bounds {
		bounds[i] = time.Date(y, m, d+i, 0, 0, 0, 0, loc)
	}
	counts, err := fr.CountsBetween(bounds)
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[workflows.InstanceStatus]int, n)
	for i, c := range counts {
		out[bounds[i].Format(time.DateOnly)] = c
	}
	return out, nil
}

// recentFailures returns the workflow of each of the newest n failed instances, newest first.
func (g *Gateway) recentFailures(n int) ([]string, error) {
	if fr, ok := g.cfg.Store.(frontReader); ok {
		out, err := fr.RecentWorkflows(workflows.InstanceFailed, n)
		if err != nil {
			return nil, mapErr(err, "read the failed instances")
		}
		return out, nil
	}
	fails, _, err := g.cfg.Store.Instances(store.InstanceQuery{Status: ptr(workflows.InstanceFailed), Limit: n})
	if err != nil {
		return nil, mapErr(err, "read the failed instances")
	}
	out := make([]string, len(fails))
	for i, rec := range fails {
		out[i] = rec.Instance.Workflow
	}
	return out, nil
}

// latestFinishedOf returns the status of the newest finished instance of each name that
// has one.
func (g *Gateway) latestFinishedOf(ctx context.Context, names []string) (map[string]workflows.InstanceStatus, error) {
	if fr, ok := g.cfg.Store.(frontReader); ok {
		out, err := fr.LatestFinished(names)
		if err != nil {
			return nil, mapErr(err, "read the latest finished instances")
		}
		return out, nil
	}
	out := make(map[string]workflows.InstanceStatus, len(names))
	for _, wf := range names {
		if err := ctx.Err(); err != nil {
			return nil, mapErr(err, "find the failing workflows")
		}
		st, ok, err := g.latestFinished(wf)
		if err != nil {
			return nil, err
		}
		if ok {
			out[wf] = st
		}
	}
	return out, nil
}

// fileErrors counts the xmlconfig files that failed to load.
func (g *Gateway) fileErrors() (int, error) {
	if fr, ok := g.cfg.Store.(frontReader); ok {
		counts, err := fr.FileStatusCounts()
		if err != nil {
			return 0, mapErr(err, "count the xmlconfig files in error")
		}
		return counts[store.FileError], nil
	}
	files, err := g.cfg.Store.Files()
	if err != nil {
		return 0, mapErr(err, "read the xmlconfig files")
	}
	n := 0
	for _, file := range files {
		if file.Status == store.FileError {
			n++
		}
	}
	return n, nil
}
