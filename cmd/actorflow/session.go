package main

import (
	"context"
	"io"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// session is what one client command needs: the API, where to write, and how.
type session struct {
	ctx    context.Context
	api    *client.Client
	in     io.Reader
	out    io.Writer // results only: tables or JSON
	errOut io.Writer // warnings, problems, diagnostics
	json   bool
	now    time.Time
	loc    *time.Location
}

// action adapts a client command to cli, building its session from the global options.
func action(clk clock, fn func(s *session, c *cli.Context) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		s, err := newSession(c, clk)
		if err != nil {
			return err
		}
		return fn(s, c)
	}
}

func newSession(c *cli.Context, clk clock) (*session, error) {
	format := globalString(c, flagOutput)
	if format != "table" && format != "json" {
		return nil, usageErrorf(c, "unknown output format %q: want table or json", format)
	}
	api := client.New(globalString(c, flagServer),
		client.WithToken(globalString(c, flagToken)),
		client.WithTimeout(globalDuration(c, flagTimeout)))
	return &session{
		ctx: c.Context, api: api, in: c.App.Reader, out: c.App.Writer, errOut: c.App.ErrWriter,
		json: format == "json", now: clk.now(), loc: clk.loc,
	}, nil
}

// exactArgs returns the command's positional arguments when there are exactly n of them; the
// error names what is missing, as the command's ArgsUsage does.
func exactArgs(c *cli.Context, n int) ([]string, error) {
	if c.NArg() != n {
		return nil, usageErrorf(c, "%s takes %s (got %d argument(s))", c.Command.HelpName, c.Command.ArgsUsage, c.NArg())
	}
	return c.Args().Slice(), nil
}

// oneArg is exactArgs for the common single NAME or ID.
func oneArg(c *cli.Context) (string, error) {
	args, err := exactArgs(c, 1)
	if err != nil {
		return "", err
	}
	return args[0], nil
}
