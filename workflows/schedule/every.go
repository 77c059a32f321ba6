package schedule

import (
	"math/bits"
	"strconv"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Every is `@every <duration>`: fires at the Unix epoch plus whole multiples of the interval.
// It measures elapsed time, so DST does not affect it, and anchoring at the epoch (rather than
// at the time the schedule was loaded) makes the fire times the same on every node and after
// every restart. It is immutable and safe for concurrent use.
type Every struct {
	interval time.Duration
	loc      *time.Location
}

// MinEvery is the shortest interval @every accepts.
const MinEvery = time.Second

func parseEvery(arg string, loc *time.Location) (*Every, error) {
	if arg == "" {
		return nil, workflows.Errorf(workflows.CodeInvalid,
			"@every needs a duration, e.g. \"@every 15m\" or \"@every 1h30m\"")
	}
	d, err := time.ParseDuration(arg)
	if err != nil {
		return nil, workflows.Errorf(workflows.CodeInvalid,
			"@every %s: not a duration (use a number with a unit: s, m or h, e.g. 90s, 15m, 1h30m)", quote(arg))
	}
	if d < MinEvery {
		return nil, workflows.Errorf(workflows.CodeInvalid, "@every %s: the interval must be at least 1s", quote(arg))
	}
	return &Every{interval: d, loc: loc}, nil
}

// Interval returns the interval.
func (e *Every) Interval() time.Duration { return e.interval }

// Location returns the zone results are expressed in (it does not change which instants fire).
func (e *Every) Location() *time.Location { return e.loc }

// String returns "@every " and the interval in Go's notation.
func (e *Every) String() string { return "@every " + e.interval.String() }

// Next returns the smallest epoch + k·interval strictly after t.
func (e *Every) Next(t time.Time) time.Time {
	// 128-bit arithmetic on nanoseconds since the epoch: int64 nanoseconds overflow in 2262.
	sec, nsec := t.Unix(), uint64(t.Nanosecond())
	d := uint64(e.interval)
	var (
		neg    bool
		hi, lo uint64
	)
	if sec >= 0 {
		hi, lo = bits.Mul64(uint64(sec), 1e9)
		var carry uint64
		lo, carry = bits.Add64(lo, nsec, 0)
		hi += carry
	} else {
		// |t| in nanoseconds = -sec·1e9 - nsec.
		neg = true
		hi, lo = bits.Mul64(uint64(-sec), 1e9)
		var borrow uint64
		lo, borrow = bits.Sub64(lo, nsec, 0)
		hi -= borrow
	}
	q, r := bits.Div64(hi, lo, d) // hi < d because d ≥ 1e9 and |sec| < 2^63
	// Number of the next multiple: t ≥ 0: ⌊t/d⌋+1; t < 0: -⌈|t|/d⌉+1.
	var k int64
	if !neg {
		k = int64(q) + 1
	} else {
		if r != 0 {
			q++
		}
		k = -int64(q) + 1
	}
	return unixNanos128(k, d).In(e.loc)
}

// unixNanos128 returns the instant k·d nanoseconds after the epoch.
func unixNanos128(k int64, d uint64) time.Time {
	neg := k < 0
	mag := uint64(k)
	if neg {
		mag = uint64(-k)
	}
	hi, lo := bits.Mul64(mag, d)
	if hi >= 1e9 { // beyond time.Time's range: no further fire
		return time.Time{}
	}
	s, ns := bits.Div64(hi, lo, 1e9)
	if s > 1<<62 {
		return time.Time{}
	}
	if neg {
		return time.Unix(-int64(s), -int64(ns))
	}
	return time.Unix(int64(s), int64(ns))
}

// Describe renders the interval in words: "every 15 minutes", "every 90 minutes", "every day".
func (e *Every) Describe() string {
	d := e.interval
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if d%u.d == 0 {
			n := int64(d / u.d)
			if n == 1 {
				return "every " + u.name
			}
			return "every " + strconv.FormatInt(n, 10) + " " + u.name + "s"
		}
	}
	return "every " + d.String() // a fraction of a second, e.g. "every 1.5s"
}
