package main

import "github.com/urfave/cli/v2"

// serverCommands returns the server-role commands (standalone, master, standby, worker, http).
// This stub lets the client side build and test on its own; the composition root replaces
// this file with the real wiring.
func serverCommands() []*cli.Command { return nil }
