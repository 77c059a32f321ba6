package schedule

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func coordinator(cron string, ups ...string) *workflows.Coordinator {
	c := &workflows.Coordinator{Enabled: true, Cron: cron}
	for _, u := range ups {
		c.Depends = append(c.Depends, workflows.Dependency{Workflow: u})
	}
	return c
}

func TestEvaluateGuards(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	s := mustParse(t, "0 * * * *", ny)
	now := at(t, ny, "2026-05-02 10:30")

	disabled := coordinator("0 * * * *")
	disabled.Enabled = false
	if d := Evaluate(disabled, s, State{}, now); d.Fire || !d.Wake.IsZero() || !strings.Contains(d.Reason, "disabled") {
		t.Errorf("disabled: %+v", d)
	}
	if d := Evaluate(coordinator(""), nil, State{LastFired: now.Add(-time.Hour)}, now); d.Fire || !d.Wake.IsZero() || !strings.Contains(d.Reason, "manual trigger only") {
		t.Errorf("neither cron nor deps: %+v", d)
	}
	if d := Evaluate(coordinator("61 * * * *"), nil, State{}, now); d.Fire || !strings.Contains(d.Reason, "not usable") {
		t.Errorf("unparsable cron: %+v", d)
	}
	if d := Evaluate(nil, s, State{}, now); d.Fire {
		t.Errorf("nil coordinator fired")
	}

	// A window that opens in the future: wake at its start, no crash (akkaflow crashed here).
	future := coordinator("0 * * * *")
	future.Start = at(t, ny, "2026-06-01 09:30")
	d := Evaluate(future, s, State{}, now)
	if d.Fire || !d.Wake.Equal(future.Start) || d.Next.Format(stampLayout) != "2026-06-01 10:00 EDT" {
		t.Errorf("future window: %+v", d)
	}
	// At the start: first slot is the first one at or after the start.
	d = Evaluate(future, s, State{}.Apply(d), future.Start)
	if d.Fire || d.Wake.Format(stampLayout) != "2026-06-01 10:00 EDT" {
		t.Errorf("at window start: %+v", d)
	}

	closed := coordinator("0 * * * *")
	closed.End = at(t, ny, "2026-05-01 00:00")
	if d := Evaluate(closed, s, State{}, now); d.Fire || !d.Wake.IsZero() || !strings.Contains(d.Reason, "window closed") {
		t.Errorf("closed window: %+v", d)
	}
	// The last slot before End fires; then no wake-up past End.
	ending := coordinator("0 * * * *")
	ending.End = at(t, ny, "2026-05-02 11:30")
	d = Evaluate(ending, s, State{Next: at(t, ny, "2026-05-02 11:00")}, at(t, ny, "2026-05-02 11:00"))
	if !d.Fire || !d.Wake.IsZero() {
		t.Errorf("last slot in window: %+v", d)
	}
}

