package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the DST tables must not depend on the machine's zoneinfo

	"github.com/actorflow/actorflow/workflows"
)

const stampLayout = "2006-01-02 15:04 MST"

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

func mustParse(t testing.TB, spec string, loc *time.Location) Schedule {
	t.Helper()
	s, _, err := Parse(spec, loc)
	if err != nil {
		t.Fatalf("Parse(%q): %v", spec, err)
	}
	return s
}

// at reads "2006-01-02 15:04" as wall time in loc (the first occurrence when repeated).
func at(t testing.TB, loc *time.Location, wall string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", wall, loc)
	if err != nil {
		t.Fatalf("time %q: %v", wall, err)
	}
	// time.Date may pick either occurrence of a repeated wall time: take the first.
	if e := v.Add(-time.Hour); e.Format("2006-01-02 15:04") == wall {
		v = e
	}
	return v
}

// fires returns the first n fire times after from, formatted with stampLayout.
func fires(s Schedule, from time.Time, n int) []string {
	var out []string
	for t := from; len(out) < n; {
		t = s.Next(t)
		if t.IsZero() {
			out = append(out, "none")
			break
		}
		out = append(out, t.Format(stampLayout))
	}
	return out
}

func wantInvalid(t *testing.T, err error, substrings ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error containing %q, got none", substrings)
	}
	var we *workflows.Error
	if !errors.As(err, &we) || we.Code != workflows.CodeInvalid {
		t.Fatalf("want *workflows.Error with CodeInvalid, got %T %v", err, err)
	}
	for _, s := range substrings {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
}

// matchesWall reports whether wall second w is a whole minute that matches c's fields.
func (c *Cron) matchesWall(w int64) bool {
	n, ok := c.nextMatch(w)
	return ok && n == w && w%secondsPerMinute == 0
}
