package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// clock says when and where the CLI thinks it is: tables show local times and the age of
// running things. Tests pass a fixed one.
type clock struct {
	now func() time.Time
	loc *time.Location
}

func systemClock() clock { return clock{now: time.Now, loc: time.Local} }

// newApp builds the whole command tree: the server-role commands the composition root wires,
// then the client commands, which talk to a server only through the HTTP client.
func newApp(serverCommands ...*cli.Command) *cli.App {
	return newAppWith(systemClock(), serverCommands...)
}

func newAppWith(clk clock, serverCommands ...*cli.Command) *cli.App {
	clientCommands := []*cli.Command{
		workflowCommand(clk), instanceCommand(clk), frontCommand(clk), clusterCommand(clk),
		monitorCommand(clk),
	}
	for _, c := range clientCommands {
		c.Category = "client (talk to a server over HTTP)"
	}
	walk(clientCommands, func(c *cli.Command) {
		if len(c.Subcommands) == 0 {
			c.Flags = append(c.Flags, leafGlobalFlags()...)
		}
	})
	app := &cli.App{
		Name:  "actorflow",
		Usage: "distributed, highly available workflow scheduler (akkaflow's XML, Go's runtime)",
		Description: "Client commands reach the server given by --server (or $ACTORFLOW_ADDR);\n" +
			"global options may also follow a command: actorflow instance search -o json.",
		Flags:    rootFlags(),
		Commands: append(append([]*cli.Command{}, serverCommands...), clientCommands...),
		// "-p list=a,b" is one parameter whose value has a comma, not two.
		DisableSliceFlagSeparator: true,
		CustomAppHelpTemplate:     cli.AppHelpTemplate + exitCodesHelp,
		ExitErrHandler:            func(*cli.Context, error) {}, // run maps errors to exit codes, once
		OnUsageError:              onUsageError,
		Action:                    groupAction,
		Suggest:                   true,
	}
	walk(app.Commands, func(c *cli.Command) {
		if c.OnUsageError == nil {
			c.OnUsageError = onUsageError
		}
		if len(c.Subcommands) > 0 && c.Action == nil {
			c.Action = groupAction
		}
	})
	return app
}

// walk visits every command of the tree, parents first.
func walk(cmds []*cli.Command, fn func(*cli.Command)) {
	for _, c := range cmds {
		fn(c)
		walk(c.Subcommands, fn)
	}
}

// groupAction runs for "actorflow" or a command group given no known subcommand: help when
// nothing was asked, a usage error (exit 2) for a name that is not a command. cli's default
// would answer an unknown name with exit code 3, which here means "not found".
func groupAction(c *cli.Context) error {
	if name := c.Args().First(); name != "" {
		cmds := c.App.Commands
		if c.Command != nil && len(c.Command.Subcommands) > 0 {
			cmds = c.Command.Subcommands
		}
		return usageErrorf(c, "unknown command %q. %s", name, cli.SuggestCommand(cmds, name))
	}
	if c.Command == nil || c.Command.HelpName == c.App.HelpName {
		return cli.ShowAppHelp(c)
	}
	return cli.ShowSubcommandHelp(c)
}

// run executes app with args (args[0] is the program name) and returns the exit code. It is
// what main and the tests call: it lets flags follow arguments, and prints an error once.
func run(ctx context.Context, app *cli.App, args []string) int {
	err := app.RunContext(ctx, reorderArgs(app, args))
	if err == nil {
		return exitOK
	}
	if _, done := errors.AsType[reported](err); !done {
		printError(errWriter(app), err)
	}
	return exitCode(err)
}

// printError writes "actorflow: message" and, for a rejected request, every problem the
// server found that its message does not already say.
func printError(w io.Writer, err error) {
	msg := err.Error()
	fmt.Fprintf(w, "actorflow: %s\n", msg)
	if ce, ok := errors.AsType[*client.Error](err); ok {
		for _, p := range ce.Problems {
			if !strings.Contains(msg, p.Message) {
				fmt.Fprintf(w, "  %s\n", formatProblem(p.File, p))
			}
		}
	}
}

func errWriter(app *cli.App) io.Writer {
	if app.ErrWriter != nil {
		return app.ErrWriter
	}
	return os.Stderr
}
