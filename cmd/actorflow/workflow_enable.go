package main

import "github.com/urfave/cli/v2"

// workflowEnableCommand is "workflow enable NAME" (on) or "workflow disable NAME" (off): the
// operator's switch of a coordinator (POST /api/v1/workflows/{name}/enable|disable). akkaflow
// had no such command; its coordinators followed the XML's is-enabled only.
func workflowEnableCommand(clk clock, on bool) *cli.Command {
	if on {
		return &cli.Command{Name: "enable", Usage: "switch a workflow's coordinator back on (it fires on its schedule again)",
			ArgsUsage: "NAME", Action: action(clk, func(s *session, c *cli.Context) error { return workflowSetEnabled(s, c, true) })}
	}
	return &cli.Command{Name: "disable", Usage: "switch a workflow's coordinator off (trigger and run still work)",
		ArgsUsage: "NAME", Action: action(clk, func(s *session, c *cli.Context) error { return workflowSetEnabled(s, c, false) })}
}

func workflowSetEnabled(s *session, c *cli.Context, on bool) error {
	name, err := oneArg(c)
	if err != nil {
		return err
	}
	if on {
		if err := s.api.EnableWorkflow(s.ctx, name); err != nil {
			return err
		}
		return s.done("enabled workflow %s", name)
	}
	if err := s.api.DisableWorkflow(s.ctx, name); err != nil {
		return err
	}
	return s.done("disabled workflow %s", name)
}
