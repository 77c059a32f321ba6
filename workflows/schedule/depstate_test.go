package schedule

import (
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func TestDepStateScheduledPolicy(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	slot := at(t, ny, "2026-05-02 01:00")
	now := at(t, ny, "2026-05-02 03:00")
	ups := []string{"b", "a"}

	var d DepState
	if ok, missing := d.Ready(ups, slot, workflows.DependResetScheduled, ny, now); ok || !slices.Equal(missing, []string{"a", "b"}) {
		t.Fatalf("empty state: ready=%v missing=%v, want false [a b]", ok, missing)
	}
	d.Satisfy("a", at(t, ny, "2026-05-02 00:00"), at(t, ny, "2026-05-02 00:40"))
	if ok, missing := d.Ready(ups, slot, "", ny, now); ok || !slices.Equal(missing, []string{"b"}) {
		t.Fatalf("a only: ready=%v missing=%v, want false [b]", ok, missing)
	}
	// b ran for the previous day: it does not count for the May 2 slot.
	d.Satisfy("b", at(t, ny, "2026-05-01 00:00"), at(t, ny, "2026-05-02 00:50"))
	if ok, missing := d.Ready(ups, slot, "", ny, now); ok || !slices.Equal(missing, []string{"b"}) {
		t.Fatalf("b of May 1: ready=%v missing=%v, want false [b]", ok, missing)
	}
	// ... but it does for the May 1 slot? No: a is for May 2. Neither date satisfies both.
	if ok, _ := d.Ready(ups, at(t, ny, "2026-05-01 01:00"), "", ny, now); ok {
		t.Fatalf("mixed dates satisfied a slot")
	}
	// b's May 2 run succeeds.
	d.Satisfy("b", at(t, ny, "2026-05-02 00:00"), at(t, ny, "2026-05-02 02:00"))
	if ok, missing := d.Ready(ups, slot, "", ny, now); !ok || len(missing) != 0 {
		t.Fatalf("both May 2: ready=%v missing=%v", ok, missing)
	}
	// No slot (dependency-only coordinator): every success counts.
	if ok, _ := d.Ready(ups, time.Time{}, "", ny, now); !ok {
		t.Fatalf("no slot: not ready")
	}
	d.Clear()
	if ok, _ := d.Ready(ups, slot, "", ny, now); ok || d.Upstreams != nil {
		t.Fatalf("Clear did not clear")
	}
}

func TestDepStateDatesInCoordinatorZone(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	var d DepState
	// 23:30 UTC on May 1 is 01:30 on May 2 in Berlin.
	d.Satisfy("up", time.Date(2026, 5, 1, 23, 30, 0, 0, time.UTC), time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC))
	now := at(t, berlin, "2026-05-02 09:00")
	if ok, _ := d.Ready([]string{"up"}, at(t, berlin, "2026-05-02 06:00"), "", berlin, now); !ok {
		t.Errorf("upstream scheduled on May 2 Berlin time should satisfy the May 2 Berlin slot")
	}
	if ok, _ := d.Ready([]string{"up"}, at(t, berlin, "2026-05-01 06:00"), "", berlin, now); ok {
		t.Errorf("upstream of May 2 must not satisfy the May 1 slot")
	}
}

func TestDepStateManualUpstreamCountsForAnySlot(t *testing.T) {
	var d DepState
	d.Satisfy("up", time.Time{}, time.Date(2026, 5, 2, 14, 0, 0, 0, time.UTC))
	for _, slot := range []time.Time{time.Date(2026, 5, 1, 1, 0, 0, 0, time.UTC), time.Date(2026, 5, 9, 1, 0, 0, 0, time.UTC)} {
		if ok, _ := d.Ready([]string{"up"}, slot, workflows.DependResetScheduled, time.UTC, slot); !ok {
			t.Errorf("manual success should count for slot %v", slot)
		}
	}
}

func TestDepStateDailyPolicy(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	ups := []string{"up"}
	slot := at(t, ny, "2026-05-02 01:00")
	now := at(t, ny, "2026-05-02 01:00")
	tests := []struct {
		success string
		ready   bool
	}{
		{"2026-05-01 23:30", false}, // cleared by the 23:59 reset
		{"2026-05-01 23:59", true},  // at the reset itself: after it
		{"2026-05-02 00:30", true},
	}
	for _, tt := range tests {
		var d DepState
		// The scheduled date does not matter under the daily policy.
		d.Satisfy("up", at(t, ny, "2026-04-20 00:00"), at(t, ny, tt.success))
		if ok, _ := d.Ready(ups, slot, workflows.DependResetDaily, ny, now); ok != tt.ready {
			t.Errorf("success at %s: ready=%v, want %v", tt.success, ok, tt.ready)
		}
	}
}

func TestDepStateSatisfyKeepsNewerScheduledRun(t *testing.T) {
	may1, may2 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)
	var d DepState
	d.Satisfy("up", may2, may2.Add(time.Hour))
	d.Satisfy("up", may1, may2.Add(2*time.Hour)) // late rerun of May 1: ignored
	if got := d.Upstreams["up"].Scheduled; !got.Equal(may2) {
		t.Fatalf("rerun of an older run replaced a newer one: %v", got)
	}
	d.Satisfy("up", time.Time{}, may2.Add(3*time.Hour)) // manual: replaces
	if got := d.Upstreams["up"]; !got.Scheduled.IsZero() {
		t.Fatalf("manual success not recorded: %+v", got)
	}
	d.Satisfy("up", may1, may2.Add(4*time.Hour)) // scheduled after manual: replaces
	if got := d.Upstreams["up"].Scheduled; !got.Equal(may1) {
		t.Fatalf("scheduled success after a manual one not recorded: %v", got)
	}
	c := d.Clone()
	c.Satisfy("other", may2, may2)
	if _, ok := d.Upstreams["other"]; ok {
		t.Fatalf("Clone shares its map")
	}
}

func TestDailyReset(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	tests := []struct {
		last, now string
		due       bool
	}{
		{"2026-05-01 12:00", "2026-05-01 23:58", false},
		{"2026-05-01 12:00", "2026-05-01 23:59", true},
		{"2026-05-01 23:59", "2026-05-02 10:00", false},
		{"2026-05-01 23:59", "2026-05-02 23:59", true},
		{"2026-04-28 10:00", "2026-05-02 10:00", true},
	}
	for _, tt := range tests {
		if got := DailyResetDue(at(t, ny, tt.last), at(t, ny, tt.now), ny); got != tt.due {
			t.Errorf("DailyResetDue(%s, %s) = %v, want %v", tt.last, tt.now, got, tt.due)
		}
	}
	if !DailyResetDue(time.Time{}, at(t, ny, "2026-05-01 10:00"), ny) {
		t.Errorf("zero lastReset should make a reset due")
	}
	if got := NextDailyReset(at(t, ny, "2026-05-01 23:59"), ny).Format(stampLayout); got != "2026-05-02 23:59 EDT" {
		t.Errorf("NextDailyReset at 23:59 = %s", got)
	}
	if got := LastDailyReset(at(t, ny, "2026-05-02 10:00"), ny).Format(stampLayout); got != "2026-05-01 23:59 EDT" {
		t.Errorf("LastDailyReset = %s", got)
	}
}
