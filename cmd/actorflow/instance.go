package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
	"github.com/actorflow/actorflow/workflows"
)

// instanceCommand is akkaflow's "akka instance -…" tree as subcommands.
func instanceCommand(clk clock) *cli.Command {
	return &cli.Command{
		Name:    "instance",
		Aliases: []string{"inst"},
		Usage:   "inspect and control runs of workflows",
		Subcommands: []*cli.Command{
			{Name: "info", Usage: "show an instance and the state of each node",
				ArgsUsage: "ID", Action: action(clk, instanceInfo)},
			{Name: "log", Usage: "print an instance's log; -f follows it until the instance ends",
				ArgsUsage: "ID", Action: action(clk, instanceLog), Flags: []cli.Flag{
					&cli.StringFlag{Name: "node", Usage: "only node `N`'s output"},
					&cli.IntFlag{Name: "attempt", Usage: "only attempt `K` of that node (default: the latest)"},
					&cli.BoolFlag{Name: "follow", Aliases: []string{"f"}, Usage: "keep printing until the instance ends"},
				}},
			{Name: "kill", Usage: "stop a running or queued instance",
				ArgsUsage: "ID", Action: action(clk, instanceKill)},
			{Name: "rerun", Usage: "run a finished instance again with its parameters; prints the new id",
				ArgsUsage: "ID", Action: action(clk, instanceRerun), Flags: []cli.Flag{
					&cli.BoolFlag{Name: "from-failed", Usage: "skip the nodes that succeeded last time"},
				}},
			{Name: "del", Aliases: []string{"delete", "rm"}, Usage: "delete a finished instance and its logs",
				ArgsUsage: "ID", Action: action(clk, instanceDel)},
			{Name: "search", Aliases: []string{"list", "ls"}, Usage: "list instances, newest first",
				Action: action(clk, instanceSearch), Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "workflow", Aliases: []string{"w"}, Usage: "only instances of workflow `W`"},
					&cli.StringFlag{Name: "status", Aliases: []string{"s"},
						Usage: "only status `S`: prep, running, succeeded, failed, killed (akkaflow's names work too)"},
				}, pageFlags()...)},
		},
	}
}

func instanceLog(s *session, c *cli.Context) error {
	id, err := oneArg(c)
	if err != nil {
		return err
	}
	if c.Int("attempt") < 0 {
		return usageErrorf(c, "--attempt must be positive")
	}
	if c.Int("attempt") > 0 && c.String("node") == "" {
		return usageErrorf(c, "--attempt needs --node: attempts belong to a node")
	}
	log, err := s.api.InstanceLog(s.ctx, id, client.LogOptions{
		Node: c.String("node"), Attempt: c.Int("attempt"), Follow: c.Bool("follow")})
	if err != nil {
		return err
	}
	defer log.Close()
	_, err = io.Copy(s.out, log)
	return err
}

func instanceKill(s *session, c *cli.Context) error {
	id, err := oneArg(c)
	if err != nil {
		return err
	}
	if err := s.api.KillInstance(s.ctx, id); err != nil {
		return err
	}
	return s.done("killed instance %s", id)
}

func instanceRerun(s *session, c *cli.Context) error {
	id, err := oneArg(c)
	if err != nil {
		return err
	}
	created, err := s.api.RerunInstance(s.ctx, id, apiv1.RerunRequest{FromFailed: c.Bool("from-failed")})
	if err != nil {
		return err
	}
	return s.created(created)
}

func instanceDel(s *session, c *cli.Context) error {
	id, err := oneArg(c)
	if err != nil {
		return err
	}
	if err := s.api.DeleteInstance(s.ctx, id); err != nil {
		return err
	}
	return s.done("deleted instance %s", id)
}

func instanceSearch(s *session, c *cli.Context) error {
	if c.NArg() > 0 {
		return usageErrorf(c, "%s takes no arguments (use --workflow or --status)", c.Command.HelpName)
	}
	status := c.String("status")
	if status != "" {
		// Accept akkaflow's W_* and Chinese names, send the API's.
		st, err := workflows.ParseInstanceStatus(status)
		if err != nil {
			return usageErrorf(c, "--status: %v", err)
		}
		status = st.String()
	}
	list, err := s.api.ListInstances(s.ctx, client.InstanceFilter{Workflow: c.String("workflow"),
		Status: status, Limit: c.Int("limit"), Offset: c.Int("offset")})
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(list)
	}
	if err := s.instanceTable(list.Items, false); err != nil {
		return err
	}
	s.listFooter(len(list.Items), list.Total, c.Int("offset"))
	return nil
}

// instanceTable lists instances; withProgress adds nodes done/total (the dashboard's view of
// running instances).
func (s *session) instanceTable(items []apiv1.Instance, withProgress bool) error {
	header := []string{"ID", "WORKFLOW", "STATUS", "TRIGGER", "STARTED", "DURATION", "MESSAGE"}
	if withProgress {
		header = []string{"ID", "WORKFLOW", "PROGRESS", "TRIGGER", "STARTED", "DURATION", "MESSAGE"}
	}
	t := newTable(s.out, header...)
	for _, in := range items {
		third := in.Status
		if withProgress {
			third = progress(in.Nodes)
		}
		t.row(in.ID, in.Workflow, third, in.Trigger, s.when(in.Started), s.span(in.Started, in.Ended), clip(in.Message, 60))
	}
	return t.flush()
}

// progress is "done/total" over the instance's nodes, done meaning finished for this visit.
func progress(nodes []apiv1.Node) string {
	if len(nodes) == 0 {
		return "-"
	}
	done := 0
	for _, n := range nodes {
		var st workflows.NodeStatus
		if st.UnmarshalText([]byte(n.Status)) == nil && st.Terminal() {
			done++
		}
	}
	return fmt.Sprintf("%d/%d", done, len(nodes))
}
