package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/client"
	"github.com/actorflow/actorflow/workflows"
)

// Exit codes scripts can rely on. This file is the only place that maps errors to them; doc.go
// and `actorflow help` list them for users.
const (
	exitOK           = 0
	exitInternal     = 1   // a bug or an unexpected fault
	exitInvalid      = 2   // bad flags or arguments, invalid XML, unknown parameter
	exitNotFound     = 3   // the workflow, instance or route does not exist
	exitConflict     = 4   // the request contradicts the current state
	exitUnavailable  = 5   // the server is unreachable, has no leader, or did not answer in time
	exitUnauthorized = 6   // the token is missing or wrong
	exitInterrupted  = 130 // Ctrl-C or SIGTERM, as shells report a death by SIGINT
)

// exitCodesHelp is appended to `actorflow help` (a text/template: no "{{" here).
const exitCodesHelp = `
EXIT CODES:
   0    ok
   1    unexpected or internal error
   2    invalid input: bad flags or arguments, invalid XML, unknown parameter
   3    not found
   4    conflict with the current state (e.g. killing a finished instance)
   5    server unavailable, unreachable, or no answer in time
   6    unauthorized (set --token or ACTORFLOW_API_TOKEN)
   130  interrupted
`

// exitCode maps an error returned by the app onto the codes above.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	var input *inputError
	if errors.As(err, &input) {
		return exitInvalid
	}
	var ce *client.Error
	code := workflows.CodeOf(err) // domain errors, e.g. from the server-role commands
	if errors.As(err, &ce) {
		code = client.Classify(err)
	} else if ec, ok := errors.AsType[cli.ExitCoder](err); ok && code == workflows.CodeInternal {
		return ec.ExitCode() // a server-role command chose its own code with cli.Exit
	}
	switch code {
	case workflows.CodeInvalid, workflows.CodeUnsupported:
		return exitInvalid
	case workflows.CodeNotFound:
		return exitNotFound
	case workflows.CodeConflict:
		return exitConflict
	case workflows.CodeUnavailable, workflows.CodeTimeout:
		return exitUnavailable
	case workflows.CodeUnauthorized:
		return exitUnauthorized
	}
	return exitInternal
}

// inputError is invalid input found before any request was sent: bad flags, missing arguments,
// an unreadable file. hint, when set, says where to read more.
type inputError struct {
	msg  string
	hint string
}

func (e *inputError) Error() string {
	if e.hint == "" {
		return e.msg
	}
	return e.msg + "\n" + e.hint
}

// usageErrorf reports a command-line mistake and points at the command's help.
func usageErrorf(c *cli.Context, format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...), hint: helpHint(c)}
}

func helpHint(c *cli.Context) string {
	name := "actorflow"
	if c != nil && c.Command != nil && c.Command.HelpName != "" {
		name = c.Command.HelpName
	}
	return fmt.Sprintf("Run '%s --help' for usage.", name)
}

// onUsageError replaces cli's "Incorrect Usage" page on stdout with a short error on stderr
// and exit code 2.
func onUsageError(c *cli.Context, err error, _ bool) error {
	return &inputError{msg: err.Error(), hint: helpHint(c)}
}

// reported marks an error whose details a command has already printed (every problem of every
// file); run prints nothing more but still exits with the error's code.
type reported struct{ error }

func (r reported) Unwrap() error { return r.error }
