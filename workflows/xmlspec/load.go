package xmlspec

import (
	"fmt"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/schedule"
)

// Load is Parse followed by the checks that need more than the XML: workflows.Validate (or
// ValidateCoordinator for a standalone coordinator file) and the schedule package's reading of
// the cron text, in the coordinator's time zone (its timezone attribute, else time.Local).
// Problems come back in source order. A definition with errors must not replace a loaded one.
func Load(source string, data []byte) *workflows.Definition {
	return defaultLoader.load(source, data)
}

// loader names Load's collaborators so that tests can check the wiring with fakes.
type loader struct {
	validate            func(*workflows.Workflow) workflows.Problems
	validateCoordinator func(c *workflows.Coordinator, owner string) workflows.Problems
	parseCron           func(spec string, loc *time.Location) (warnings []string, err error)
}

var defaultLoader = loader{
	validate:            workflows.Validate,
	validateCoordinator: workflows.ValidateCoordinator,
	parseCron: func(spec string, loc *time.Location) ([]string, error) {
		_, warnings, err := schedule.Parse(spec, loc)
		return warnings, err
	},
}

func (l loader) load(source string, data []byte) *workflows.Definition {
	def, tainted := parse(source, data)
	var found workflows.Problems
	switch {
	case def.Workflow != nil:
		found = l.validate(def.Workflow)
	case def.Coordinator != nil:
		found = l.validateCoordinator(def.Coordinator, "")
	}
	found = dropConsequences(found, def, tainted)
	if c := coordinatorOf(def); c != nil && c.Cron != "" {
		found = append(found, l.checkCron(c)...)
	}
	def.Problems = append(def.Problems, found...)
	sortProblems(def.Problems)
	return def
}

func coordinatorOf(def *workflows.Definition) *workflows.Coordinator {
	if def.Workflow != nil {
		return def.Workflow.Coordinator
	}
	return def.Coordinator
}

// checkCron reads the schedule in the coordinator's zone. A zone that does not load was
// already reported by Parse; the text is then still checked, in time.Local.
func (l loader) checkCron(c *workflows.Coordinator) workflows.Problems {
	loc := time.Local
	if c.Timezone != "" {
		if z, err := time.LoadLocation(c.Timezone); err == nil {
			loc = z
		}
	}
	warnings, err := l.parseCron(c.Cron, loc)
	var out workflows.Problems
	for _, w := range warnings { // the schedule package's warnings quote the text themselves
		out = append(out, workflows.Problem{Pos: c.CronPos, Severity: workflows.SeverityWarning, Code: CodeCronLegacy, Message: w})
	}
	if err != nil {
		out = append(out, workflows.Problem{Pos: c.CronPos, Severity: workflows.SeverityError, Code: CodeBadCron,
			Message: fmt.Sprintf("cron %q: %v", c.Cron, err)})
	}
	return out
}

// dropConsequences removes Validate's findings about a node, the coordinator or the root
// attributes when reading that same unit already failed: a node whose <ok> is missing would
// otherwise be reported twice, once as XML ("no <ok>") and once as a graph ("no target").
// Validate locates its findings at the positions Parse recorded, so positions identify units.
func dropConsequences(found workflows.Problems, def *workflows.Definition, tainted map[string]bool) workflows.Problems {
	if len(tainted) == 0 || len(found) == 0 {
		return found
	}
	type key struct{ line, col int }
	unitAt := map[key]string{}
	mark := func(p workflows.Pos, unit string) {
		if p.Line > 0 {
			unitAt[key{p.Line, p.Col}] = unit
		}
	}
	markCoordinator := func(c *workflows.Coordinator) {
		if c == nil {
			return
		}
		mark(c.Pos, "coordinator")
		mark(c.CronPos, "coordinator")
		for _, d := range c.Depends {
			mark(d.Pos, "coordinator")
		}
		for _, p := range c.Params {
			mark(p.Pos, "coordinator")
		}
	}
	if w := def.Workflow; w != nil {
		mark(w.Pos, "root")
		markCoordinator(w.Coordinator)
		for i, n := range w.Nodes {
			unit := fmt.Sprintf("node:%d", i)
			mark(n.Pos, unit)
			for _, p := range n.RefPos {
				mark(p, unit)
			}
		}
	}
	markCoordinator(def.Coordinator)
	var kept workflows.Problems
	for _, p := range found {
		if unit, ok := unitAt[key{p.Pos.Line, p.Pos.Col}]; ok && tainted[unit] {
			continue
		}
		kept = append(kept, p)
	}
	return kept
}
