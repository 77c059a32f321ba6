package gateway

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows/schedule"
	"github.com/actorflow/actorflow/workflows/store"
)

// live fills what a row learns from the coordinator's stored runtime state rather than from
// its definition: the next fire (only when wf.Enabled) and which dependencies are satisfied
// now.
//
// The record's State is the master's coordState, whose JSON is schedule.State's plus fields
// this reader ignores (actors/master/coordinators.go), so it decodes as a schedule.State.
// An unreadable state, or none yet, leaves every dependency unsatisfied and falls back to
// the record's indexed NextFire.
func (t *trigger) live(wf *apiv1.Workflow, rec store.CoordinatorRecord, found bool, now time.Time) {
	var st schedule.State
	if found && len(rec.State) > 0 {
		if err := json.Unmarshal(rec.State, &st); err != nil {
			st = schedule.State{}
		}
	}
	next := st.Next
	if next.IsZero() && found {
		next = rec.NextFire
	}
	if wf.Enabled && !next.IsZero() { // the trigger's enabled, less an operator's switch (row)
		// A disabled coordinator keeps a next slot in its state, but it will not fire then.
		wf.NextFire = apiv1.At(next.In(t.loc))
	}
	if len(t.upstreams) == 0 {
		return
	}
	_, missing := st.Deps.Ready(t.upstreams, st.Next, t.spec.DependReset, t.loc, now)
	deps := make([]apiv1.Dependency, len(t.upstreams))
	for i, u := range t.upstreams {
		deps[i] = apiv1.Dependency{Workflow: u, Ready: !slices.Contains(missing, u)}
	}
	wf.Dependencies = deps
}
