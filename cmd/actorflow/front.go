package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// frontCommand is akkaflow's "akka front" dashboard.
func frontCommand(clk clock) *cli.Command {
	return &cli.Command{
		Name:   "front",
		Usage:  "dashboard: recent days by status, running instances with progress, recent finishes, queue",
		Action: action(clk, front),
	}
}

// statusOrder puts the day columns in lifecycle order; statuses a newer server adds follow,
// alphabetically.
var statusOrder = []string{"prep", "running", "succeeded", "failed", "killed"}

func front(s *session, c *cli.Context) error {
	if c.NArg() > 0 {
		return usageErrorf(c, "%s takes no arguments", c.Command.HelpName)
	}
	f, err := s.api.Front(s.ctx)
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(f)
	}
	fmt.Fprintf(s.out, "Workflows: %d   Queued: %d   Running: %d   File errors: %d\n",
		f.Workflows, f.Queued, len(f.Running), f.FileErrors)
	if len(f.Failing) > 0 {
		fmt.Fprintf(s.out, "Last run failed: %s\n", strings.Join(f.Failing, ", "))
	}

	fmt.Fprintln(s.out, "\nINSTANCES PER DAY")
	statuses := dayStatuses(f.Days)
	t := newTable(s.out, append([]string{"DAY"}, upper(statuses)...)...)
	for _, d := range f.Days {
		row := []string{d.Day}
		for _, st := range statuses {
			row = append(row, fmt.Sprint(d.Counts[st]))
		}
		t.row(row...)
	}
	if err := t.flush(); err != nil {
		return err
	}

	fmt.Fprintln(s.out, "\nRUNNING")
	if err := s.instanceTable(f.Running, true); err != nil {
		return err
	}
	fmt.Fprintln(s.out, "\nRECENTLY FINISHED")
	return s.instanceTable(f.Recent, false)
}

// dayStatuses is every status that occurs, the known ones always shown and in lifecycle order.
func dayStatuses(days []apiv1.DayCount) []string {
	out := slices.Clone(statusOrder)
	var extra []string
	for _, d := range days {
		for st := range d.Counts {
			if !slices.Contains(out, st) && !slices.Contains(extra, st) {
				extra = append(extra, st)
			}
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

func upper(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(s)
	}
	return out
}
