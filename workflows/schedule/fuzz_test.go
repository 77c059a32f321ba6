package schedule

import (
	"errors"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

var fuzzSeeds = []string{
	"* * * * *", "*/15 * * * *", "30 2 * * *", "0 0 L * *", "0 0 13 * 5", "0 0 */2 * 5",
	"0 9-17/4 * * 1-5", "0 0 29 2 *", "0 0 1 jan,jul *", "@daily", "@every 90m", "@every 1.5s",
	"*/10 * * * * *", "every day at 3:30", "every 15 minutes on the weekend", "every hour",
	"every month on the last day at 23:00", "61 * * * *", "0 0 30 2 *", "", "@", "every",
	"1-2-3 * * * *", "5/1 * * * *", "* * * * 7", "0,30 1-3 * * *", "every day at 12am",
}

// FuzzParse: Parse never panics; failures are CodeInvalid errors; a parsed schedule's String
// parses again to the same fire times, and Describe works.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, _, err := Parse(spec, time.UTC)
		if err != nil {
			var we *workflows.Error
			if !errors.As(err, &we) || we.Code != workflows.CodeInvalid || we.Message == "" {
				t.Fatalf("Parse(%q): error %T %v is not a CodeInvalid *workflows.Error", spec, err, err)
			}
			if s != nil {
				t.Fatalf("Parse(%q): schedule with an error", spec)
			}
			return
		}
		if Describe(s) == "" {
			t.Fatalf("Parse(%q): empty description", spec)
		}
		again, _, err := Parse(s.String(), time.UTC)
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", spec, s.String(), err)
		}
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < 5; i++ {
			a, b := s.Next(from), again.Next(from)
			if !a.Equal(b) {
				t.Fatalf("%q and its String %q differ after %v: %v vs %v", spec, s.String(), from, a, b)
			}
			from = a
		}
	})
}

var fuzzZones = []string{"UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
	"America/Santiago", "Pacific/Apia", "Asia/Kolkata", "Antarctica/Troll"}

// FuzzNext: for any spec that parses and any t in 1970–2200, Next(t) > t (or zero), 50
// successive fires strictly increase, and each cron fire shows a matching wall time or is
// the instant a clock jump skipped one.
func FuzzNext(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, int64(i)*987654321987, uint8(i))
	}
	lo := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	f.Fuzz(func(t *testing.T, spec string, sec int64, zone uint8) {
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		if err != nil {
			t.Skip(err)
		}
		s, _, err := Parse(spec, loc)
		if err != nil {
			return
		}
		from := time.Unix(lo+int64(uint64(sec)%uint64(hi-lo)), int64(uint64(sec)%1e9)).In(time.UTC)
		prev := from
		for i := 0; i < 50; i++ {
			n := s.Next(prev)
			if n.IsZero() {
				return
			}
			if !n.After(prev) {
				t.Fatalf("%q in %s: Next(%v) = %v is not later", spec, loc, prev, n)
			}
			if c, ok := s.(*Cron); ok {
				if w := wallSeconds(n, loc); !c.matchesWall(w) {
					if start, _ := n.ZoneBounds(); !start.Equal(n) || c.everyHour {
						t.Fatalf("%q in %s: fire %v does not match and is no DST jump", spec, loc, n)
					}
				}
			}
			prev = n
		}
	})
}
