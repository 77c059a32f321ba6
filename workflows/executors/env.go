package executors

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// taskEnv is base plus the task's own variables plus the ACTORFLOW_* ones, in that order of
// precedence (later wins). Overridden entries are removed rather than duplicated, so the
// child sees exactly one value for each name whatever its libc does with duplicates.
func taskEnv(base []string, t Task, workdir, outputPath string) []string {
	own := map[string]string{
		"ACTORFLOW_INSTANCE_ID": t.InstanceID,
		"ACTORFLOW_WORKFLOW":    t.Workflow,
		"ACTORFLOW_NODE":        t.Node,
		"ACTORFLOW_ATTEMPT":     strconv.Itoa(t.Attempt),
		"ACTORFLOW_WORKDIR":     workdir,
		"ACTORFLOW_OUTPUT":      outputPath,
	}
	env := make([]string, 0, len(base)+len(t.Env)+len(own))
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := own[k]; ok {
			continue
		}
		if _, ok := t.Env[k]; ok {
			continue
		}
		env = append(env, kv)
	}
	for _, k := range slices.Sorted(maps.Keys(t.Env)) {
		if _, ok := own[k]; !ok {
			env = append(env, k+"="+t.Env[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(own)) {
		env = append(env, k+"="+own[k])
	}
	return env
}