func TestEvaluateCronOnly(t *testing.T) {
	s := mustParse(t, "*/15 * * * *", time.UTC)
	c := coordinator("*/15 * * * *")
	ts := func(hm string) time.Time { return at(t, time.UTC, "2026-05-02 "+hm) }

	// A new coordinator does not fire for the past; it arms the next slot.
	d := Evaluate(c, s, State{}, ts("10:00").Add(30*time.Second))
	if d.Fire || !d.Wake.Equal(ts("10:15")) || !d.Next.Equal(ts("10:15")) {
		t.Fatalf("new: %+v", d)
	}
	st := State{}.Apply(d)
	d = Evaluate(c, s, st, ts("10:15"))
	if !d.Fire || !d.Scheduled.Equal(ts("10:15")) || !d.Wake.Equal(ts("10:30")) {
		t.Fatalf("at slot: %+v", d)
	}
	st = st.Apply(d)
	// Re-evaluating the same instant (replay, failover) does not fire again.
	if d := Evaluate(c, s, st, ts("10:15")); d.Fire {
		t.Fatalf("fired twice: %+v", d)
	}
	// A stale Next at or before LastFired cannot fire either.
	if d := Evaluate(c, s, State{LastFired: ts("10:15"), Next: ts("10:15")}, ts("10:20")); d.Fire || !d.Wake.Equal(ts("10:30")) {
		t.Fatalf("stale Next: %+v", d)
	}
	// Evaluated late (master busy): the latest due slot fires, with its own time.
	d = Evaluate(c, s, st, ts("11:07"))
	if !d.Fire || !d.Scheduled.Equal(ts("11:00")) || !d.Next.Equal(ts("11:15")) || !d.Wake.Equal(ts("11:15")) {
		t.Fatalf("late: %+v", d)
	}
	// @every works the same way.
	e := mustParse(t, "@every 90m", time.UTC)
	d = Evaluate(coordinator("@every 90m"), e, State{LastFired: ts("09:00")}, ts("10:31"))
	if !d.Fire || !d.Scheduled.Equal(ts("10:30")) || !d.Wake.Equal(ts("12:00")) {
		t.Fatalf("@every: %+v", d)
	}
}

func TestEvaluateCronWithDependencies(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	s := mustParse(t, "0 1 * * *", ny)
	c := coordinator("0 1 * * *", "a", "b")
	ts := func(wall string) time.Time { return at(t, ny, wall) }
	st := State{LastFired: ts("2026-05-01 01:00").UTC()}

	// Slot due, nobody ready: no wake-up (an upstream success re-evaluates).
	d := Evaluate(c, s, st, ts("2026-05-02 01:00"))
	if d.Fire || !d.Wake.IsZero() || !slices.Equal(d.Waiting, []string{"a", "b"}) || !d.Next.Equal(ts("2026-05-02 01:00")) {
		t.Fatalf("nobody ready: %+v", d)
	}
	st.Deps.Satisfy("a", ts("2026-05-02 00:00"), ts("2026-05-02 00:40"))
	st.Deps.Satisfy("b", ts("2026-05-02 00:00"), ts("2026-05-02 03:10"))
	// Late upstreams: fire late, scheduled time stays the slot's.
	d = Evaluate(c, s, st, ts("2026-05-02 03:10"))
	if !d.Fire || !d.Scheduled.Equal(ts("2026-05-02 01:00")) || !d.Next.Equal(ts("2026-05-03 01:00")) || !d.Wake.IsZero() {
		t.Fatalf("late upstreams: %+v", d)
	}
	st = st.Apply(d)
	if st.Deps.Upstreams != nil {
		t.Fatalf("fire did not clear the dependencies")
	}

	// Upstreams ready before the slot: wake at the slot, then fire on time.
	st.Deps.Satisfy("a", ts("2026-05-03 00:00"), ts("2026-05-03 00:20"))
	st.Deps.Satisfy("b", ts("2026-05-03 00:00"), ts("2026-05-03 00:30"))
	d = Evaluate(c, s, st, ts("2026-05-03 00:30"))
	if d.Fire || !d.Wake.Equal(ts("2026-05-03 01:00")) {
		t.Fatalf("ready early: %+v", d)
	}
	if d = Evaluate(c, s, st, d.Wake); !d.Fire || !d.Scheduled.Equal(ts("2026-05-03 01:00")) {
		t.Fatalf("at slot: %+v", d)
	}
	st = st.Apply(d)

	// Upstream runs for another date do not satisfy the slot (scheduled policy).
	st.Deps.Satisfy("a", ts("2026-05-03 00:00"), ts("2026-05-04 02:00")) // a rerun of May 3
	st.Deps.Satisfy("b", ts("2026-05-03 00:00"), ts("2026-05-04 02:00"))
	if d = Evaluate(c, s, st, ts("2026-05-04 02:00")); d.Fire || !d.Wake.IsZero() || !strings.Contains(d.Reason, "2026-05-03") {
		t.Fatalf("wrong date: %+v", d)
	}
	// The same successes under akkaflow's daily policy fire the slot.
	c.DependReset = workflows.DependResetDaily
	if d = Evaluate(c, s, st, ts("2026-05-04 02:00")); !d.Fire || !d.Scheduled.Equal(ts("2026-05-04 01:00")) {
		t.Fatalf("daily policy: %+v", d)
	}
}

