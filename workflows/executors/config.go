package executors

import (
	"context"
	"os"
	"time"
)

// DefaultKillGrace is how long a cancelled attempt's process group has between SIGTERM and
// SIGKILL.
const DefaultKillGrace = 5 * time.Second

// drainTimeout bounds how long Run keeps reading output after the process group is gone.
// Only a process that left the group (setsid) can still hold the pipes then.
const drainTimeout = 2 * time.Second

// Config is what the worker configures once for its process-based executors.
type Config struct {
	// WorkRoot holds the per-attempt working directories. Required.
	WorkRoot string
	// KillGrace is the SIGTERM → SIGKILL delay on cancel; zero or less means DefaultKillGrace.
	KillGrace time.Duration
	// BaseEnv is the environment tasks inherit; nil means the worker's own (os.Environ),
	// read at each Run.
	BaseEnv []string
	// Interpreter runs scripts without a shebang; empty means /bin/bash (akkaflow's default).
	Interpreter []string

	// run stands in for runProcess when set: benchmarks use it to time an attempt's
	// file work without the cost and noise of a real process.
	run func(ctx context.Context, p proc, tio TaskIO, grace time.Duration) outcome
}

func (c Config) runner() func(context.Context, proc, TaskIO, time.Duration) outcome {
	if c.run != nil {
		return c.run
	}
	return runProcess
}

func (c Config) grace() time.Duration {
	if c.KillGrace <= 0 {
		return DefaultKillGrace
	}
	return c.KillGrace
}

func (c Config) baseEnv() []string {
	if c.BaseEnv == nil {
		return os.Environ()
	}
	return c.BaseEnv
}

func (c Config) interpreter() []string {
	if len(c.Interpreter) == 0 {
		return []string{"/bin/bash"}
	}
	return c.Interpreter
}
