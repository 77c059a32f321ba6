package executors

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// runAttempt is the part the process executors share: check the task, prepare the working
// directory, build the command there, run it and turn what happened into a Result.
// build receives the working directory and returns argv.
func runAttempt(ctx context.Context, cfg Config, t Task, tio TaskIO, build func(dir string) ([]string, error)) Result {
	if ctx.Err() != nil {
		return interrupted(ctx)
	}
	if err := checkTask(t); err != nil {
		return failed("%v", err)
	}
	dir, err := prepareWorkdir(cfg.WorkRoot, t)
	if err != nil {
		return failed("%v", err)
	}
	argv, err := build(dir)
	if err != nil {
		return failed("%v", err)
	}
	outputPath := filepath.Join(dir, OutputFileName)
	o := cfg.runner()(ctx, proc{argv: argv, dir: dir, env: taskEnv(cfg.baseEnv(), t, dir, outputPath)}, tio, cfg.grace())
	if o.startErr != nil {
		if ctx.Err() != nil {
			return interrupted(ctx)
		}
		return failed("cannot start %s: %v", argv[0], o.startErr)
	}
	return finishResult(ctx, o, outputPath)
}

// finishResult classifies the outcome and attaches the outputs and notes.
func finishResult(ctx context.Context, o outcome, outputPath string) Result {
	var r Result
	switch {
	case o.interrupted:
		r = interrupted(ctx)
	case o.state == nil:
		r = failed("lost track of the process: %v", o.waitErr)
	case o.state.Success():
		r = Result{Status: workflows.AttemptSucceeded, ExitCode: 0, Message: "exit code 0"}
	default:
		r = Result{Status: workflows.AttemptFailed, ExitCode: o.state.ExitCode(), Message: exitSummary(o.state)}
	}
	outputs, note, err := readOutputs(outputPath)
	r.Outputs = outputs
	notes := o.notes
	if note != "" {
		notes = append(notes, note)
	}
	if err != nil {
		if r.Status == workflows.AttemptSucceeded {
			// Downstream nodes depend on these values; running them on nothing is worse
			// than failing here where the cause is visible.
			r.Status = workflows.AttemptFailed
		}
		notes = append(notes, err.Error())
	}
	if len(notes) > 0 {
		r.Message += "; " + strings.Join(notes, "; ")
	}
	if r.Status != workflows.AttemptSucceeded && r.Status != workflows.AttemptKilled && o.stderrTail != "" {
		r.Message += fmt.Sprintf("\nlast stderr lines:\n%s", o.stderrTail)
	}
	return r
}
