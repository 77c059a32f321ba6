package main

import (
	"time"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// Global option names. They are defined on the app (with environment variables and defaults)
// and again, bare, on every client leaf command, so they may be written before or after the
// command; the value given nearest the command wins.
const (
	flagServer  = "server"
	flagToken   = "token"
	flagOutput  = "output"
	flagTimeout = "timeout"

	defaultServer = "http://127.0.0.1:8090"
)

func rootFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagServer, Value: defaultServer, EnvVars: []string{"ACTORFLOW_ADDR"},
			Usage: "`URL` of an actorflow server (any node serving HTTP)"},
		&cli.StringFlag{Name: flagToken, EnvVars: []string{"ACTORFLOW_API_TOKEN"},
			Usage: "API bearer `TOKEN`"},
		&cli.StringFlag{Name: flagOutput, Aliases: []string{"o"}, Value: "table",
			Usage: "output `FORMAT`: table or json (the API's value, unchanged)"},
		&cli.DurationFlag{Name: flagTimeout, Value: client.DefaultTimeout,
			Usage: "give up on a request after `DURATION` (0: never)"},
	}
}

// leafGlobalFlags are the global options as a command accepts them: no defaults and no
// environment, so that "not given here" falls back to the app's value.
func leafGlobalFlags() []cli.Flag {
	const cat = "global (may also come before the command)"
	return []cli.Flag{
		&cli.StringFlag{Name: flagServer, Category: cat, Usage: "`URL` of an actorflow server"},
		&cli.StringFlag{Name: flagToken, Category: cat, Usage: "API bearer `TOKEN`"},
		&cli.StringFlag{Name: flagOutput, Aliases: []string{"o"}, Category: cat, Usage: "output `FORMAT`: table or json"},
		&cli.DurationFlag{Name: flagTimeout, Category: cat, Usage: "request timeout `DURATION`",
			DefaultText: client.DefaultTimeout.String()},
	}
}

// globalValue returns a global option from the nearest context that set it (on the command
// line, or through its environment variable), else the app's default.
func globalValue(c *cli.Context, name string) any {
	lineage := c.Lineage()
	for _, x := range lineage {
		if x.IsSet(name) {
			return x.Value(name)
		}
	}
	for _, x := range lineage[1:] { // above the leaf, whose bare copy has no default
		if v := x.Value(name); v != nil {
			return v
		}
	}
	return nil
}

func globalString(c *cli.Context, name string) string {
	s, _ := globalValue(c, name).(string)
	return s
}

func globalDuration(c *cli.Context, name string) time.Duration {
	d, _ := globalValue(c, name).(time.Duration)
	return d
}
