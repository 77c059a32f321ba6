package main

import (
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// monitorCommand lists data-monitor results: what akkaflow kept in its data_monitor table.
func monitorCommand(clk clock) *cli.Command {
	return &cli.Command{
		Name:  "monitor",
		Usage: "results of data-monitor nodes",
		Subcommands: []*cli.Command{
			{Name: "list", Aliases: []string{"ls"}, Usage: "list data-monitor results, newest first",
				Action: action(clk, monitorList), Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "workflow", Aliases: []string{"w"}, Usage: "only results of workflow `W`"},
					&cli.StringFlag{Name: "category", Aliases: []string{"c"},
						Usage: "only category `C` (the 2017 category attribute, else the workflow's name)"},
					&cli.StringFlag{Name: "name", Aliases: []string{"n"},
						Usage: "only source name `N` (the 2017 source-name attribute, else the node's name)"},
				}, pageFlags()...)},
		},
	}
}

func monitorList(s *session, c *cli.Context) error {
	if c.NArg() > 0 {
		return usageErrorf(c, "%s takes no arguments (use --workflow, --category or --name)", c.Command.HelpName)
	}
	list, err := s.api.ListDataMonitor(s.ctx, client.MonitorFilter{Workflow: c.String("workflow"),
		Category: c.String("category"), Name: c.String("name"), Limit: c.Int("limit"), Offset: c.Int("offset")})
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(list)
	}
	t := newTable(s.out, "TIME", "CATEGORY", "NAME", "VALUE", "MIN", "MAX", "OK", "STATUS", "INSTANCE", "NODE", "MESSAGE")
	for _, r := range list.Items {
		ok := "-"
		if r.Ok != nil {
			ok = strconv.FormatBool(*r.Ok)
		}
		t.row(s.when(r.Time), r.Category, r.Name, num(r.Value), num(r.Min), num(r.Max), ok, r.Status,
			r.InstanceID, r.Node, clip(r.Message, 60))
	}
	if err := t.flush(); err != nil {
		return err
	}
	s.listFooter(len(list.Items), list.Total, c.Int("offset"))
	return nil
}

// num prints an optional number as the monitor wrote it, "-" when unknown.
func num(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}
