package schedule

import (
	"slices"
	"testing"
	"time"
)

func TestEveryAnchoredAtEpoch(t *testing.T) {
	s := mustParse(t, "@every 7m", time.UTC)
	// Fires are epoch + k·7m whatever the starting point, so every node agrees.
	for _, from := range []time.Time{
		time.Date(2026, 5, 2, 10, 0, 0, 0, time.UTC),
		time.Date(2026, 5, 2, 10, 3, 17, 5, time.UTC),
	} {
		n := s.Next(from)
		if n.Unix()%(7*60) != 0 || !n.After(from) || n.Sub(from) > 7*time.Minute {
			t.Errorf("Next(%v) = %v: not the next multiple of 7m since the epoch", from, n)
		}
	}
	// Strictly after: a fire time gives the following one.
	fire := time.Unix(7*60*1000, 0)
	if got := s.Next(fire); !got.Equal(fire.Add(7 * time.Minute)) {
		t.Errorf("Next(fire) = %v", got)
	}
	if got := s.Next(fire.Add(-time.Nanosecond)); !got.Equal(fire) {
		t.Errorf("Next(fire-1ns) = %v", got)
	}
}

func TestEveryEdges(t *testing.T) {
	tests := []struct {
		spec string
		from time.Time
		want time.Time
	}{
		{"@every 1s", time.Unix(0, 0), time.Unix(1, 0)},
		{"@every 1.5s", time.Unix(1, 0), time.Unix(1, 500_000_000)},
		{"@every 1h", time.Unix(-1, 0), time.Unix(0, 0)},    // before the epoch
		{"@every 1h", time.Unix(-3600, 0), time.Unix(0, 0)}, // from a fire before the epoch
		{"@every 1h", time.Unix(-5000, 0), time.Unix(-3600, 0)},
	}
	for _, tt := range tests {
		if got := mustParse(t, tt.spec, time.UTC).Next(tt.from); !got.Equal(tt.want) {
			t.Errorf("%s Next(%v) = %v, want %v", tt.spec, tt.from, got, tt.want)
		}
	}
	// Past 2262, where int64 nanoseconds since the epoch overflow.
	far := mustParse(t, "@every 90m", time.UTC)
	from := time.Date(2300, 6, 1, 0, 10, 0, 0, time.UTC)
	n := far.Next(from)
	if !n.After(from) || n.Sub(from) > 90*time.Minute || n.Unix()%(90*60) != 0 {
		t.Errorf("far future: Next(%v) = %v", from, n)
	}
	// Results are in the schedule's zone; DST does not matter.
	ny := mustLoc(t, "America/New_York")
	e := mustParse(t, "@every 24h", ny)
	got := fires(e, at(t, ny, "2026-03-07 12:00"), 2)
	if want := []string{"2026-03-07 19:00 EST", "2026-03-08 20:00 EDT"}; !slices.Equal(got, want) {
		t.Errorf("@every 24h across DST: %v, want %v", got, want)
	}
	if e.(*Every).Interval() != 24*time.Hour || e.(*Every).Location() != ny {
		t.Errorf("accessors")
	}
}
