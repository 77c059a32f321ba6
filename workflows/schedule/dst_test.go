package schedule

import (
	"slices"
	"testing"
	"time"
)

// 2026 transitions: New York springs forward on March 8 (02:00 EST → 03:00 EDT) and falls back
// on November 1 (02:00 EDT → 01:00 EST); Berlin on March 29 (02:00 CET → 03:00 CEST) and
// October 25 (03:00 CEST → 02:00 CET).
func TestDST(t *testing.T) {
	ny, berlin := mustLoc(t, "America/New_York"), mustLoc(t, "Europe/Berlin")
	tests := []struct {
		name string
		loc  *time.Location
		spec string
		from time.Time
		want []string
	}{
		// --- New York, spring forward: 02:00-02:59 does not exist.
		{"NY daily in the gap moves to 03:00", ny, "30 2 * * *", at(t, ny, "2026-03-07 12:00"),
			[]string{"2026-03-08 03:00 EDT", "2026-03-09 02:30 EDT"}},
		{"NY two gap times run once", ny, "0,30 2 * * *", at(t, ny, "2026-03-07 12:00"),
			[]string{"2026-03-08 03:00 EDT", "2026-03-09 02:00 EDT", "2026-03-09 02:30 EDT"}},
		{"NY daily before the gap unaffected", ny, "30 1 * * *", at(t, ny, "2026-03-07 12:00"),
			[]string{"2026-03-08 01:30 EST", "2026-03-09 01:30 EDT"}},
		{"NY daily at 03:00 once", ny, "0 3 * * *", at(t, ny, "2026-03-07 12:00"),
			[]string{"2026-03-08 03:00 EDT", "2026-03-09 03:00 EDT"}},
		{"NY hourly skips the gap", ny, "30 * * * *", at(t, ny, "2026-03-08 00:00"),
			[]string{"2026-03-08 00:30 EST", "2026-03-08 01:30 EST", "2026-03-08 03:30 EDT"}},
		{"NY @hourly skips the gap", ny, "@hourly", at(t, ny, "2026-03-08 00:30"),
			[]string{"2026-03-08 01:00 EST", "2026-03-08 03:00 EDT", "2026-03-08 04:00 EDT"}},
		{"NY every 20 minutes, no burst", ny, "*/20 * * * *", at(t, ny, "2026-03-08 01:00"),
			[]string{"2026-03-08 01:20 EST", "2026-03-08 01:40 EST", "2026-03-08 03:00 EDT", "2026-03-08 03:20 EDT"}},
		{"NY minutely jumps the gap", ny, "* * * * *", at(t, ny, "2026-03-08 01:58"),
			[]string{"2026-03-08 01:59 EST", "2026-03-08 03:00 EDT", "2026-03-08 03:01 EDT"}},
		{"NY every 2 hours (hour restricted) moves 02:00", ny, "0 */2 * * *", at(t, ny, "2026-03-07 23:00"),
			[]string{"2026-03-08 00:00 EST", "2026-03-08 03:00 EDT", "2026-03-08 04:00 EDT"}},
		{"NY minutely within the skipped hour runs once", ny, "* 2 * * *", at(t, ny, "2026-03-07 12:00"),
			[]string{"2026-03-08 03:00 EDT", "2026-03-09 02:00 EDT", "2026-03-09 02:01 EDT"}},
		{"NY @every is elapsed time", ny, "@every 1h", at(t, ny, "2026-03-08 00:30"),
			[]string{"2026-03-08 01:00 EST", "2026-03-08 03:00 EDT", "2026-03-08 04:00 EDT"}},

		// --- New York, fall back: 01:00-01:59 happens twice.
		{"NY daily in the repeated hour fires once", ny, "30 1 * * *", at(t, ny, "2026-10-31 12:00"),
			[]string{"2026-11-01 01:30 EDT", "2026-11-02 01:30 EST"}},
		{"NY daily from inside the second 01:xx", ny, "30 1 * * *", time.Date(2026, 11, 1, 6, 10, 0, 0, time.UTC), // 01:10 EST
			[]string{"2026-11-02 01:30 EST"}},
		{"NY daily after the repeated hour", ny, "0 2 * * *", at(t, ny, "2026-10-31 12:00"),
			[]string{"2026-11-01 02:00 EST", "2026-11-02 02:00 EST"}},
		{"NY hourly fires once per wall hour", ny, "30 * * * *", at(t, ny, "2026-11-01 00:00"),
			[]string{"2026-11-01 00:30 EDT", "2026-11-01 01:30 EDT", "2026-11-01 02:30 EST"}},
		{"NY every 20 minutes", ny, "*/20 * * * *", at(t, ny, "2026-11-01 01:00"),
			[]string{"2026-11-01 01:20 EDT", "2026-11-01 01:40 EDT", "2026-11-01 02:00 EST", "2026-11-01 02:20 EST"}},
		{"NY minutely", ny, "* * * * *", at(t, ny, "2026-11-01 01:58"),
			[]string{"2026-11-01 01:59 EDT", "2026-11-01 02:00 EST", "2026-11-01 02:01 EST"}},
		{"NY minutely from inside the second 01:xx", ny, "* * * * *", time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC),
			[]string{"2026-11-01 02:00 EST"}},
		{"NY @every counts the repeated hour", ny, "@every 30m", at(t, ny, "2026-11-01 01:00"),
			[]string{"2026-11-01 01:30 EDT", "2026-11-01 01:00 EST", "2026-11-01 01:30 EST", "2026-11-01 02:00 EST"}},

		// --- Berlin, spring forward: 02:00-02:59 does not exist.
		{"Berlin daily in the gap moves to 03:00", berlin, "30 2 * * *", at(t, berlin, "2026-03-28 12:00"),
			[]string{"2026-03-29 03:00 CEST", "2026-03-30 02:30 CEST"}},
		{"Berlin Sundays in the gap", berlin, "15 2 * * SUN", at(t, berlin, "2026-03-28 12:00"),
			[]string{"2026-03-29 03:00 CEST", "2026-04-05 02:15 CEST"}},
		{"Berlin hourly skips the gap", berlin, "30 * * * *", at(t, berlin, "2026-03-29 01:00"),
			[]string{"2026-03-29 01:30 CET", "2026-03-29 03:30 CEST"}},
		{"Berlin half-hourly", berlin, "*/30 * * * *", at(t, berlin, "2026-03-29 01:00"),
			[]string{"2026-03-29 01:30 CET", "2026-03-29 03:00 CEST", "2026-03-29 03:30 CEST"}},
		{"Berlin minutely", berlin, "* * * * *", at(t, berlin, "2026-03-29 01:59"),
			[]string{"2026-03-29 03:00 CEST", "2026-03-29 03:01 CEST"}},

		// --- Berlin, fall back: 02:00-02:59 happens twice.
		{"Berlin daily in the repeated hour fires once", berlin, "30 2 * * *", at(t, berlin, "2026-10-24 12:00"),
			[]string{"2026-10-25 02:30 CEST", "2026-10-26 02:30 CET"}},
		{"Berlin hourly", berlin, "30 * * * *", at(t, berlin, "2026-10-25 01:00"),
			[]string{"2026-10-25 01:30 CEST", "2026-10-25 02:30 CEST", "2026-10-25 03:30 CET"}},
		{"Berlin minutely", berlin, "* * * * *", at(t, berlin, "2026-10-25 02:58"),
			[]string{"2026-10-25 02:59 CEST", "2026-10-25 03:00 CET"}},
		{"Berlin @every is elapsed time", berlin, "@every 1h", at(t, berlin, "2026-10-25 01:00"),
			[]string{"2026-10-25 02:00 CEST", "2026-10-25 02:00 CET", "2026-10-25 03:00 CET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.spec, tt.loc)
			if got := fires(s, tt.from, len(tt.want)); !slices.Equal(got, tt.want) {
				t.Errorf("%q after %s:\n got  %v\n want %v", tt.spec, tt.from.Format(stampLayout), got, tt.want)
			}
		})
	}
}

