package params

import "time"

// Env is everything a placeholder can refer to. The zero Env expands only texts without
// params, time bases or built-ins.
type Env struct {
	// Params are the instance's params by name.
	Params map[string]string
	// Now is the reference time of the time.* bases (see the package doc for which time the
	// master passes).
	Now time.Time
	// Scheduled is the fire's logical time; zero if the instance has none (then
	// ${instance.scheduled_time} uses Now).
	Scheduled time.Time
	// InstanceID and Workflow feed ${instance.id} and ${workflow.name}.
	InstanceID, Workflow string
	// Outputs resolves ${output:NODE.KEY}. nil leaves those placeholders untouched, to be
	// resolved at dispatch.
	Outputs func(node, key string) (string, bool)
	// Location is the zone dates are computed and printed in; nil means each time's own.
	Location *time.Location
}

// in converts t to the Env's zone.
func (env *Env) in(t time.Time) time.Time {
	if env.Location != nil {
		return t.In(env.Location)
	}
	return t
}
