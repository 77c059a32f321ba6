package worker

import (
	"errors"
	"log/slog"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// ActorName is the name the composition root spawns the worker under, so peers can build
// its PID from a node's remote address alone (reference/stack.md, recommended wiring).
const ActorName = "worker"

// DefaultSlots is the number of attempts a worker runs at once when Config.Slots is unset.
const DefaultSlots = 8

// Config describes one worker. Name, WorkRoot and LogRoot are required.
type Config struct {
	// Name identifies the worker in every event it sends and names its records of running
	// process groups; a restarted worker must keep its name to find what it left behind.
	Name string
	// Slots is how many attempts run at once; ≤ 0 means DefaultSlots.
	Slots int
	// Labels are published in the membership metadata for placement; the actor itself
	// does not use them.
	Labels map[string]string
	// WorkRoot holds the attempts' working directories and this worker's records of
	// running process groups (under a dot directory, which SafeName never produces).
	WorkRoot string
	// LogRoot holds one directory per attempt with stdout.log and stderr.log (LogDir),
	// each created with its stream's first byte. It may equal WorkRoot: the logs then sit
	// in the attempt's working directory, which saves two directories per attempt with
	// output; the task sees them there, and an attachment named like a log would be
	// overwritten by the output.
	LogRoot string
	// LogLimit caps each stream's log of one attempt; ≤ 0 means executors.DefaultLogLimit.
	LogLimit int64
	// Executors runs the attempts, usually an *executors.Registry. nil means
	// executors.DefaultRegistry over WorkRoot and KillGrace.
	Executors executors.Executor
	// KillGrace is the SIGTERM → SIGKILL delay of the default registry; ignored when
	// Executors is set (the registry's executors carry their own).
	KillGrace time.Duration
	// Now is the clock for event times; nil means time.Now. It is called from task
	// goroutines too, so it must be safe for concurrent use.
	Now func() time.Time
	// Logger receives the worker's diagnostics; nil means slog.Default().
	Logger *slog.Logger
	// Observer hears about task starts and ends, for metrics; nil means none.
	Observer Observer
	// KeepFiles: an instance's working and log directories untouched this long are removed
	// (the server passes its retention); ≤ 0 keeps them for ever.
	KeepFiles time.Duration
	// HousekeepEvery is the period of that removal; ≤ 0 means DefaultHousekeepEvery.
	HousekeepEvery time.Duration
}

// Observer is told about attempts as the worker reports them. The lead wires Prometheus
// behind it without this package importing it. Calls come from the worker's mailbox: they
// must be quick and must not call back into the worker.
type Observer interface {
	// TaskStarted: the attempt's process started.
	TaskStarted(ref Ref)
	// TaskFinished: the attempt ended with a terminal status after d (from its process
	// start, or from its acceptance when no process started).
	TaskFinished(ref Ref, status workflows.AttemptStatus, d time.Duration)
}

type nopObserver struct{}

func (nopObserver) TaskStarted(Ref)                                          {}
func (nopObserver) TaskFinished(Ref, workflows.AttemptStatus, time.Duration) {}

// withDefaults checks the required fields and fills in the rest.
func (c Config) withDefaults() (Config, error) {
	var errs []error
	if c.Name == "" {
		errs = append(errs, errors.New("worker: Name is required"))
	}
	if c.HousekeepEvery <= 0 {
		c.HousekeepEvery = DefaultHousekeepEvery
	}
	if c.WorkRoot == "" {
		errs = append(errs, errors.New("worker: WorkRoot is required"))
	}
	if c.LogRoot == "" {
		errs = append(errs, errors.New("worker: LogRoot is required"))
	}
	if len(errs) > 0 {
		return c, errors.Join(errs...)
	}
	if c.Slots <= 0 {
		c.Slots = DefaultSlots
	}
	if c.Executors == nil {
		c.Executors = executors.DefaultRegistry(executors.Config{WorkRoot: c.WorkRoot, KillGrace: c.KillGrace})
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
	return c, nil
}