// TestDSTYearProperties walks whole years in zones with unusual transitions and checks the
// DST rules as properties: fires strictly increase; each fire either shows a matching wall
// time or is the instant a clock jump skipped a matching wall time (never for every-hour
// schedules); no wall-clock slot fires twice.
func TestDSTYearProperties(t *testing.T) {
	zones := []string{"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago",
		"Pacific/Apia", "Asia/Kolkata", "UTC", "America/St_Johns", "Antarctica/Troll"}
	specs := []string{"* * * * *", "*/7 * * * *", "30 * * * *", "0 */2 * * *", "30 2 * * *", "0 0 * * *",
		"15,45 1-3 * * *", "0 0 L * *", "59 23 * * 0"}
	years := []int{2011, 2026, 2150}
	for _, zone := range zones {
		loc := mustLoc(t, zone)
		for _, spec := range specs {
			s := mustParse(t, spec, loc).(*Cron)
			for _, y := range years {
				for _, w := range walkWindows(loc, y, spec == "* * * * *" || spec == "*/7 * * * *") {
					checkWalk(t, zone, spec, s, w[0], w[1])
				}
			}
		}
	}
}

// walkWindows returns the whole year, or (short) two days around each transition of the year.
func walkWindows(loc *time.Location, year int, short bool) [][2]time.Time {
	from, end := time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
	if !short {
		return [][2]time.Time{{from, end}}
	}
	var out [][2]time.Time
	for t := from; t.Before(end); {
		_, next := t.ZoneBounds()
		if next.IsZero() || !next.Before(end) {
			break
		}
		out = append(out, [2]time.Time{next.Add(-24 * time.Hour), next.Add(24 * time.Hour)})
		t = next
	}
	return out
}

