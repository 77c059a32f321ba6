package master

import (
	"time"

	"github.com/actorflow/actorflow/workflows/schedule"
)

// zoneCache shares time zones and parsed schedules between coordinators. time.LoadLocation
// returns a new *time.Location (its whole transition table) on every call, and thousands of
// coordinators typically use a handful of zones and crons; both values are immutable, so one
// of each is enough. Entries are never dropped: there are as many as distinct zone names and
// (cron, zone) pairs ever loaded, which is small next to the definitions themselves.
type zoneCache struct {
	zones  map[string]*time.Location // nil value: the name does not load
	scheds map[schedKey]schedule.Schedule
}

type schedKey struct {
	cron string
	loc  *time.Location
}

// location returns the zone called name, or nil when it does not load.
func (z *zoneCache) location(name string) *time.Location {
	if loc, ok := z.zones[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	if z.zones == nil {
		z.zones = map[string]*time.Location{}
	}
	z.zones[name] = loc
	return loc
}

// schedule returns cron parsed in loc, or nil when it does not parse.
func (z *zoneCache) schedule(cron string, loc *time.Location) schedule.Schedule {
	k := schedKey{cron: cron, loc: loc}
	if s, ok := z.scheds[k]; ok {
		return s
	}
	s, _, err := schedule.Parse(cron, loc)
	if err != nil {
		s = nil
	}
	if z.scheds == nil {
		z.scheds = map[schedKey]schedule.Schedule{}
	}
	z.scheds[k] = s
	return s
}
