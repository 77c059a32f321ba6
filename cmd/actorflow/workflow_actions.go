package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

func workflowDel(s *session, c *cli.Context) error {
	name, err := oneArg(c)
	if err != nil {
		return err
	}
	if err := s.api.DeleteWorkflow(s.ctx, name); err != nil {
		return err
	}
	return s.done("deleted workflow %s", name)
}

func workflowReset(s *session, c *cli.Context) error {
	name, err := oneArg(c)
	if err != nil {
		return err
	}
	if err := s.api.ResetWorkflow(s.ctx, name); err != nil {
		return err
	}
	return s.done("reset workflow %s", name)
}

func workflowTrigger(s *session, c *cli.Context) error {
	name, err := oneArg(c)
	if err != nil {
		return err
	}
	params, err := parseParams(c, c.StringSlice("param"))
	if err != nil {
		return err
	}
	created, err := s.api.TriggerWorkflow(s.ctx, name, apiv1.TriggerRequest{
		Params: params, IgnoreNodes: splitList(c.StringSlice("ignore-node"))})
	if err != nil {
		return err
	}
	return s.created(created)
}

func workflowRun(s *session, c *cli.Context) error {
	name, err := oneArg(c)
	if err != nil {
		return err
	}
	params, err := parseParams(c, c.StringSlice("param"))
	if err != nil {
		return err
	}
	created, err := s.api.RunWorkflow(s.ctx, name, apiv1.RunRequest{Params: params})
	if err != nil {
		return err
	}
	return s.created(created)
}

func workflowBackfill(s *session, c *cli.Context) error {
	name, err := oneArg(c)
	if err != nil {
		return err
	}
	if c.String("from") == "" || c.String("to") == "" {
		return usageErrorf(c, "%s needs --from and --to", c.Command.HelpName)
	}
	from, err := parseTime(c.String("from"), s.loc)
	if err != nil {
		return usageErrorf(c, "--from: %v", err)
	}
	to, err := parseTime(c.String("to"), s.loc)
	if err != nil {
		return usageErrorf(c, "--to: %v", err)
	}
	if !from.Before(to) {
		return usageErrorf(c, "--from (%s) must be before --to (%s)", from.Format(timeLayout), to.Format(timeLayout))
	}
	if c.Int("parallel") < 1 {
		return usageErrorf(c, "--parallel must be at least 1")
	}
	r, err := s.api.BackfillWorkflow(s.ctx, name, apiv1.BackfillRequest{
		From: apiv1.At(from), To: apiv1.At(to), Parallel: c.Int("parallel")})
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(r)
	}
	fmt.Fprintf(s.out, "backfill group %s: %d instance(s)\n", r.Group, len(r.Instances))
	for _, id := range r.Instances {
		fmt.Fprintln(s.out, id)
	}
	return nil
}

// done confirms an action that returns nothing. JSON mode prints nothing: the API answered
// no value, and the exit code already says it worked.
func (s *session) done(format string, args ...any) error {
	if s.json {
		return nil
	}
	_, err := fmt.Fprintf(s.out, format+"\n", args...)
	return err
}

// created prints a new instance's id alone on a line, so id=$(actorflow workflow trigger x)
// works in scripts.
func (s *session) created(c apiv1.Created) error {
	if s.json {
		return s.printJSON(c)
	}
	_, err := fmt.Fprintln(s.out, c.ID)
	return err
}
