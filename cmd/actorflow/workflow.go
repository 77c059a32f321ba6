package main

import "github.com/urfave/cli/v2"

// workflowCommand is akkaflow's "akka workflow -…" tree as subcommands.
func workflowCommand(clk clock) *cli.Command {
	return &cli.Command{
		Name:    "workflow",
		Aliases: []string{"wf"},
		Usage:   "add, inspect and start workflow definitions",
		Subcommands: []*cli.Command{
			{Name: "add", Usage: "create or replace definitions from XML files (- reads stdin)",
				ArgsUsage: "FILE...", Action: action(clk, workflowAdd)},
			{Name: "check", Usage: "validate XML files without loading them",
				ArgsUsage: "FILE...", Action: action(clk, workflowCheck)},
			{Name: "del", Aliases: []string{"delete", "rm"}, Usage: "delete a definition (its history stays)",
				ArgsUsage: "NAME", Action: action(clk, workflowDel)},
			{Name: "info", Usage: "show a definition: schedule, next fire, dependencies, nodes",
				ArgsUsage: "NAME", Action: action(clk, workflowInfo),
				Flags: []cli.Flag{&cli.BoolFlag{Name: "xml", Usage: "print only the XML source"}}},
			{Name: "list", Aliases: []string{"ls"}, Usage: "list definitions",
				Action: action(clk, workflowList), Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "dir", Usage: "only definitions in directory `D`"},
					&cli.StringFlag{Name: "query", Aliases: []string{"q"}, Usage: "only definitions matching `TEXT`"},
				}, pageFlags()...)},
			{Name: "files", Usage: "show the xmlconfig files the server scanned, with their problems",
				Action: action(clk, workflowFiles)},
			{Name: "reset", Usage: "clear dependency flags and recompute the next fire",
				ArgsUsage: "NAME", Action: action(clk, workflowReset)},
			workflowEnableCommand(clk, true), workflowEnableCommand(clk, false),
			{Name: "trigger", Usage: "start an instance as the coordinator would (sets downstream flags); prints its id",
				ArgsUsage: "NAME", Action: action(clk, workflowTrigger), Flags: []cli.Flag{
					paramFlag(),
					&cli.StringSliceFlag{Name: "ignore-node", Usage: "skip action `NODE` (repeat, or a,b)"},
				}},
			{Name: "run", Usage: "start an ad-hoc instance that affects no downstream workflow; prints its id",
				ArgsUsage: "NAME", Action: action(clk, workflowRun), Flags: []cli.Flag{paramFlag()}},
			{Name: "backfill", Usage: "start one instance per schedule slot in [--from, --to)",
				ArgsUsage: "NAME", Action: action(clk, workflowBackfill), Flags: []cli.Flag{
					&cli.StringFlag{Name: "from", Usage: "first slot `TIME` (RFC 3339 or yyyy-MM-dd[ HH:mm[:ss]], local)"},
					&cli.StringFlag{Name: "to", Usage: "end `TIME`, exclusive"},
					&cli.IntFlag{Name: "parallel", Value: 1, Usage: "run at most `N` of them at once"},
				}},
		},
	}
}

func paramFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "param", Aliases: []string{"p"}, Usage: "parameter `KEY=VALUE` (repeat)"}
}

func pageFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "limit", Usage: "at most `N` rows (0: the server's default)"},
		&cli.IntFlag{Name: "offset", Usage: "skip the first `N` rows"},
	}
}
