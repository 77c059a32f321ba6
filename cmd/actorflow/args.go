package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// reorderArgs moves each command level's flags ahead of its positional arguments, because
// cli/v2 stops parsing flags at the first argument and people write
// "workflow trigger daily -p dt=2024-05-01" or "instance log ID -f". A flag's value is kept
// with it (whether a flag takes one comes from its definition), "--" ends flag handling, and
// anything after an unknown command or a SkipFlagParsing command is left exactly as given.
func reorderArgs(app *cli.App, args []string) []string {
	if len(args) == 0 {
		return args
	}
	out := []string{args[0]}
	rest := args[1:]
	flags, cmds := app.Flags, app.Commands
	for {
		n := leadingFlags(rest, flags)
		out, rest = append(out, rest[:n]...), rest[n:]
		if len(rest) == 0 || rest[0] == "--" {
			return append(out, rest...)
		}
		cmd := findCommand(cmds, rest[0])
		if cmd == nil || cmd.SkipFlagParsing {
			return append(out, rest...)
		}
		out, rest = append(out, rest[0]), rest[1:]
		if len(cmd.Subcommands) == 0 {
			return append(out, interleaved(rest, cmd.Flags)...)
		}
		flags, cmds = cmd.Flags, cmd.Subcommands
	}
}

// leadingFlags counts the tokens at the start of args that are flags or their values.
func leadingFlags(args []string, flags []cli.Flag) int {
	i := 0
	for i < len(args) && isFlag(args[i]) {
		i += flagWidth(args[i], args[i+1:], flags)
	}
	return min(i, len(args))
}

// interleaved returns a leaf command's arguments with all flags first, in their order, then
// the positional arguments in theirs. A "--" stays a "--" placed after the flags, so whatever
// followed it is still read as arguments even when it starts with "-".
func interleaved(args []string, flags []cli.Flag) []string {
	var fl, pos []string
	dashdash := false
	for i := 0; i < len(args); {
		switch {
		case args[i] == "--":
			dashdash = true
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case isFlag(args[i]):
			w := min(flagWidth(args[i], args[i+1:], flags), len(args)-i)
			fl = append(fl, args[i:i+w]...)
			i += w
		default:
			pos = append(pos, args[i])
			i++
		}
	}
	if dashdash {
		fl = append(fl, "--")
	}
	return append(fl, pos...)
}

// isFlag: "-x", "--name", "--name=v"; a lone "-" (stdin) and "--" are not flags.
func isFlag(arg string) bool { return len(arg) > 1 && arg[0] == '-' && arg != "--" }

// flagWidth is 2 when the flag at arg takes its value from the next token, else 1.
func flagWidth(arg string, next []string, flags []cli.Flag) int {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") || len(next) == 0 {
		return 1
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				if tv, ok := f.(interface{ TakesValue() bool }); ok && tv.TakesValue() {
					return 2
				}
				return 1
			}
		}
	}
	return 1 // unknown: cli will reject it by name
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}