func checkWalk(t *testing.T, zone, spec string, s *Cron, from, end time.Time) {
	t.Helper()
	loc := s.Location()
	seen := map[int64]bool{}
	prev := from
	for n := s.Next(from); n.Before(end); n = s.Next(n) {
		if !n.After(prev) {
			t.Fatalf("%s %q: Next(%v) = %v, not after", zone, spec, prev, n)
		}
		w := wallSeconds(n, loc)
		exact := s.matchesWall(w)
		if !exact {
			start, _ := n.ZoneBounds()
			if !start.Equal(n) || s.everyHour {
				t.Fatalf("%s %q: fire %v neither matches nor is a skipped time's jump", zone, spec, n)
			}
		}
		if exact && seen[w] {
			t.Fatalf("%s %q: wall time of %v fired twice", zone, spec, n)
		}
		seen[w] = true
		prev = n
	}
}

// Samoa skipped 2011-12-30 entirely: a daily job runs once at the jump, an hourly one simply
// resumes.
func TestSkippedDay(t *testing.T) {
	apia := mustLoc(t, "Pacific/Apia")
	daily := mustParse(t, "0 12 * * *", apia)
	from := time.Date(2011, 12, 29, 13, 0, 0, 0, apia)
	want := []string{"2011-12-31 00:00 +14", "2011-12-31 12:00 +14"}
	if got := fires(daily, from, 2); !slices.Equal(got, want) {
		t.Errorf("daily across the skipped day: got %v, want %v", got, want)
	}
	hourly := mustParse(t, "0 * * * *", apia)
	from = time.Date(2011, 12, 29, 22, 30, 0, 0, apia)
	want = []string{"2011-12-29 23:00 -10", "2011-12-31 00:00 +14", "2011-12-31 01:00 +14"}
	if got := fires(hourly, from, 3); !slices.Equal(got, want) {
		t.Errorf("hourly across the skipped day: got %v, want %v", got, want)
	}
}

// Go reports a wrong period end on December 31 of leap years past its transition table
// (the rule-based years); schedules must walk through that day like any other.
func TestRuleBasedLeapYearEnd(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	daily := mustParse(t, "0 0 * * *", ny)
	want := []string{"2040-12-31 00:00 EST", "2041-01-01 00:00 EST"}
	if got := fires(daily, at(t, ny, "2040-12-30 12:00"), 2); !slices.Equal(got, want) {
		t.Errorf("daily over 2040-12-31: got %v, want %v", got, want)
	}
	minutely := mustParse(t, "* * * * *", ny).(*Cron)
	checkWalk(t, "America/New_York", "* * * * *", minutely, at(t, ny, "2040-12-30 18:00"), at(t, ny, "2041-01-01 01:00"))
	if got := fires(mustParse(t, "0 0 1 1 5", ny), time.Date(2039, 9, 28, 23, 5, 26, 0, ny), 1); got[0] != "2040-01-01 00:00 EST" {
		t.Errorf("fuzz regression: got %v", got)
	}
}
