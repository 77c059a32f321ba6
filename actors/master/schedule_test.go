package master

import (
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func TestCronFiresAtTheSlotExactlyOnce(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RetentionEvery = 1000 * time.Hour })
	h.put(chainXML("cron", 1, `instance-limit="5"`, cronCoord("0 2 * * *")))
	slot := time.Date(2024, 5, 2, 2, 0, 0, 0, time.UTC)
	eventually(t, "the wake-up timer at the slot", func() bool { return h.clock.armed(slot) == 1 })
	if h.clock.armedBefore(slot) != 0 {
		t.Fatal("a timer is armed before the slot (polling?)")
	}
	h.clock.Set(slot.Add(-time.Second))
	if n := len(h.byWorkflow("cron")); n != 0 {
		t.Fatalf("%d fires before the slot", n)
	}
	h.clock.Set(slot)
	eventually(t, "the fire", func() bool { return len(h.byWorkflow("cron")) == 1 })
	rec := h.byWorkflow("cron")[0]
	if rec.Instance.Trigger != workflows.TriggerSchedule || !rec.Instance.Scheduled.Equal(slot) || rec.Instance.Params["day"] != "2024-05-02" {
		t.Fatalf("fire = %s %s %v", rec.Instance.Trigger, rec.Instance.Scheduled, rec.Instance.Params)
	}
	// The coordinator's last fire is durable with the instance, and the next slot is armed.
	eventually(t, "the next wake-up", func() bool { return h.clock.armed(slot.Add(24*time.Hour)) == 1 })
	if c, _, _ := h.store.Coordinator("cron"); !c.NextFire.Equal(slot.Add(24 * time.Hour)) {
		t.Fatalf("stored next fire = %s", c.NextFire)
	}
	h.clock.Advance(time.Minute)
	h.clock.Advance(time.Hour)
	if s := h.status(); len(s.Coordinators) != 1 || !s.Coordinators[0].LastFired.Equal(slot) {
		t.Fatalf("status = %+v", s.Coordinators)
	}
	if n := len(h.byWorkflow("cron")); n != 1 {
		t.Fatalf("%d fires for one slot", n)
	}
	h.clock.Set(slot.Add(24 * time.Hour))
	eventually(t, "the second day's fire", func() bool { return len(h.byWorkflow("cron")) == 2 })
}

func TestDependencyTriggerFiresDownstreamOnce(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(chainXML("up", 1, "", ""))
	h.put(chainXML("down", 1, "", depCoord("up")))
	up := h.trigger("up", nil)
	w.succeed(w.nextRun(t))
	h.waitStatus(up, workflows.InstanceSucceeded)
	r := w.nextRun(t)
	if r.Workflow != "down" {
		t.Fatalf("ran %s, want down", r.Workflow)
	}
	downs := h.byWorkflow("down")
	if len(downs) != 1 || downs[0].Instance.Trigger != workflows.TriggerSchedule {
		t.Fatalf("down instances = %d", len(downs))
	}
	w.succeed(r)
	h.waitStatus(downs[0].Instance.ID, workflows.InstanceSucceeded)
	if n := len(h.byWorkflow("down")); n != 1 {
		t.Fatalf("down fired %d times", n)
	}
	if s := h.status(); s.Coordinators[0].Ready || len(s.Coordinators[0].Waiting) != 1 {
		t.Fatalf("flags not cleared by the fire: %+v", s.Coordinators[0])
	}
}

func TestManualRunDoesNotSatisfyDependencies(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(chainXML("up", 1, "", ""))
	h.put(chainXML("down", 1, "", depCoord("up")))
	id, err := h.client.Run(h.ctx(), "up", map[string]string{"x": "1"})
	if err != nil {
		t.Fatal(err)
	}
	w.succeed(w.nextRun(t))
	rec := h.waitStatus(id, workflows.InstanceSucceeded)
	if rec.Instance.Trigger != workflows.TriggerRun || rec.Instance.Params["x"] != "1" {
		t.Fatalf("run = %+v", rec.Instance)
	}
	w.noRun(t, 30*time.Millisecond)
	if n := len(h.byWorkflow("down")); n != 0 {
		t.Fatalf("down fired %d times after a run", n)
	}
	if s := h.status(); s.Coordinators[0].Name != "down" || s.Coordinators[0].Ready {
		t.Fatalf("down = %+v", s.Coordinators[0])
	}
}

func TestResetClearsFlags(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 4)
	h.put(chainXML("u1", 1, "", ""))
	h.put(chainXML("u2", 1, "", ""))
	h.put(chainXML("d", 1, "", depCoord("u1", "u2")))
	id := h.trigger("u1", nil)
	w.succeed(w.nextRun(t))
	h.waitStatus(id, workflows.InstanceSucceeded)
	eventually(t, "u1 recorded", func() bool { s := h.status(); return len(s.Coordinators[0].Waiting) == 1 })
	if err := h.client.Reset(h.ctx(), "d"); err != nil {
		t.Fatal(err)
	}
	if s := h.status(); len(s.Coordinators[0].Waiting) != 2 {
		t.Fatalf("after reset: %+v", s.Coordinators[0])
	}
	if err := h.client.Reset(h.ctx(), "u1"); workflows.CodeOf(err) != workflows.CodeInvalid {
		t.Fatalf("reset without coordinator: %v", err)
	}
}

// depend-reset="daily" (akkaflow): an upstream success counts until the next 23:59, so the
// downstream's 02:00 slot the next day waits for a new success.
func TestDailyDependencyReset(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RetentionEvery = 1000 * time.Hour })
	w := h.addWorker("w1", 4)
	h.put(chainXML("up", 1, "", ""))
	coord := strings.Replace(cronCoord("0 2 * * *", "up"), `is-enabled="true"`, `is-enabled="true" depend-reset="daily"`, 1)
	h.put(chainXML("down", 1, "", coord))
	id := h.trigger("up", nil)
	w.succeed(w.nextRun(t))
	h.waitStatus(id, workflows.InstanceSucceeded)
	eventually(t, "up recorded", func() bool { s := h.status(); return s.Coordinators[0].Ready })
	reset := time.Date(2024, 5, 1, 23, 59, 0, 0, time.UTC)
	eventually(t, "the reset timer", func() bool { return h.clock.armed(reset) == 1 })
	h.clock.Set(reset)
	eventually(t, "flags cleared", func() bool { s := h.status(); return !s.Coordinators[0].Ready })
	eventually(t, "the cleared flags committed", func() bool {
		c, _, _ := h.store.Coordinator("down")
		return !strings.Contains(string(c.State), `"up"`)
	})
	h.clock.Set(time.Date(2024, 5, 2, 2, 0, 0, 0, time.UTC))
	w.noRun(t, 30*time.Millisecond)
	if n := len(h.byWorkflow("down")); n != 0 {
		t.Fatalf("down fired %d times without a new upstream success", n)
	}
	id = h.trigger("up", nil)
	w.succeed(w.nextRun(t))
	h.waitStatus(id, workflows.InstanceSucceeded)
	if r := w.nextRun(t); r.Workflow != "down" {
		t.Fatalf("ran %s", r.Workflow)
	}
}