// A pending slot whose upstreams finish after the next slot became due still fires for its
// own date; the newer slot then waits for its own upstream runs.
func TestEvaluateLateUpstreamKeepsItsDate(t *testing.T) {
	s := mustParse(t, "0 1 * * *", time.UTC)
	c := coordinator("0 1 * * *", "up")
	ts := func(wall string) time.Time { return at(t, time.UTC, wall) }
	st := State{LastFired: ts("2026-04-30 01:00")}
	st.Deps.Satisfy("up", ts("2026-05-01 00:00"), ts("2026-05-02 03:00"))
	d := Evaluate(c, s, st, ts("2026-05-02 03:00"))
	if !d.Fire || !d.Scheduled.Equal(ts("2026-05-01 01:00")) || !d.Next.Equal(ts("2026-05-02 01:00")) {
		t.Fatalf("late upstream: %+v", d)
	}
	st = st.Apply(d)
	st.Deps.Satisfy("up", ts("2026-05-02 00:00"), ts("2026-05-02 04:00"))
	if d = Evaluate(c, s, st, ts("2026-05-02 04:00")); !d.Fire || !d.Scheduled.Equal(ts("2026-05-02 01:00")) {
		t.Fatalf("next day's slot: %+v", d)
	}
}

func TestEvaluateDependenciesOnly(t *testing.T) {
	c := coordinator("", "a", "b")
	ts := func(wall string) time.Time { return at(t, time.UTC, wall) }
	var st State
	st.Deps.Satisfy("a", ts("2026-05-02 00:00"), ts("2026-05-02 00:30"))
	d := Evaluate(c, nil, st, ts("2026-05-02 00:30"))
	if d.Fire || !slices.Equal(d.Waiting, []string{"b"}) || !d.Wake.IsZero() {
		t.Fatalf("one missing: %+v", d)
	}
	st.Deps.Satisfy("b", ts("2026-05-02 06:00"), ts("2026-05-02 06:40"))
	d = Evaluate(c, nil, st, ts("2026-05-02 06:40"))
	if !d.Fire || !d.Scheduled.Equal(ts("2026-05-02 06:00")) {
		t.Fatalf("all ready: want scheduled = latest upstream scheduled time, got %+v", d)
	}
	st = st.Apply(d)
	// The same upstream runs again (reruns): firing would repeat the scheduled time.
	st.Deps.Satisfy("a", ts("2026-05-02 00:00"), ts("2026-05-02 07:00"))
	st.Deps.Satisfy("b", ts("2026-05-02 06:00"), ts("2026-05-02 07:00"))
	if d = Evaluate(c, nil, st, ts("2026-05-02 07:00")); d.Fire || !strings.Contains(d.Reason, "already fired") {
		t.Fatalf("rerun: %+v", d)
	}
	// All manual: scheduled time is now.
	var manual State
	manual.Deps.Satisfy("a", time.Time{}, ts("2026-05-02 08:00"))
	manual.Deps.Satisfy("b", time.Time{}, ts("2026-05-02 08:05"))
	if d = Evaluate(c, nil, manual, ts("2026-05-02 08:05")); !d.Fire || !d.Scheduled.Equal(ts("2026-05-02 08:05")) {
		t.Fatalf("manual: %+v", d)
	}
}

