package executors

import "context"

// Shell runs a <shell> action as `/bin/sh -c <command>` in the working directory.
type Shell struct{ cfg Config }

// NewShell returns the shell executor.
func NewShell(cfg Config) *Shell { return &Shell{cfg: cfg} }

// Run implements Executor.
func (s *Shell) Run(ctx context.Context, t Task, tio TaskIO) Result {
	if t.Action == nil || t.Action.Shell == nil {
		return failed("task %s/%s is not a shell action", t.InstanceID, t.Node)
	}
	command := t.Action.Shell.Command
	return runAttempt(ctx, s.cfg, t, tio, func(string) ([]string, error) {
		return []string{"/bin/sh", "-c", command}, nil
	})
}
