package schedule

import (
	"fmt"
	"slices"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Coordinator triggering as a pure function: (coordinator, schedule, state, now) → decision.

// State is what the master keeps (through Raft) per coordinator between evaluations.
type State struct {
	// LastFired is the scheduled time of the last fire (stored as a UTC instant). Evaluate
	// never returns a fire at or before it, so a replayed or repeated evaluation cannot fire
	// the same slot twice.
	LastFired time.Time `json:"last_fired,omitzero"`
	// Next is the earliest slot still eligible to fire (akkaflow's "next cron time"). Zero:
	// the slot after LastFired, or, if the coordinator never fired, the first slot after now.
	// Set it with Rearm when the coordinator is added, changed, enabled or reset.
	Next time.Time `json:"next,omitzero"`
	// Deps holds the upstream successes that count.
	Deps DepState `json:"deps"`
}

// Decision is the outcome of one evaluation.
type Decision struct {
	// Fire: start an instance now with scheduled (logical) time Scheduled, in the
	// coordinator's zone. Record it (State.Apply) before the instance starts.
	Fire      bool      `json:"fire"`
	Scheduled time.Time `json:"scheduled,omitzero"`
	// Next is the new State.Next (the pending slot, or after a fire the slot after it).
	Next time.Time `json:"next,omitzero"`
	// Wake is when to evaluate again if nothing else happens: one timer instead of polling.
	// Zero means only an event can change the decision (an upstream success, a definition
	// change, enabling). It is always after now.
	Wake time.Time `json:"wake,omitzero"`
	// Waiting lists the upstreams not yet satisfied for the pending slot, sorted.
	Waiting []string `json:"waiting,omitempty"`
	// Reason says, for people, why it does not fire now.
	Reason string `json:"reason,omitempty"`
}

// Apply returns the state after d: on a fire, LastFired becomes d.Scheduled and the
// dependency successes are cleared (akkaflow clears every flag of a coordinator that fires).
func (s State) Apply(d Decision) State {
	if d.Fire {
		s.LastFired = d.Scheduled.UTC()
		s.Deps = DepState{}
	}
	s.Next = d.Next
	return s
}

// Rearm returns the state with Next set to the first slot after now: call it when the
// coordinator is added, its schedule changes, it is enabled or reset (akkaflow recomputed
// the next cron time from now on each of these). A nil schedule clears Next.
func (s State) Rearm(sched Schedule, now time.Time) State {
	s.Next = time.Time{}
	if sched != nil {
		s.Next = sched.Next(now)
	}
	return s
}

// locator is implemented by schedules that know their zone (*Cron, *Every).
type locator interface{ Location() *time.Location }

// Evaluate decides whether coordinator c fires at now. sched is c's parsed schedule, nil when
// c has no cron. Calendar dates (DependResetScheduled, the daily reset) are taken in sched's
// zone, or in now's location when there is no schedule.
//
// Rules (akkaflow §6.2, with its bugs fixed):
//   - only when enabled and Start ≤ now ≤ End; before Start the decision wakes at Start;
//   - cron, no dependencies: fire at each slot; if several slots are due at once (the
//     master was busy), fire the latest (missed fires after downtime: see Missed);
//   - cron and dependencies: not before the slot, and only once every upstream is satisfied
//     for it; if the upstreams are late the fire is late but keeps the slot's scheduled
//     time; the latest due slot whose date the successes satisfy fires, older ones are
//     skipped;
//   - dependencies only: fire when all are satisfied; scheduled time = the latest upstream
//     scheduled time, or now when every success was manual;
//   - neither: never fires automatically (manual trigger only);
//   - never a scheduled time at or before LastFired.
func Evaluate(c *workflows.Coordinator, sched Schedule, st State, now time.Time) Decision {
	loc := now.Location()
	if l, ok := sched.(locator); ok && l.Location() != nil {
		loc = l.Location()
	}
	hasDeps := c != nil && len(c.Depends) > 0
	switch {
	case c == nil:
		return Decision{Reason: "no coordinator"}
	case !c.Enabled:
		return Decision{Next: st.Next, Reason: "coordinator is disabled"}
	case sched == nil && c.Cron != "":
		return Decision{Reason: "schedule " + quote(c.Cron) + " is not usable"}
	case sched == nil && !hasDeps:
		return Decision{Reason: "no cron and no dependencies: manual trigger only"}
	case !c.Start.IsZero() && now.Before(c.Start):
		d := Decision{Wake: c.Start, Reason: "window opens at " + stamp(c.Start, loc)}
		if sched != nil {
			d.Next = firstSlotFrom(sched, c.Start)
		}
		return d
	case !c.End.IsZero() && now.After(c.End):
		return Decision{Reason: "window closed at " + stamp(c.End, loc)}
	}
	e := evaluation{c: c, sched: sched, st: st, now: now, loc: loc}
	if sched == nil {
		return e.dependenciesOnly()
	}
	return e.withCron()
}

// evaluation carries one Evaluate call's inputs.
type evaluation struct {
	c     *workflows.Coordinator
	sched Schedule
	st    State
	now   time.Time
	loc   *time.Location
}

func (e *evaluation) upstreams() []string {
	names := make([]string, len(e.c.Depends))
	for i, d := range e.c.Depends {
		names[i] = d.Workflow
	}
	return names
}

func (e *evaluation) dependenciesOnly() Decision {
	r := e.st.Deps.readiness(e.upstreams(), e.c.DependReset, e.loc, e.now)
	if len(r.missing) > 0 {
		return Decision{Waiting: sortedCopy(r.missing), Reason: "waiting for " + englishList(sortedCopy(r.missing), "and")}
	}
	at := e.now.In(e.loc)
	if !r.latest.IsZero() {
		at = r.latest.In(e.loc)
	}
	if !e.st.LastFired.IsZero() && !at.After(e.st.LastFired) {
		// The same upstream runs satisfied an earlier fire (e.g. a rerun): firing again would
		// repeat a scheduled time. Wait for newer upstream runs.
		return Decision{Reason: "already fired for upstream runs scheduled at " + stamp(at, e.loc) +
			"; waiting for newer upstream runs"}
	}
	return Decision{Fire: true, Scheduled: at}
}

func (e *evaluation) withCron() Decision {
	floor := e.floor()
	if floor.IsZero() {
		return Decision{Reason: "the schedule has no further fire times"}
	}
	d := Decision{Next: floor}
	if !e.c.End.IsZero() && floor.After(e.c.End) {
		d.Reason = "no slot left before the window closes at " + stamp(e.c.End, e.loc)
		return d
	}
	if len(e.c.Depends) == 0 {
		if e.now.Before(floor) {
			d.Wake, d.Reason = floor, "next slot at "+stamp(floor, e.loc)
			return d
		}
		return e.fire(latestSlot(e.sched, floor.Add(-time.Nanosecond), e.now), false)
	}
	r := e.st.Deps.readiness(e.upstreams(), e.c.DependReset, e.loc, e.now)
	if len(r.missing) > 0 {
		d.Waiting = sortedCopy(r.missing)
		d.Reason = "slot " + stamp(floor, e.loc) + " waits for " + englishList(d.Waiting, "and")
		if e.now.Before(floor) {
			d.Reason = "next slot at " + stamp(floor, e.loc) + "; waiting for " + englishList(d.Waiting, "and")
		}
		return d // an upstream success will re-evaluate
	}
	if !r.agree {
		d.Reason = "upstream successes are for different dates; waiting for upstream runs of one date"
		return d
	}
	lo, hi := floor, e.now // slots that may fire: [lo, hi]
	var dayEnd time.Time
	if r.dated {
		// DependResetScheduled: only slots on the upstream runs' date.
		dayEnd = startOfDay(e.loc, r.day+1)
		lo = laterOf(lo, startOfDay(e.loc, r.day))
		if last := dayEnd.Add(-time.Nanosecond); last.Before(hi) {
			hi = last
		}
	}
	if !lo.After(hi) {
		if s := latestSlot(e.sched, lo.Add(-time.Nanosecond), hi); !s.IsZero() {
			return e.fire(s, true)
		}
	}
	// Ready, but no eligible slot is due: wake at the first eligible one after now.
	wake := e.sched.Next(laterOf(e.now, lo.Add(-time.Nanosecond)))
	switch {
	case wake.IsZero(), r.dated && !wake.Before(dayEnd), !e.c.End.IsZero() && wake.After(e.c.End):
		d.Reason = fmt.Sprintf("upstream runs are for %s; no slot of that date is left to fire", dateText(r.day))
	default:
		d.Wake, d.Reason = wake, "dependencies are satisfied; next slot at "+stamp(wake, e.loc)
	}
	return d
}

// floor is the earliest slot still eligible: State.Next (or its default), after LastFired,
// not before Start.
func (e *evaluation) floor() time.Time {
	floor := e.st.Next
	switch {
	case !floor.IsZero():
	case !e.st.LastFired.IsZero():
		floor = e.sched.Next(e.st.LastFired)
	default:
		floor = e.sched.Next(e.now)
	}
	if !floor.IsZero() && !e.st.LastFired.IsZero() && !floor.After(e.st.LastFired) {
		floor = e.sched.Next(e.st.LastFired)
	}
	if !floor.IsZero() && !e.c.Start.IsZero() && floor.Before(e.c.Start) {
		floor = firstSlotFrom(e.sched, e.c.Start)
	}
	return floor
}

// fire builds the decision to fire slot s. With dependencies the successes are cleared by the
// fire, so only an upstream success can lead to the next one: no wake-up.
func (e *evaluation) fire(s time.Time, deps bool) Decision {
	next := e.sched.Next(s)
	d := Decision{Fire: true, Scheduled: s, Next: next}
	if !deps && !next.IsZero() && (e.c.End.IsZero() || !next.After(e.c.End)) {
		d.Wake = next
	}
	return d
}

// firstSlotFrom returns the first slot at or after t.
func firstSlotFrom(sched Schedule, t time.Time) time.Time { return sched.Next(t.Add(-time.Nanosecond)) }

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func stamp(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04:05 MST")
}

func dateText(day int64) string {
	y, m, d := civilFromDays(day)
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}