// TestEvaluateSimulatedDay drives a cron coordinator through Berlin's spring-forward day only
// at the wake-up times Evaluate asks for.
func TestEvaluateSimulatedDay(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	s := mustParse(t, "*/30 * * * *", berlin)
	c := coordinator("*/30 * * * *")
	now := at(t, berlin, "2026-03-28 23:50")
	end := at(t, berlin, "2026-03-30 00:00")
	st := State{}.Rearm(s, now)
	var got []string
	for steps := 0; now.Before(end); steps++ {
		if steps > 1000 {
			t.Fatalf("no progress")
		}
		d := Evaluate(c, s, st, now)
		if d.Fire {
			if !d.Scheduled.Equal(now) {
				t.Fatalf("woken at %v but fired scheduled %v", now, d.Scheduled)
			}
			got = append(got, d.Scheduled.Format("15:04 MST"))
		}
		if d.Wake.IsZero() || !d.Wake.After(now) {
			t.Fatalf("bad wake-up %v at %v", d.Wake, now)
		}
		st, now = st.Apply(d), d.Wake
	}
	var want []string
	for _, hm := range []string{"00:00", "00:30", "01:00", "01:30"} {
		want = append(want, hm+" CET")
	}
	for h := 3; h < 24; h++ {
		want = append(want, time.Date(2026, 3, 29, h, 0, 0, 0, berlin).Format("15:04 MST"),
			time.Date(2026, 3, 29, h, 30, 0, 0, berlin).Format("15:04 MST"))
	}
	if !slices.Equal(got, want) {
		t.Errorf("fires on 2026-03-29 in Berlin:\n got  %v\n want %v", got, want)
	}
}

// TestEvaluateSimulatedDaysWithDependencies merges timer wake-ups and upstream successes in
// time order over three days, as the master would.
func TestEvaluateSimulatedDaysWithDependencies(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	s := mustParse(t, "0 1 * * *", ny)
	c := coordinator("0 1 * * *", "extract", "load")
	ts := func(wall string) time.Time { return at(t, ny, wall) }
	type event struct {
		at, scheduled time.Time
		upstream      string
	}
	events := []event{
		{ts("2026-05-01 00:40"), ts("2026-05-01 00:00"), "extract"}, // day 1: on time
		{ts("2026-05-01 00:50"), ts("2026-05-01 00:00"), "load"},
		{ts("2026-05-02 00:30"), ts("2026-05-02 00:00"), "extract"}, // day 2: load is late
		{ts("2026-05-02 04:15"), ts("2026-05-02 00:00"), "load"},
		{ts("2026-05-03 00:30"), ts("2026-05-03 00:00"), "extract"}, // day 3: load fails, then
		{ts("2026-05-03 13:00"), time.Time{}, "load"},               // is triggered by hand
	}
	now, end := ts("2026-04-30 12:00"), ts("2026-05-04 00:00")
	st := State{}.Rearm(s, now)
	var got []string
	for steps := 0; now.Before(end); steps++ {
		if steps > 100 {
			t.Fatalf("no progress")
		}
		for len(events) > 0 && !events[0].at.After(now) {
			st.Deps.Satisfy(events[0].upstream, events[0].scheduled, events[0].at)
			events = events[1:]
		}
		d := Evaluate(c, s, st, now)
		if d.Fire {
			got = append(got, d.Scheduled.Format(stampLayout)+" at "+now.Format("01-02 15:04"))
		}
		st = st.Apply(d)
		next := end
		if !d.Wake.IsZero() && d.Wake.Before(next) {
			next = d.Wake
		}
		if len(events) > 0 && events[0].at.Before(next) {
			next = events[0].at
		}
		now = next
	}
	want := []string{
		"2026-05-01 01:00 EDT at 05-01 01:00",
		"2026-05-02 01:00 EDT at 05-02 04:15",
		"2026-05-03 01:00 EDT at 05-03 13:00",
	}
	if !slices.Equal(got, want) {
		t.Errorf("fires:\n got  %v\n want %v", got, want)
	}
}
