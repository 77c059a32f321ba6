package master

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
)

// Definitions keep their XML, not their model: a model that is not cached (evicted, or after
// a restart) is parsed again for a trigger, a run, a backfill and a fire, with the same result.
func TestModelsAreParsedAgainWhenNotCached(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RetentionEvery = 1000 * time.Hour })
	w := h.addWorker("w1", 8)
	for i := range modelCacheSize + 2 { // the first two are evicted
		h.put(chainXML(fmt.Sprintf("m%03d", i), 1, `instance-limit="5"`, cronCoord("0 11 * * *")))
	}
	command := func(r *messages.RunTask) string {
		var act workflows.Action
		if err := json.Unmarshal(r.ActionJson, &act); err != nil || act.Shell == nil {
			t.Fatalf("action %s: %v", r.ActionJson, err)
		}
		return act.Shell.Command
	}

	h.trigger("m000", nil) // evicted: parsed off the mailbox
	r := w.nextRun(t)
	if command(r) != "echo a1" {
		t.Fatalf("trigger of an evicted model ran %q", command(r))
	}
	w.succeed(r)
	if _, err := h.client.Run(h.ctx(), "m001", nil); err != nil {
		t.Fatal(err)
	}
	w.succeed(w.nextRun(t))
	h.put(chainXML("m002", 1, `instance-limit="5"`, cronCoord("0 11 * * *"))) // unchanged, still cached
	for i := 3; i < modelCacheSize+2; i++ {
		h.trigger(fmt.Sprintf("m%03d", i), nil) // m002 falls out of the cache
		w.succeed(w.nextRun(t))
	}
	_, ids, err := h.client.Backfill(h.ctx(), BackfillRequest{Workflow: "m002", From: t0.Add(-48 * time.Hour), To: t0, Parallel: 2})
	if err != nil || len(ids) != 2 {
		t.Fatalf("backfill of an evicted model: %v %v", ids, err)
	}

	// After a restart nothing is cached: the 11:00 fire parses every model in place.
	h.restart(t0.Add(59*time.Minute), nil)
	w = h.workers["w1"]
	eventually(t, "reconciled", func() bool { return h.status().Ready })
	h.clock.Set(t0.Add(time.Hour))
	eventually(t, "every coordinator fired at 11:00", func() bool {
		for i := range modelCacheSize + 2 {
			recs := h.byWorkflow(fmt.Sprintf("m%03d", i))
			if len(recs) == 0 || recs[len(recs)-1].Instance.Trigger != workflows.TriggerSchedule {
				return false
			}
		}
		return true
	})
	rec := h.byWorkflow("m000")
	if last := rec[len(rec)-1].Instance; last.Status == workflows.InstanceFailed || !last.Scheduled.Equal(t0.Add(time.Hour)) {
		t.Fatalf("m000's fire = %s at %s: %s", last.Status, last.Scheduled, last.Message)
	}
}
