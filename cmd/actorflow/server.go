package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/workflows/executors/mail"
)

// serverCommands returns the server-role commands: standalone (every role in one process)
// and the four roles of a cluster.
func serverCommands() []*cli.Command {
	return []*cli.Command{standaloneCommand(),
		roleCommand("master", "run a controller (Raft voter; it leads unless another controller already does)",
			func(c *cli.Context) error { return runController(c, "master") }),
		roleCommand("standby", "run a controller that stands by (the same process as master: Raft decides who leads)",
			func(c *cli.Context) error { return runController(c, "standby") }),
		roleCommand("worker", "run a worker: executes tasks the master places on it", runWorkerNode),
		roleCommand("http", "serve the API and web UI by asking the current master", runHTTPNode),
	}
}

func roleCommand(name, usage string, action cli.ActionFunc) *cli.Command {
	return &cli.Command{
		Name: name, Category: "server", Usage: usage,
		Description: "Joins the gossip cluster given by --join. Flags win over environment variables,\n" +
			"which win over the config file (--config: key = value lines, keys named like the flags).",
		Flags:  append(serverFlags(), clusterFlags()...),
		Action: action,
	}
}

func standaloneCommand() *cli.Command {
	return &cli.Command{
		Name:     "standalone",
		Category: "server",
		Usage:    "run master, worker and HTTP API in one process (one-voter Raft group)",
		Description: "Flags win over environment variables, which win over the config file\n" +
			"(--config, default $ACTORFLOW_HOME/actorflow.conf: key = value lines, keys named like the flags).",
		Flags:  serverFlags(),
		Action: func(c *cli.Context) error { return runStandalone(c) },
	}
}

func serverFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", EnvVars: []string{"ACTORFLOW_CONFIG"}, Usage: "config file (key = value)"},
		&cli.StringFlag{Name: "home", EnvVars: []string{"ACTORFLOW_HOME"}, Value: "./data", Usage: "data, logs and work directories"},
		&cli.StringFlag{Name: "conf-dir", EnvVars: []string{"ACTORFLOW_CONF_DIR"}, Value: "./conf", Usage: "akkaflow's conf directory: db_links.xml and file_links.xml, each optional (like akkaflow's conf/ beside xmlconfig/)"},
		&cli.StringFlag{Name: "xmlconfig", EnvVars: []string{"ACTORFLOW_XMLCONFIG"}, Value: "./xmlconfig", Usage: "directory of workflow XML files (scanned recursively)"},
		&cli.StringFlag{Name: "http", EnvVars: []string{"ACTORFLOW_HTTP_ADDR"}, Value: "127.0.0.1:8090", Usage: "HTTP API address"},
		&cli.StringFlag{Name: "api-token", EnvVars: []string{"ACTORFLOW_API_TOKEN"}, Usage: "bearer token required by mutating API calls"},
		&cli.StringFlag{Name: "raft-addr", EnvVars: []string{"ACTORFLOW_RAFT_ADDR"}, Value: "127.0.0.1:0", Usage: "Raft transport address (port 0: pick one, then keep it)"},
		&cli.IntFlag{Name: "slots", EnvVars: []string{"ACTORFLOW_SLOTS"}, Value: 8, Usage: "concurrent tasks of the worker"},
		&cli.IntFlag{Name: "parallelism", EnvVars: []string{"ACTORFLOW_PARALLELISM"}, Usage: "running instances across all workflows (0: unlimited)"},
		&cli.GenericFlag{Name: "retention", EnvVars: []string{"ACTORFLOW_RETENTION"}, Value: seconds(30 * 24 * time.Hour), Usage: "keep finished instances this long"},
		&cli.IntFlag{Name: "keep-per-workflow", EnvVars: []string{"ACTORFLOW_KEEP_PER_WORKFLOW"}, Usage: "keep at most this many finished instances per workflow (0: no limit)"},
		&cli.IntFlag{Name: "log-limit-mib", EnvVars: []string{"ACTORFLOW_LOG_LIMIT_MIB"}, Value: 16, Usage: "output kept per attempt and stream (head and tail)"},
		&cli.GenericFlag{Name: "kill-grace", EnvVars: []string{"ACTORFLOW_KILL_GRACE"}, Value: seconds(5 * time.Second), Usage: "SIGTERM to SIGKILL delay when a task is killed"},
		&cli.GenericFlag{Name: "stop-grace", EnvVars: []string{"ACTORFLOW_STOP_GRACE"}, Value: seconds(30 * time.Second), Usage: "on shutdown, running tasks may finish within this; then they are killed"},
		&cli.GenericFlag{Name: "rescan", EnvVars: []string{"ACTORFLOW_RESCAN"}, Value: seconds(30 * time.Second), Usage: "periodic full rescan of xmlconfig (besides fsnotify)"},
		&cli.StringFlag{Name: "log-level", EnvVars: []string{"ACTORFLOW_LOG_LEVEL"}, Value: "info", Usage: "debug, info, warn or error"},
	}
}

// serverConfig is the resolved configuration of a server process.
type serverConfig struct {
	Home, XMLConfig, HTTPAddr, APIToken, RaftAddr    string
	Slots, Parallelism, KeepPerWorkflow, LogLimitMiB int
	Retention, KillGrace, StopGrace, Rescan          time.Duration
	LogLevel                                         string
	ConfDir                                          string      // db_links.xml, file_links.xml
	Mail                                             mail.Config // from the mail.* keys of the config file
}

// loadServerConfig applies the precedence flags > environment > file > defaults. cli resolves
// flags and environment (IsSet is true for both); the file fills what neither set.
func loadServerConfig(c *cli.Context) (serverConfig, error) {
	file, err := readConfigFile(c)
	if err != nil {
		return serverConfig{}, err
	}
	for key, value := range file.values {
		if c.IsSet(key) {
			continue
		}
		if err := c.Set(key, value); err != nil {
			return serverConfig{}, fmt.Errorf("%s:%d: %s = %q: %w", file.path, file.lines[key], key, value, err)
		}
	}
	// Tasks run in their own working directories, so every path handed to them (the script
	// file, the output file) must not depend on the server's current directory.
	home, err := filepath.Abs(c.String("home"))
	if err != nil {
		return serverConfig{}, err
	}
	xmlconfig, err := filepath.Abs(c.String("xmlconfig"))
	if err != nil {
		return serverConfig{}, err
	}
	confDir, err := filepath.Abs(c.String("conf-dir"))
	if err != nil {
		return serverConfig{}, err
	}
	mailCfg, err := file.mailConfig()
	if err != nil {
		return serverConfig{}, err
	}
	return serverConfig{
		ConfDir: confDir, Mail: mailCfg,
		Home: home, XMLConfig: xmlconfig, HTTPAddr: c.String("http"),
		APIToken: c.String("api-token"), RaftAddr: c.String("raft-addr"),
		Slots: c.Int("slots"), Parallelism: c.Int("parallelism"),
		KeepPerWorkflow: c.Int("keep-per-workflow"), LogLimitMiB: c.Int("log-limit-mib"),
		Retention: durationOf(c, "retention"), KillGrace: durationOf(c, "kill-grace"),
		StopGrace: durationOf(c, "stop-grace"), Rescan: durationOf(c, "rescan"),
		LogLevel: c.String("log-level"),
	}, nil
}

// invalidf is a configuration mistake found before starting: exit code 2.
func invalidf(format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}
