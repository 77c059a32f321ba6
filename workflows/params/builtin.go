package params

import (
	"fmt"
	"strings"
)

// defaultScheduledPattern prints a scheduled time to the second, in the Env's zone.
const defaultScheduledPattern = "yyyy-MM-dd HH:mm:ss"

// evalBuiltin resolves the instance./workflow. namespace. Unknown members are errors: the
// names cannot be shell variables (no dots), so a typo would otherwise reach the task silently.
func evalBuiltin(expr string, env *Env) (string, error) {
	parts := splitParts(expr)
	switch parts[0] {
	case "instance.id", "workflow.name":
		if len(parts) > 1 {
			return "", fmt.Errorf("%s takes no pattern or shift", parts[0])
		}
		v := env.InstanceID
		if parts[0] == "workflow.name" {
			v = env.Workflow
		}
		if v == "" {
			// Failing beats silently producing a path like /data/run_/: the master sets both
			// before expanding anything.
			return "", fmt.Errorf("%s is not known here", parts[0])
		}
		return v, nil
	case "instance.scheduled_time":
		t := env.Scheduled
		if t.IsZero() {
			t = env.Now
		}
		if t.IsZero() {
			return "", fmt.Errorf("no scheduled or reference time")
		}
		return formatShifted(env.in(t), parts, defaultScheduledPattern)
	}
	return "", fmt.Errorf("unknown built-in %q (known: instance.id, instance.scheduled_time, workflow.name)",
		strings.TrimSpace(parts[0]))
}
