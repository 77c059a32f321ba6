package gateway

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// Dashboard bounds: the front page must stay cheap whatever the history holds.
const (
	frontDays       = 7    // days of counts, today included
	frontRecent     = 20   // recent finishes shown
	frontRunningMax = 100  // running instances shown (newest first), with their nodes
	failingScan     = 1000 // newest failed instances examined to find failing workflows
	latestScanPages = 10   // pages of unfinished instances skipped looking for a finished one
)

// Front builds the dashboard from the store alone: counts per day (in Location) and status
// over the last 7 days, running instances with their nodes, the latest finishes, the queue
// (instances in prep, waiting for admission), workflows whose latest finished instance
// failed, the number of definitions and of xmlconfig files that failed to load.
func (g *Gateway) Front(ctx context.Context, now time.Time) (apiv1.Front, error) {
	var f apiv1.Front
	snap, err := g.catalog.current(ctx)
	if err != nil {
		return f, err
	}
	f.Workflows = len(snap.list)
	if f.Days, err = g.days(now); err != nil {
		return f, err
	}
	running, _, err := g.cfg.Store.Instances(store.InstanceQuery{Status: ptr(workflows.InstanceRunning),
		Limit: frontRunningMax, Full: true})
	if err != nil {
		return f, mapErr(err, "read the running instances")
	}
	f.Running = make([]apiv1.Instance, len(running))
	for i, rec := range running {
		f.Running[i] = instanceOf(rec, true)
	}
	if f.Recent, err = g.recent(); err != nil {
		return f, err
	}
	if _, f.Queued, err = g.cfg.Store.Instances(store.InstanceQuery{Status: ptr(workflows.InstancePrep), Limit: 1}); err != nil {
		return f, mapErr(err, "count the queued instances")
	}
	if f.Failing, err = g.failing(ctx, snap); err != nil {
		return f, err
	}
	if f.FileErrors, err = g.fileErrors(); err != nil {
		return f, err
	}
	return f, nil
}

// days counts instances per creation day, oldest day first, every day present.
func (g *Gateway) days(now time.Time) ([]apiv1.DayCount, error) {
	loc := g.cfg.Location
	y, m, d := now.In(loc).Date()
	from := time.Date(y, m, d-(frontDays-1), 0, 0, 0, 0, loc)
	counts, err := g.countsByDay(from, frontDays, loc)
	if err != nil {
		return nil, mapErr(err, "count instances per day")
	}
	out := make([]apiv1.DayCount, frontDays)
	for i := range out {
		day := time.Date(y, m, d-(frontDays-1)+i, 0, 0, 0, 0, loc).Format(time.DateOnly)
		c := map[string]int{}
		for st, n := range counts[day] {
			c[st.String()] = n
		}
		out[i] = apiv1.DayCount{Day: day, Counts: c}
	}
	return out, nil
}

// recent returns the latest finishes, by end time. The store lists by creation, so it takes
// the newest of each terminal status and sorts those: an instance that ran longer than the
// 20 newest of its status were created in is missed, which a dashboard can afford.
func (g *Gateway) recent() ([]apiv1.Instance, error) {
	var recs []store.InstanceRecord
	for _, st := range []workflows.InstanceStatus{workflows.InstanceSucceeded, workflows.InstanceFailed, workflows.InstanceKilled} {
		page, _, err := g.cfg.Store.Instances(store.InstanceQuery{Status: ptr(st), Limit: frontRecent})
		if err != nil {
			return nil, mapErr(err, "read the recent instances")
		}
		recs = append(recs, page...)
	}
	slices.SortFunc(recs, func(a, b store.InstanceRecord) int {
		if c := b.Instance.Ended.Compare(a.Instance.Ended); c != 0 {
			return c
		}
		return strings.Compare(b.Instance.ID, a.Instance.ID)
	})
	recs = recs[:min(len(recs), frontRecent)]
	out := make([]apiv1.Instance, len(recs))
	for i, rec := range recs {
		out[i] = instanceOf(rec, false)
	}
	return out, nil
}

// failing names the defined workflows whose latest finished instance (by creation) failed.
// Candidates are the workflows of the newest failures, so a workflow whose last finish is a
// failure older than the newest failingScan failures is not named: the bound keeps the
// dashboard O(1) in the size of the history.
func (g *Gateway) failing(ctx context.Context, snap *snapshot) ([]string, error) {
	fails, err := g.recentFailures(failingScan)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var candidates []string
	for _, wf := range fails {
		if seen[wf] || snap.byName[wf] == nil {
			continue
		}
		seen[wf] = true
		candidates = append(candidates, wf)
	}
	if err := ctx.Err(); err != nil {
		return nil, mapErr(err, "find the failing workflows")
	}
	latest, err := g.latestFinishedOf(ctx, candidates)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, wf := range candidates {
		if st, ok := latest[wf]; ok && st == workflows.InstanceFailed {
			out = append(out, wf)
		}
	}
	slices.Sort(out)
	return out, nil
}

// latestFinished returns the status of wf's newest finished instance, skipping unfinished
// ones (a bounded number of them): the fallback of latestFinishedOf for a Reader without
// frontReader (one list query per workflow).
func (g *Gateway) latestFinished(wf string) (workflows.InstanceStatus, bool, error) {
	for p := range latestScanPages {
		page, _, err := g.cfg.Store.Instances(store.InstanceQuery{Workflow: wf, Limit: defaultLimit, Offset: p * defaultLimit})
		if err != nil {
			return 0, false, mapErr(err, "read the instances of "+wf)
		}
		for _, rec := range page {
			if rec.Instance.Status.Terminal() {
				return rec.Instance.Status, true, nil
			}
		}
		if len(page) < defaultLimit {
			break
		}
	}
	return 0, false, nil
}

func ptr[T any](v T) *T { return &v }
