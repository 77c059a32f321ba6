package schedule

import (
	"math"
	"time"
)

// Mapping between wall-clock time and instants in one zone, with the DST rules of doc.go.
//
// The single rule: a wall time w happens at f(w), the first instant at which the zone's clock
// shows w or later. For a wall time that exists once, that is the obvious instant; for one in a
// repeated hour (fall back) it is the first occurrence; for one in a skipped hour (spring
// forward) it is the instant the clock jumps over it. f never decreases as w grows, which is
// what makes Next strictly increasing without special cases.

const (
	minSec = math.MinInt64
	maxSec = math.MaxInt64

	// offsetSlack bounds |UTC offset| over all of tzdata (LMT offsets reach about ±16h) with
	// margin: an instant whose wall clock reads w lies within w±offsetSlack.
	offsetSlack = 18 * secondsPerHour
	// jumpWindow bounds how long a backward jump of the clock (at most two offsets apart)
	// can keep the clock below a wall time it already showed.
	jumpWindow = 48 * secondsPerHour
)

// span is one period of constant UTC offset: [start, end) in Unix seconds.
type span struct {
	off, start, end int64
}

func (s span) contains(u int64) bool { return s.start <= u && u < s.end }

// zoneAt returns the offset period in effect at Unix second u. Periods may be split where
// the offset does not change (Go reports year boundaries for rule-based years); the
// algorithms below only rely on the offset being constant within a period.
func zoneAt(loc *time.Location, u int64) span {
	z := rawZoneAt(loc, u)
	// Beyond its transition table Go computes bounds from the TZ rule and ends every year
	// after 365 days, so on December 31 of a leap year the reported period ends before u
	// (Go 1.26, time/zoneinfo.go tzset). Repair such bounds from the neighbouring period.
	if u >= z.end {
		if n := rawZoneAt(loc, u+secondsPerDay); n.start > u {
			z.end = n.start
		} else {
			z.end = u + 1
		}
	}
	if u < z.start {
		if p := rawZoneAt(loc, u-secondsPerDay); p.end <= u {
			z.start = p.end
		} else {
			z.start = u
		}
	}
	return z
}

// rawZoneAt returns Go's view of the period at u.
func rawZoneAt(loc *time.Location, u int64) span {
	t := time.Unix(u, 0).In(loc)
	_, off := t.Zone()
	s, e := t.ZoneBounds()
	z := span{off: int64(off), start: minSec, end: maxSec}
	if !s.IsZero() {
		z.start = s.Unix()
	}
	if !e.IsZero() {
		z.end = e.Unix()
	}
	return z
}

// maxWall returns the latest wall-clock second the zone's clock has shown at or before Unix
// second u, and the period in effect at u (a hint for firstAtOrAfter). Right after the clock
// falls back, that is the wall time just before the jump, not the current wall time: wall
// times up to it have already happened.
func maxWall(loc *time.Location, u int64) (int64, span) {
	z := zoneAt(loc, u)
	m := u + z.off
	for s := z.start; s != minSec && u-s < jumpWindow; {
		p := zoneAt(loc, s-1)
		if w := s - 1 + p.off; w > m {
			m = w
		}
		if p.start >= s { // defensive: bounds that do not move back would loop forever
			break
		}
		s = p.start
	}
	return m, z
}

// firstAtOrAfter returns f(w): the first Unix second at which the clock shows wall second w or
// later, whether the clock shows exactly w then (false: w lies in a gap and the result is the
// instant the clock jumps past it), and the offset in effect at the result. hint is any period
// of the zone; it saves look-ups when it already covers the search window. ok is false only
// for a zone without any instant at or after w (not possible with tzdata).
func firstAtOrAfter(loc *time.Location, w int64, hint span) (u int64, exact bool, off int64, ok bool) {
	lo, hi := w-offsetSlack, w+offsetSlack
	z := hint
	if !z.contains(lo) {
		z = zoneAt(loc, lo)
	}
	u = maxSec
	for {
		// Within one period the clock reads instant+off, so the first instant reading ≥ w is
		// max(start, w-off), if the period lasts that long.
		c := max(z.start, w-z.off)
		if c < z.end && c < u {
			u, exact, off, ok = c, c == w-z.off, z.off, true
		}
		if z.end == maxSec || z.end > hi {
			return u, exact, off, ok
		}
		next := zoneAt(loc, z.end)
		if next.end <= z.end { // defensive: bounds that do not move forward would loop forever
			return u, exact, off, ok
		}
		z = next
	}
}

// wallSeconds returns the wall-clock second of t in loc.
func wallSeconds(t time.Time, loc *time.Location) int64 {
	_, off := t.In(loc).Zone()
	return t.Unix() + int64(off)
}

// dayOf returns the calendar date of t in loc as days since 1970-01-01.
func dayOf(t time.Time, loc *time.Location) int64 {
	return floorDiv(wallSeconds(t, loc), secondsPerDay)
}

// wallInstant returns f(w) as a time in loc (see the file comment).
func wallInstant(loc *time.Location, w int64) time.Time {
	u, _, _, ok := firstAtOrAfter(loc, w, span{})
	if !ok {
		return time.Time{}
	}
	return time.Unix(u, 0).In(loc)
}

// startOfDay returns the first instant of calendar day days (since 1970-01-01) in loc; when
// midnight is skipped by a DST jump, the instant of the jump.
func startOfDay(loc *time.Location, days int64) time.Time {
	return wallInstant(loc, days*secondsPerDay)
}
