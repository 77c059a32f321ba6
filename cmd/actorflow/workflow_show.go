package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
)

func workflowInfo(s *session, c *cli.Context) error {
	name, err := oneArg(c)
	if err != nil {
		return err
	}
	w, err := s.api.GetWorkflow(s.ctx, name)
	if err != nil {
		return err
	}
	switch {
	case c.Bool("xml"):
		_, err = fmt.Fprintln(s.out, strings.TrimRight(w.XML, "\n"))
		return err
	case s.json:
		return s.printJSON(w)
	}
	s.workflowSummary(w.Workflow)
	fmt.Fprintln(s.out, "\nNODES")
	t := newTable(s.out, "NAME", "KIND", "TYPE", "NEXT", "ON ERROR", "DESCRIPTION")
	for _, n := range w.Nodes {
		next := strings.Join(n.Next, ", ")
		if n.Ok != "" {
			next = n.Ok
		}
		t.row(n.Name, n.Kind, n.Type, next, n.Error, clip(n.Desc, 60))
	}
	return t.flush()
}

// workflowSummary is the definition's header: who, where, when it fires and what it waits for.
func (s *session) workflowSummary(w apiv1.Workflow) {
	t := newTable(s.out)
	t.row("Name:", w.Name)
	if w.Desc != "" {
		t.row("Description:", w.Desc)
	}
	t.row("Directory:", w.Dir)
	t.row("Creator:", w.Creator)
	t.row("Source:", strings.TrimSpace(w.Origin+" "+w.SourceFile))
	t.row("Version:", fmt.Sprintf("%d (updated %s)", w.Version, s.when(w.Updated)))
	t.row("Enabled:", yesNo(w.Enabled))
	t.row("Schedule:", schedule(w))
	t.row("Next fire:", s.when(w.NextFire))
	t.row("Depends on:", dependencies(w.Dependencies))
	t.row("Params:", strings.Join(w.Params, ", "))
	t.row("Instance limit:", fmt.Sprint(w.InstanceLimit))
	t.row("Priority:", fmt.Sprint(w.Priority))
	t.row("Nodes:", fmt.Sprint(w.NodeCount))
	_ = t.flush()
	if len(w.Warnings) > 0 {
		fmt.Fprintln(s.out, "\nWARNINGS")
		for _, p := range w.Warnings {
			fmt.Fprintln(s.out, formatProblem(p.File, p))
		}
	}
}

// schedule is the cron with its meaning in words and zone, "-" when only dependencies fire it.
func schedule(w apiv1.Workflow) string {
	if w.Cron == "" {
		return ""
	}
	out := w.Cron
	if w.CronText != "" {
		out += " (" + w.CronText + ")"
	}
	if w.Timezone != "" {
		out += " " + w.Timezone
	}
	return out
}

func dependencies(deps []apiv1.Dependency) string {
	parts := make([]string, len(deps))
	for i, d := range deps {
		state := "waiting"
		if d.Ready {
			state = "ready"
		}
		parts[i] = fmt.Sprintf("%s (%s)", d.Workflow, state)
	}
	return strings.Join(parts, ", ")
}

func workflowList(s *session, c *cli.Context) error {
	if c.NArg() > 0 {
		return usageErrorf(c, "%s takes no arguments (use --dir or -q)", c.Command.HelpName)
	}
	list, err := s.api.ListWorkflows(s.ctx, client.WorkflowFilter{Dir: c.String("dir"),
		Query: c.String("query"), Limit: c.Int("limit"), Offset: c.Int("offset")})
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(list)
	}
	t := newTable(s.out, "NAME", "DIR", "ENABLED", "SCHEDULE", "NEXT FIRE", "NODES", "UPDATED")
	for _, w := range list.Items {
		sched := w.Cron
		if len(w.Dependencies) > 0 {
			sched = strings.TrimSpace(sched + " after " + dependencyNames(w.Dependencies))
		}
		t.row(w.Name, w.Dir, yesNo(w.Enabled), sched, s.when(w.NextFire), fmt.Sprint(w.NodeCount), s.when(w.Updated))
	}
	if err := t.flush(); err != nil {
		return err
	}
	s.listFooter(len(list.Items), list.Total, c.Int("offset"))
	return nil
}

func dependencyNames(deps []apiv1.Dependency) string {
	names := make([]string, len(deps))
	for i, d := range deps {
		names[i] = d.Workflow
	}
	return strings.Join(names, ",")
}

// workflowFiles shows what the server made of each xmlconfig file, so a file that failed to
// load is visible without reading server logs.
func workflowFiles(s *session, c *cli.Context) error {
	if c.NArg() > 0 {
		return usageErrorf(c, "%s takes no arguments", c.Command.HelpName)
	}
	files, err := s.api.XMLConfig(s.ctx)
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(files)
	}
	t := newTable(s.out, "PATH", "STATUS", "WORKFLOW", "LOADED", "ERRORS", "WARNINGS")
	for _, f := range files.Items {
		t.row(f.Path, f.Status, f.Workflow, s.when(f.Loaded), fmt.Sprint(len(f.Errors)), fmt.Sprint(len(f.Warnings)))
	}
	if err := t.flush(); err != nil {
		return err
	}
	headed := false
	for _, f := range files.Items {
		for _, p := range slices.Concat(f.Errors, f.Warnings) {
			if !headed {
				fmt.Fprintln(s.out, "\nPROBLEMS")
				headed = true
			}
			fmt.Fprintln(s.out, formatProblem(f.Path, p))
		}
	}
	return nil
}
