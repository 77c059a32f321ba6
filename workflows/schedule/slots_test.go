package schedule

import (
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func formatAll(ts []time.Time) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.Format("01-02 15:04"))
	}
	return out
}

func TestMissed(t *testing.T) {
	s := mustParse(t, "0 * * * *", time.UTC)
	last := at(t, time.UTC, "2026-05-02 10:00")
	now := at(t, time.UTC, "2026-05-02 14:30")
	tests := []struct {
		policy workflows.CatchupPolicy
		max    int
		want   []string
	}{
		{workflows.CatchupLatest, 0, []string{"05-02 14:00"}},
		{"", 0, []string{"05-02 14:00"}},
		{workflows.CatchupAll, 0, []string{"05-02 11:00", "05-02 12:00", "05-02 13:00", "05-02 14:00"}},
		{workflows.CatchupAll, 4, []string{"05-02 11:00", "05-02 12:00", "05-02 13:00", "05-02 14:00"}},
		{workflows.CatchupAll, 2, []string{"05-02 13:00", "05-02 14:00"}},
		{workflows.CatchupNone, 0, []string{}},
	}
	for _, tt := range tests {
		if got := formatAll(Missed(s, last, now, tt.policy, tt.max)); !slices.Equal(got, tt.want) {
			t.Errorf("Missed(%q, max %d) = %v, want %v", tt.policy, tt.max, got, tt.want)
		}
	}
	if got := Missed(s, time.Time{}, now, workflows.CatchupAll, 0); got != nil {
		t.Errorf("never fired: %v", got)
	}
	if got := Missed(s, last, last.Add(30*time.Minute), workflows.CatchupAll, 0); len(got) != 0 {
		t.Errorf("nothing missed: %v", got)
	}
	// A slot exactly at now counts as missed (it is due).
	if got := formatAll(Missed(s, last, at(t, time.UTC, "2026-05-02 11:00"), workflows.CatchupLatest, 0)); !slices.Equal(got, []string{"05-02 11:00"}) {
		t.Errorf("slot at now: %v", got)
	}
}

func TestMissedAfterLongDowntime(t *testing.T) {
	s := mustParse(t, "* * * * *", time.UTC)
	last := at(t, time.UTC, "2025-05-02 10:00")
	now := at(t, time.UTC, "2026-05-02 10:00")
	got := Missed(s, last, now, workflows.CatchupAll, 0)
	if len(got) != DefaultMaxCatchup || !got[len(got)-1].Equal(now) || !got[0].Equal(now.Add(-99*time.Minute)) {
		t.Fatalf("want the newest %d minutes ending at now, got %d from %v to %v", DefaultMaxCatchup, len(got), got[0], got[len(got)-1])
	}
	if latest := Missed(s, last, now.Add(30*time.Second), workflows.CatchupLatest, 0); len(latest) != 1 || !latest[0].Equal(now) {
		t.Fatalf("latest: %v", latest)
	}
}

func TestSlots(t *testing.T) {
	s := mustParse(t, "0 * * * *", time.UTC)
	a, b, c := at(t, time.UTC, "2026-05-02 10:00"), at(t, time.UTC, "2026-05-02 13:00"), at(t, time.UTC, "2026-05-02 15:30")
	if got := formatAll(Slots(s, a, b)); !slices.Equal(got, []string{"05-02 10:00", "05-02 11:00", "05-02 12:00"}) {
		t.Errorf("[10:00, 13:00) = %v", got)
	}
	// Adjacent ranges neither overlap nor miss.
	joined := append(Slots(s, a, b), Slots(s, b, c)...)
	if !slices.EqualFunc(joined, Slots(s, a, c), time.Time.Equal) {
		t.Errorf("adjacent ranges differ from the whole")
	}
	if got := Slots(s, b, b); len(got) != 0 {
		t.Errorf("empty range: %v", got)
	}
	if got := Slots(mustParse(t, "* * * * *", time.UTC), at(t, time.UTC, "2000-01-01 00:00"), at(t, time.UTC, "2026-01-01 00:00")); len(got) != MaxSlots {
		t.Errorf("cap: %d", len(got))
	}
}

func TestLatestSlot(t *testing.T) {
	for _, spec := range []string{"*/7 * * * *", "@every 1s", "@every 1.5s", "@every 7m", "30 2 * * *"} {
		s := mustParse(t, spec, mustLoc(t, "America/New_York"))
		after := at(t, time.UTC, "2026-03-01 00:00")
		upTo := at(t, time.UTC, "2026-03-09 12:34").Add(567 * time.Millisecond)
		var want time.Time
		for n := s.Next(after); !n.After(upTo); n = s.Next(n) {
			want = n
		}
		if got := latestSlot(s, after, upTo); !got.Equal(want) {
			t.Errorf("%s: latestSlot = %v, want %v", spec, got, want)
		}
		if got := latestSlot(s, upTo, upTo); !got.IsZero() {
			t.Errorf("%s: empty range gave %v", spec, got)
		}
	}
}
