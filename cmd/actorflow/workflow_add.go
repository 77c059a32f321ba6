package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// submitFunc sends one definition: AddWorkflow or CheckWorkflow.
type submitFunc func(s *session, d definition) (apiv1.PutWorkflowResponse, error)

func workflowAdd(s *session, c *cli.Context) error {
	return submitEach(s, c, func(s *session, d definition) (apiv1.PutWorkflowResponse, error) {
		return s.api.AddWorkflow(s.ctx, d.xml, d.path)
	}, func(d definition, r apiv1.PutWorkflowResponse) string {
		verb := "updated"
		if r.Created {
			verb = "created"
		}
		return fmt.Sprintf("%s workflow %s from %s", verb, r.Name, d.label)
	})
}

func workflowCheck(s *session, c *cli.Context) error {
	return submitEach(s, c, func(s *session, d definition) (apiv1.PutWorkflowResponse, error) {
		return s.api.CheckWorkflow(s.ctx, d.xml)
	}, func(d definition, r apiv1.PutWorkflowResponse) string {
		what := "would replace the loaded definition"
		if r.Created {
			what = "new"
		}
		return fmt.Sprintf("%s: valid: workflow %s (%s)", d.label, r.Name, what)
	})
}

// submitEach sends every FILE, even after one fails, so a single run shows every problem of
// every file; problems and warnings go to stderr as file:line:col lines. The exit code is the
// first failure's. An unreachable server or a refused token stops early: every later file
// would fail the same way.
func submitEach(s *session, c *cli.Context, submit submitFunc, done func(definition, apiv1.PutWorkflowResponse) string) error {
	if c.NArg() == 0 {
		return usageErrorf(c, "%s needs at least one FILE", c.Command.HelpName)
	}
	var first error
	for _, arg := range c.Args().Slice() {
		err := submitOne(s, arg, submit, done)
		if err == nil {
			continue
		}
		if first == nil {
			first = err
		}
		if client.IsUnavailable(err) || client.IsUnauthorized(err) {
			break
		}
	}
	if first != nil {
		return reported{first}
	}
	return nil
}

func submitOne(s *session, arg string, submit submitFunc, done func(definition, apiv1.PutWorkflowResponse) string) error {
	d, err := s.readDefinition(arg)
	if err != nil {
		fmt.Fprintf(s.errOut, "actorflow: %v\n", err)
		return err
	}
	r, err := submit(s, d)
	if err != nil {
		s.reportRejected(d.label, err)
		return err
	}
	for _, w := range r.Warnings {
		fmt.Fprintln(s.errOut, formatProblem(d.label, w))
	}
	if s.json {
		return s.printJSON(r)
	}
	_, err = fmt.Fprintln(s.out, done(d, r))
	return err
}

// reportRejected prints every problem of a rejected definition, or the reason it could not be
// checked at all.
func (s *session) reportRejected(label string, err error) {
	ce, ok := errors.AsType[*client.Error](err)
	if !ok || len(ce.Problems) == 0 {
		fmt.Fprintf(s.errOut, "actorflow: %s: %v\n", label, err)
		return
	}
	for _, p := range ce.Problems {
		fmt.Fprintln(s.errOut, formatProblem(label, p))
	}
}
