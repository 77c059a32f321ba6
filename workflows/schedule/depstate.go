package schedule

import (
	"slices"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Satisfaction is one upstream success that counts for a downstream coordinator.
type Satisfaction struct {
	// Scheduled is the scheduled (logical) time of the upstream run; zero when the run had
	// none (a manual trigger), which then counts for the downstream's next fire whatever its date.
	Scheduled time.Time `json:"scheduled,omitzero"`
	// At is when the upstream run succeeded.
	At time.Time `json:"at"`
}

// DepState records, per upstream workflow name, the success that currently satisfies a
// downstream coordinator (akkaflow's per-dependency "ready" flag, with the run it came from).
// Callers record only successes of instances whose trigger satisfies dependencies
// (workflows.TriggerKind.SatisfiesDependencies) and Clear when the downstream fires.
// The zero value is empty and ready to use. A DepState holds a map: copy it with Clone
// before changing a copy that others still read.
type DepState struct {
	Upstreams map[string]Satisfaction `json:"upstreams,omitempty"`
}

// Satisfy records that upstream succeeded at at, for a run scheduled at scheduled (zero for
// a manual run). The new success replaces the recorded one, except that a run scheduled
// earlier than the recorded scheduled run is ignored: a late rerun of an old run must not
// undo a newer run's success (the downstream would then wait for the newer date again).
func (d *DepState) Satisfy(upstream string, scheduled, at time.Time) {
	if d.Upstreams == nil {
		d.Upstreams = map[string]Satisfaction{}
	}
	if old, ok := d.Upstreams[upstream]; ok && !old.Scheduled.IsZero() &&
		!scheduled.IsZero() && scheduled.Before(old.Scheduled) {
		return
	}
	d.Upstreams[upstream] = Satisfaction{Scheduled: scheduled, At: at}
}

// Clear forgets every success (the downstream fired, or a daily reset). It does not touch
// the map other copies may share.
func (d *DepState) Clear() { d.Upstreams = nil }

// Clone returns a copy that shares nothing with d.
func (d DepState) Clone() DepState {
	if d.Upstreams == nil {
		return DepState{}
	}
	m := make(map[string]Satisfaction, len(d.Upstreams))
	for k, v := range d.Upstreams {
		m[k] = v
	}
	return DepState{Upstreams: m}
}

// Ready reports whether every upstream is satisfied for a downstream fire with scheduled time
// slot (zero: a fire without a slot, as for a dependency-only coordinator), and lists the
// upstreams that are not, sorted. Rules, by policy (empty = DependResetScheduled):
//
//   - DependResetDaily (akkaflow): a success counts if it happened after the latest daily
//     reset at 23:59 in loc before now (the same as if the reset had cleared it on time).
//   - DependResetScheduled: a success counts for slot if its run has no scheduled time or
//     its scheduled time falls on the slot's calendar date in loc.
func (d DepState) Ready(upstreams []string, slot time.Time, policy workflows.DependReset,
	loc *time.Location, now time.Time) (bool, []string) {
	r := d.readiness(upstreams, policy, loc, now)
	if len(r.missing) == 0 && r.dated && !slot.IsZero() {
		for _, u := range r.datedBy {
			if dayOf(d.Upstreams[u].Scheduled, loc) != dayOf(slot, loc) {
				r.missing = append(r.missing, u)
			}
		}
	}
	slices.Sort(r.missing)
	return len(r.missing) == 0, r.missing
}

// readiness summarises the recorded successes, before any slot is chosen.
type readiness struct {
	missing []string // upstreams without a success that counts now
	// dated: under DependResetScheduled some successes carry a scheduled time (datedBy);
	// a slot must then fall on their date.
	dated   bool
	datedBy []string
	day     int64 // their common date (days since 1970-01-01 in loc), when they agree
	agree   bool
	latest  time.Time // the latest scheduled time among the successes (zero: all manual)
}

func (d DepState) readiness(upstreams []string, policy workflows.DependReset, loc *time.Location, now time.Time) readiness {
	r := readiness{agree: true}
	var resetAt time.Time
	if policy == workflows.DependResetDaily {
		resetAt = LastDailyReset(now, loc)
	}
	seen := map[string]bool{}
	for _, u := range upstreams {
		if seen[u] {
			continue
		}
		seen[u] = true
		s, ok := d.Upstreams[u]
		if !ok || (policy == workflows.DependResetDaily && s.At.Before(resetAt)) {
			r.missing = append(r.missing, u)
			continue
		}
		if s.Scheduled.IsZero() {
			continue
		}
		if s.Scheduled.After(r.latest) {
			r.latest = s.Scheduled
		}
		if policy == workflows.DependResetDaily {
			continue
		}
		day := dayOf(s.Scheduled, loc)
		if r.dated && day != r.day {
			r.agree = false
		}
		r.dated, r.day = true, day
		r.datedBy = append(r.datedBy, u)
	}
	return r
}

// resetClock is akkaflow's daily dependency reset time, 23:59.
const resetClock = 23*secondsPerHour + 59*secondsPerMinute

// LastDailyReset returns the latest 23:59 in loc at or before now (a 23:59 skipped by DST
// happens at the end of the jump, as for every schedule).
func LastDailyReset(now time.Time, loc *time.Location) time.Time {
	day := dayOf(now, loc)
	if t := wallInstant(loc, day*secondsPerDay+resetClock); !t.After(now) {
		return t
	}
	return wallInstant(loc, (day-1)*secondsPerDay+resetClock)
}

// NextDailyReset returns the first 23:59 in loc strictly after now, for the reset timer.
func NextDailyReset(now time.Time, loc *time.Location) time.Time {
	day := dayOf(now, loc)
	for d := day; ; d++ {
		if t := wallInstant(loc, d*secondsPerDay+resetClock); t.After(now) {
			return t
		}
	}
}

// DailyResetDue reports whether a daily 23:59 reset (DependResetDaily) lies in
// (lastReset, now]: the caller should clear the flags of its daily-policy coordinators and
// record now as lastReset. Initialise lastReset to the time tracking starts; a zero lastReset
// makes a reset due at once.
func DailyResetDue(lastReset, now time.Time, loc *time.Location) bool {
	return LastDailyReset(now, loc).After(lastReset)
}
