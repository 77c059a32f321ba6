package workflows

// ValidateCoordinator checks a coordinator and returns every problem at once, in source order.
// owner is the name of the workflow it is embedded in, or "" for a standalone (2017-era)
// coordinator file, which triggers the workflows listed in Targets instead. Cron text is not
// parsed here: the schedule package owns that grammar.
func ValidateCoordinator(c *Coordinator, owner string) Problems {
	var r vldReport
	vldCoordinator(&r, c, owner, owner == "")
	return r.sorted()
}

// vldCoordinator takes standalone apart from owner so that Validate can check an embedded
// coordinator of a workflow whose name is missing (already an error) as embedded.
func vldCoordinator(r *vldReport, c *Coordinator, owner string, standalone bool) {
	if c == nil {
		return
	}
	// The workflows this coordinator starts: waiting for one of them is waiting for itself.
	triggers := map[string]bool{owner: true}
	if standalone {
		if vldBlank(c.Name) {
			r.errorf(c.Pos, vldMissingField, "standalone coordinator has no name")
		}
		if len(c.Targets) == 0 {
			r.errorf(c.Pos, vldNoTargets, "coordinator %q triggers no workflow", c.Name)
		}
		triggers = map[string]bool{}
		for _, t := range c.Targets {
			switch {
			case vldBlank(t):
				r.errorf(c.Pos, vldMissingField, "coordinator %q lists a target workflow without a name", c.Name)
			case triggers[t]:
				r.warnf(c.Pos, vldDuplicateTarget, "coordinator %q triggers workflow %q twice; it runs once", c.Name, t)
			}
			triggers[t] = true
		}
	} else if len(c.Targets) > 0 {
		r.warnf(c.Pos, vldIgnoredField, "the coordinator of workflow %q lists targets; an embedded coordinator triggers only its workflow", owner)
	}

	seenDep := map[string]Pos{}
	for _, d := range c.Depends {
		pos := vldOr(d.Pos, c.Pos)
		switch first, dup := seenDep[d.Workflow]; {
		case vldBlank(d.Workflow):
			r.errorf(pos, vldMissingField, "a dependency has no workflow name")
		case triggers[d.Workflow]:
			r.errorf(pos, vldSelfDependency, "the coordinator depends on workflow %q, which it triggers itself: it would wait for itself forever", d.Workflow)
		case dup:
			r.warnf(pos, vldDuplicateDependency, "dependency on workflow %q is already listed%s", d.Workflow, vldAtLine(first))
		}
		if _, dup := seenDep[d.Workflow]; !dup {
			seenDep[d.Workflow] = pos
		}
	}

	if !c.Start.IsZero() && !c.End.IsZero() && c.Start.After(c.End) {
		r.errorf(c.Pos, vldBadWindow, "start time %s is after end time %s", c.Start.Format("2006-01-02 15:04:05"), c.End.Format("2006-01-02 15:04:05"))
	}

	seenParam := map[string]Pos{}
	for _, p := range c.Params {
		pos := vldOr(p.Pos, c.Pos)
		if vldBlank(p.Name) {
			r.errorf(pos, vldMissingField, "a param has no name")
			continue
		}
		if first, dup := seenParam[p.Name]; dup {
			r.warnf(pos, vldDuplicateParam, "param %q is already defined%s; this later value wins", p.Name, vldAtLine(first))
			continue
		}
		seenParam[p.Name] = pos
	}

	switch c.Catchup {
	case "", CatchupLatest, CatchupAll, CatchupNone:
	default:
		r.errorf(c.Pos, vldBadValue, "catchup %q is not one of latest, all, none", c.Catchup)
	}
	switch c.DependReset {
	case "", DependResetScheduled, DependResetDaily:
	default:
		r.errorf(c.Pos, vldBadValue, "depend-reset %q is not one of scheduled, daily", c.DependReset)
	}
}

// vldOr returns p, or fallback when p is unknown (values built in Go, not parsed).
func vldOr(p, fallback Pos) Pos {
	if p.Line > 0 {
		return p
	}
	return fallback
}
