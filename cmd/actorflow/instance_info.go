package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

func instanceInfo(s *session, c *cli.Context) error {
	id, err := oneArg(c)
	if err != nil {
		return err
	}
	in, err := s.api.GetInstance(s.ctx, id)
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(in)
	}
	h := newTable(s.out)
	h.row("ID:", in.ID)
	h.row("Workflow:", in.Workflow)
	h.row("Status:", in.Status)
	h.row("Trigger:", in.Trigger)
	if in.Group != "" {
		h.row("Group:", in.Group)
	}
	h.row("Params:", pairs(in.Params))
	h.row("Scheduled:", s.when(in.Scheduled))
	h.row("Created:", s.when(in.Created))
	h.row("Started:", s.when(in.Started))
	h.row("Ended:", s.when(in.Ended))
	h.row("Duration:", s.span(in.Started, in.Ended))
	if in.Message != "" {
		h.row("Message:", clip(in.Message, 200))
	}
	if err := h.flush(); err != nil {
		return err
	}
	fmt.Fprintln(s.out, "\nNODES")
	t := newTable(s.out, "NAME", "KIND", "TYPE", "STATUS", "ATTEMPTS", "STARTED", "DURATION", "MESSAGE")
	for _, n := range in.Nodes {
		t.row(n.Name, n.Kind, n.Type, n.Status, attempts(n), s.when(n.Started), s.span(n.Started, n.Ended), clip(n.Message, 60))
	}
	return t.flush()
}

// attempts is the count, "-" for control nodes that never run as tasks.
func attempts(n apiv1.Node) string {
	if n.Attempts == 0 {
		return "-"
	}
	return fmt.Sprint(n.Attempts)
}
