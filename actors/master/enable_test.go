package master

import (
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func (h *harness) coordStatus(name string) CoordinatorStatus {
	h.t.Helper()
	for _, c := range h.status().Coordinators {
		if c.Name == name {
			return c
		}
	}
	h.t.Fatalf("no coordinator %s in the status", name)
	return CoordinatorStatus{}
}

func (h *harness) setEnabled(name string, on bool) bool {
	h.t.Helper()
	changed, err := h.client.SetEnabled(h.ctx(), name, on)
	if err != nil {
		h.t.Fatalf("SetEnabled(%s, %v): %v", name, on, err)
	}
	return changed
}

// A switched-off coordinator does not fire, still runs by hand, stays off across a restart
// and the re-put of its file that follows one, and fires again once switched on.
func TestDisabledCoordinatorDoesNotFireAndSurvivesRestart(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RetentionEvery = 1000 * time.Hour })
	xml := chainXML("cron", 1, `instance-limit="5"`, cronCoord("0 2 * * *"))
	h.put(xml)
	slot := time.Date(2024, 5, 2, 2, 0, 0, 0, time.UTC)
	eventually(t, "the wake-up timer at the slot", func() bool { return h.clock.armed(slot) == 1 })

	if !h.setEnabled("cron", false) {
		t.Fatal("switching off an enabled coordinator changed nothing")
	}
	if h.setEnabled("cron", false) {
		t.Fatal("switching off twice reported a change")
	}
	if c := h.coordStatus("cron"); c.Enabled {
		t.Fatalf("status after switching off: %+v", c)
	}
	if off, err := h.store.DisabledCoordinators(); err != nil || len(off) != 1 || !off["cron"].Equal(t0) {
		t.Fatalf("stored switches = %v, %v; want cron switched off at %s", off, err, t0)
	}
	h.clock.Set(slot)
	h.status() // the master has handled every timer the clock fired
	if n := len(h.byWorkflow("cron")); n != 0 {
		t.Fatalf("a switched-off coordinator fired %d times", n)
	}

	// By hand it still runs (akkaflow: trigger ignores is-enabled).
	id := h.trigger("cron", nil)
	if rec := h.instance(id); rec.Instance.Trigger != workflows.TriggerManual {
		t.Fatalf("manual trigger made a %s instance", rec.Instance.Trigger)
	}

	// A restart, then the initial scan re-putting the same file: still off, and the slots
	// missed while down are not caught up.
	h.restart(slot.Add(24*time.Hour+time.Minute), nil)
	h.put(xml)
	if c := h.coordStatus("cron"); c.Enabled {
		t.Fatalf("status after a restart: %+v", c)
	}
	if n := len(h.byWorkflow("cron")); n != 1 {
		t.Fatalf("%d instances after the restart, want only the manual one", n)
	}

	if !h.setEnabled("cron", true) {
		t.Fatal("switching on a switched-off coordinator changed nothing")
	}
	if c := h.coordStatus("cron"); !c.Enabled {
		t.Fatalf("status after switching on: %+v", c)
	}
	if off, _ := h.store.DisabledCoordinators(); len(off) != 0 {
		t.Fatalf("stored switches after switching on: %v", off)
	}
	next := slot.Add(48 * time.Hour)
	eventually(t, "the wake-up timer at the next slot", func() bool { return h.clock.armed(next) == 1 })
	h.clock.Set(next)
	eventually(t, "the fire once on again", func() bool { return len(h.byWorkflow("cron")) == 2 })
	if rec := h.byWorkflow("cron")[1]; rec.Instance.Trigger != workflows.TriggerSchedule || !rec.Instance.Scheduled.Equal(next) {
		t.Fatalf("fire after switching on = %s at %s", rec.Instance.Trigger, rec.Instance.Scheduled)
	}
}

func TestEnableRefusals(t *testing.T) {
	h := newHarness(t, nil)
	h.put(chainXML("plain", 1, "", ""))
	h.put(chainXML("xmloff", 1, "", strings.Replace(cronCoord("0 2 * * *"), `is-enabled="true"`, `is-enabled="false"`, 1)))
	cases := []struct {
		name string
		on   bool
		code workflows.Code
		msg  string
	}{
		{"nosuch", false, workflows.CodeNotFound, `no workflow or coordinator named "nosuch"`},
		{"plain", false, workflows.CodeInvalid, `workflow "plain" has no coordinator to disable`},
		{"xmloff", true, workflows.CodeConflict, `is-enabled="false"`},
	}
	for _, tc := range cases {
		_, err := h.client.SetEnabled(h.ctx(), tc.name, tc.on)
		if workflows.CodeOf(err) != tc.code || err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("SetEnabled(%s, %v) = %v, want %s saying %q", tc.name, tc.on, err, tc.code, tc.msg)
		}
	}
	if off, _ := h.store.DisabledCoordinators(); len(off) != 0 {
		t.Fatalf("a refused request stored a switch: %v", off)
	}
	// Switching off what the XML already disables is allowed: it stays off when the XML changes.
	if !h.setEnabled("xmloff", false) {
		t.Fatal("switching off an XML-disabled coordinator changed nothing")
	}
	h.put(chainXML("xmloff", 1, "", cronCoord("0 2 * * *")))
	if c := h.coordStatus("xmloff"); c.Enabled {
		t.Fatalf("the XML now enables it, but it is switched off: %+v", c)
	}
}
