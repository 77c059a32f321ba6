package schedule

import (
	"slices"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Enumerating fire times over a range: missed fires, backfill.

// MaxSlots caps the result of Slots, and DefaultMaxCatchup the result of Missed when its max
// is ≤ 0, so that a minutely cron over years cannot exhaust memory.
const (
	MaxSlots          = 100_000
	DefaultMaxCatchup = 100
)

// Slots returns the fire times in [from, to): from inclusive, to exclusive, oldest first, so
// that consecutive ranges [a, b) and [b, c) never repeat or miss a slot. At most MaxSlots are
// returned; to continue, call again from the last one plus a nanosecond.
func Slots(sched Schedule, from, to time.Time) []time.Time {
	var out []time.Time
	for t := sched.Next(from.Add(-time.Nanosecond)); !t.IsZero() && t.Before(to) && len(out) < MaxSlots; t = sched.Next(t) {
		out = append(out, t)
	}
	return out
}

// Missed returns the slots in (lastFired, now] that did not fire (the master was down),
// by policy (empty = CatchupLatest):
//
//   - CatchupLatest: only the most recent one;
//   - CatchupAll: all of them, oldest first; if there are more than max (≤ 0:
//     DefaultMaxCatchup), the most recent max, so the run that reflects the latest state
//     always happens and the results stay in order;
//   - CatchupNone: none.
//
// A zero lastFired means the coordinator never fired: nothing was missed.
func Missed(sched Schedule, lastFired, now time.Time, policy workflows.CatchupPolicy, max int) []time.Time {
	if lastFired.IsZero() || policy == workflows.CatchupNone || !now.After(lastFired) {
		return nil
	}
	if policy != workflows.CatchupAll {
		if t := latestSlot(sched, lastFired, now); !t.IsZero() {
			return []time.Time{t}
		}
		return nil
	}
	if max <= 0 {
		max = DefaultMaxCatchup
	}
	// Walk forward while that is cheap; fall back to walking back from the newest slot.
	var out []time.Time
	for t := sched.Next(lastFired); !t.IsZero() && !t.After(now); t = sched.Next(t) {
		if len(out) == max {
			return newestBackwards(sched, lastFired, now, max)
		}
		out = append(out, t)
	}
	return out
}

// newestBackwards returns the newest max slots in (after, upTo], oldest first.
func newestBackwards(sched Schedule, after, upTo time.Time, max int) []time.Time {
	var out []time.Time
	for t := latestSlot(sched, after, upTo); !t.IsZero() && len(out) < max; t = latestSlot(sched, after, t.Add(-time.Nanosecond)) {
		out = append(out, t)
	}
	slices.Reverse(out)
	return out
}

// latestSlot returns the latest fire time in (after, upTo], or zero. Schedules have no
// Prev, so it bisects on whole seconds with Next (about 40 calls for any range): the
// largest second x with Next(x) ≤ upTo lies less than a second before the latest slot, and
// fires are at least a second apart (cron fires are whole seconds, @every ≥ 1s).
func latestSlot(sched Schedule, after, upTo time.Time) time.Time {
	first := sched.Next(after)
	if first.IsZero() || first.After(upTo) {
		return time.Time{}
	}
	lo, hi := after.Unix(), upTo.Unix()+1 // Next(lo) ≤ upTo; Next(hi) > upTo
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if n := sched.Next(time.Unix(mid, 0)); !n.IsZero() && !n.After(upTo) {
			lo = mid
		} else {
			hi = mid
		}
	}
	t := sched.Next(time.Unix(lo, 0))
	if !t.After(after) { // defensive: a foreign Schedule with sub-second spacing
		return first
	}
	return t
}
