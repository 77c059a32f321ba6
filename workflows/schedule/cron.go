package schedule

import (
	"math/bits"
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Cron is a parsed 5-field cron schedule (also what descriptors and `every …` phrases become),
// evaluated in one time zone. It is immutable and safe for concurrent use.
type Cron struct {
	minute uint64 // bit i: minute i
	hour   uint64 // bit i: hour i
	dom    uint64 // bit i: day i of the month (1-31)
	month  uint64 // bit i: month i (1-12)
	dow    uint64 // bit i: weekday i (0 = Sunday)
	last   bool   // day-of-month contains L
	// orDays: both day fields are restricted, so a day matches if either matches (POSIX).
	orDays bool
	// everyHour: every hour matches, so a wall time skipped by DST is simply dropped (the
	// schedule fires again right after the gap) instead of being moved to the gap's end.
	everyHour bool
	loc       *time.Location
	text      string // canonical text: the five fields, or the descriptor
}

const allHours = 1<<24 - 1

// searchYears bounds the calendar search. Parse rejects schedules that can never fire, and
// every accepted one fires at least once in 8 years (February 29 across 2100), so the bound
// only protects against bugs.
const searchYears = 400

// newCron builds a Cron from the five field texts.
func newCron(fields [5]string, text string, loc *time.Location) (*Cron, []string, error) {
	specs := [5]fieldSpec{minuteField, hourField, domField, monthField, dowField}
	var p [5]parsedField
	for i, f := range specs {
		var err error
		if p[i], err = parseField(fields[i], f); err != nil {
			return nil, nil, err
		}
	}
	c := &Cron{
		minute: p[0].bits, hour: p[1].bits, dom: p[2].bits, last: p[2].last,
		month: p[3].bits, dow: p[4].bits,
		orDays: !p[2].star && !p[4].star,
		loc:    loc, text: text,
	}
	c.everyHour = c.hour == allHours
	warnings, err := c.checkFires(fields[2])
	if err != nil {
		return nil, nil, err
	}
	return c, warnings, nil
}

// checkFires rejects a day-of-month/month combination that never occurs ("0 0 30 2 *") and
// warns about one that occurs only in leap years. With the OR rule a restricted day-of-week
// always yields days, and a day-of-month starting with "*" always contains day 1.
func (c *Cron) checkFires(domText string) ([]string, error) {
	if c.orDays || c.last {
		return nil, nil
	}
	everyYear, leapOnly := false, false
	for m := 1; m <= 12; m++ {
		if c.month&(1<<m) == 0 {
			continue
		}
		for d := 1; d <= maxDaysIn(m); d++ {
			if c.dom&(1<<d) == 0 {
				continue
			}
			if d <= daysIn(2001, m) {
				everyYear = true
			} else {
				leapOnly = true
			}
		}
	}
	switch {
	case everyYear:
		return nil, nil
	case leapOnly:
		return []string{"schedule " + quote(c.text) + " fires only in leap years (February 29)"}, nil
	}
	return nil, workflows.Errorf(workflows.CodeInvalid,
		"schedule %s never fires: day-of-month %s does not occur in %s",
		quote(c.text), quote(domText), englishList(monthNames(c.month), "or"))
}

// Next returns the first fire time strictly after t, in the schedule's zone, or the zero time
// if there is none. DST rules: see doc.go and zone.go.
func (c *Cron) Next(t time.Time) time.Time {
	u := t.Unix() // floor: whole seconds are enough, since every fire is a whole second
	m, hint := maxWall(c.loc, u)
	// Wall times up to m have already happened; the next fire is the first matching minute
	// after it.
	w := floorDiv(m, secondsPerMinute)*secondsPerMinute + secondsPerMinute
	for hops := 0; hops < 1000; hops++ {
		var ok bool
		if w, ok = c.nextMatch(w); !ok {
			return time.Time{}
		}
		inst, exact, off, ok := firstAtOrAfter(c.loc, w, hint)
		if !ok {
			return time.Time{}
		}
		if exact || !c.everyHour {
			return time.Unix(inst, 0).In(c.loc)
		}
		// An every-hour schedule skips wall times that do not exist: resume at the first
		// wall time after the gap (the clock's reading at the jump).
		w = -floorDiv(-(inst+off), secondsPerMinute) * secondsPerMinute
	}
	return time.Time{}
}

// nextMatch returns the first wall-clock minute at or after w (a whole minute) that matches
// the fields, ignoring zones.
func (c *Cron) nextMatch(w int64) (int64, bool) {
	days := floorDiv(w, secondsPerDay)
	sod := int(w - days*secondsPerDay)
	y, mo, d := civilFromDays(days)
	h, mi := sod/secondsPerHour, sod%secondsPerHour/secondsPerMinute
	limit := y + searchYears
	for y <= limit {
		if c.month&(1<<mo) == 0 || d > daysIn(y, mo) {
			// Next matching month, day 1, 00:00.
			if n := nextBit(c.month, mo+1); n >= 0 && n <= 12 {
				mo = n
			} else {
				y, mo = y+1, nextBit(c.month, 1)
			}
			d, h, mi = 1, 0, 0
			continue
		}
		if !c.dayMatches(y, mo, d) {
			d, h, mi = d+1, 0, 0
			continue
		}
		nh := nextBit(c.hour, h)
		if nh < 0 || nh > 23 {
			d, h, mi = d+1, 0, 0
			continue
		}
		if nh != h {
			h, mi = nh, 0
		}
		nm := nextBit(c.minute, mi)
		if nm < 0 || nm > 59 {
			h, mi = h+1, 0
			if h > 23 {
				d, h = d+1, 0
			}
			continue
		}
		return daysFromCivil(y, mo, d)*secondsPerDay + int64(h*secondsPerHour+nm*secondsPerMinute), true
	}
	return 0, false
}

// dayMatches applies the day-of-month/day-of-week rule to one date.
func (c *Cron) dayMatches(y int64, m, d int) bool {
	domOK := c.dom&(1<<d) != 0 || (c.last && d == daysIn(y, m))
	dowOK := c.dow&(1<<weekdayOf(daysFromCivil(y, m, d))) != 0
	if c.orDays {
		return domOK || dowOK
	}
	return domOK && dowOK
}

// nextBit returns the lowest set bit of set at position ≥ from, or -1.
func nextBit(set uint64, from int) int {
	if from >= 64 {
		return -1
	}
	rest := set >> uint(from)
	if rest == 0 {
		return -1
	}
	return from + bits.TrailingZeros64(rest)
}

// String returns the canonical text: the five fields separated by single spaces (legacy
// `every …` phrases and 6-field strings become their 5-field equivalent), or the descriptor.
func (c *Cron) String() string { return c.text }

// Location returns the zone the schedule is evaluated in.
func (c *Cron) Location() *time.Location { return c.loc }

// joinFields renders five fields canonically.
func joinFields(f [5]string) string { return strings.Join(f[:], " ") }
