package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// clusterCommand shows the cluster as the gossip layer sees it (akkaflow: "akka cluster -get").
func clusterCommand(clk clock) *cli.Command {
	return &cli.Command{
		Name:  "cluster",
		Usage: "inspect the cluster",
		Subcommands: []*cli.Command{
			{Name: "members", Usage: "list nodes with role, status, leadership and task slots",
				Action: action(clk, clusterMembers)},
		},
	}
}

func clusterMembers(s *session, c *cli.Context) error {
	if c.NArg() > 0 {
		return usageErrorf(c, "%s takes no arguments", c.Command.HelpName)
	}
	list, err := s.api.Members(s.ctx)
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(list)
	}
	t := newTable(s.out, "NAME", "ROLE", "STATUS", "LEADER", "PID", "ADDRESS", "HTTP", "SLOTS", "LABELS")
	for _, m := range list.Items {
		leader := ""
		if m.Leader {
			leader = fmt.Sprintf("yes (term %d)", m.RaftTerm)
			if m.RaftTerm == 0 {
				leader = "yes"
			}
		}
		slots := ""
		if m.Slots > 0 {
			slots = fmt.Sprintf("%d/%d", m.SlotsUsed, m.Slots)
		}
		pid := ""
		if m.PID > 0 {
			pid = fmt.Sprint(m.PID)
		}
		t.row(m.Name, m.Role, m.Status, leader, pid, m.Address, m.HTTP, slots, strings.ReplaceAll(pairs(m.Labels), ", ", ","))
	}
	return t.flush()
}
