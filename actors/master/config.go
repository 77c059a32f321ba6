package master

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/metrics"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// Log is where every durable change goes: the Raft log in a cluster and in standalone mode
// alike. Apply returns after the commands are committed and applied to the FSM, as one atomic
// entry, or with an error. It is called from one goroutine at a time (the committer's).
type Log interface {
	Apply(ctx context.Context, cmds ...store.Command) error
}

// Clock is the master's only source of time, so tests drive time with a fake.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine once d has elapsed (at once for d ≤ 0).
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending AfterFunc call.
type Timer interface {
	// Stop prevents the call if it has not happened yet and reports whether it did so.
	Stop() bool
}

// Observer receives metrics. *metrics.Registry implements it; every method must be cheap and
// must not block (it is called from actor mailboxes).
type Observer interface {
	SetInstances(s workflows.InstanceStatus, n int)
	TaskFinished(s workflows.AttemptStatus)
	ObserveDispatch(d time.Duration)
	SetQueueDepth(n int)
	CoordinatorFired(k metrics.FireKind)
}

// Worker describes a worker the master may place tasks on.
type Worker struct {
	Name  string
	PID   *actor.PID
	Slots int // concurrent tasks; ≤ 0 counts as 1
	// Labels the worker offers. An action runs only where every one of its labels is offered
	// (exact string match; the composition root flattens key=value labels to "key=value").
	Labels []string
	Host   string // host name or address an action's host attribute may pin to
	// Draining workers take no new tasks; their running ones finish and are accepted.
	Draining bool
}

// Retention says how long finished instances are kept.
type Retention struct {
	MaxAge          time.Duration // default 30 days
	KeepPerWorkflow int           // newest finished instances kept per workflow; 0 = no limit
}

// Config is everything the master needs. Log, Store and Clock are required.
type Config struct {
	Log   Log
	Store store.Reader
	Clock Clock
	// Term is the Raft term this master serves in; every task message carries it so workers
	// can ignore a deposed master.
	Term    uint64
	Workers []Worker
	// XMLConfigDir resolves relative script attachments of definitions loaded from files (and
	// of API uploads, which have no directory of their own).
	XMLConfigDir string
	// GlobalParallelism caps running instances across all workflows; 0 = unlimited.
	GlobalParallelism int
	Retention         Retention
	// NewID makes instance and group ids; they must sort by creation time. Default NewID.
	NewID    func() string
	Location *time.Location // default time.Local: zone of params and of crons without a timezone
	Logger   *slog.Logger   // default slog.Default()
	Observer Observer       // optional
	// Notifier, if set, hears of finished instances and node retries (completion mails and
	// retry alerts, see notify.go); its methods must not block.
	Notifier Notifier

	// HostWait is how long an action pinned to a host (or needing labels) no registered worker
	// offers waits for one before its attempt fails. Default 30 s.
	HostWait time.Duration
	// WorkerAskTimeout bounds each WorkerStatusRequest at activation. Default 5 s.
	WorkerAskTimeout time.Duration
	// RetentionEvery is the period of the retention prune. Default 1 h.
	RetentionEvery time.Duration
	// Fatal classifies Log errors: true means this master must stop (not the leader any more,
	// or the outcome is unknown). Default: DefaultFatal.
	Fatal func(error) bool
	// OnDeposed, if set, is called once (from the master's mailbox; it must not block) when a
	// fatal Log error stopped the master.
	OnDeposed func(error)

	// onDecide, if set, is called for every coordinator evaluation (tests count them).
	onDecide func(coordinator string)
}

// Default values.
const (
	DefaultMaxAge           = 30 * 24 * time.Hour
	DefaultHostWait         = 30 * time.Second
	DefaultWorkerAskTimeout = 5 * time.Second
	DefaultRetentionEvery   = time.Hour
)

// DefaultFatal treats a Log error as fatal when it is unavailable or timeout (the composition
// root maps raft's not-leader, leadership-lost and shutdown errors to CodeUnavailable), or a
// context error (the outcome is unknown). Other errors are deterministic rejections of the
// entry: nothing was applied, and the master keeps going.
func DefaultFatal(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var e *workflows.Error
	if !errors.As(err, &e) {
		return true // an untyped error from the log is not known to be a clean rejection
	}
	return e.Code == workflows.CodeUnavailable || e.Code == workflows.CodeTimeout
}

// withDefaults returns c with every optional field filled, or an error naming a missing one.
func (c Config) withDefaults() (Config, error) {
	switch {
	case c.Log == nil:
		return c, errors.New("master: Config.Log is required")
	case c.Store == nil:
		return c, errors.New("master: Config.Store is required")
	case c.Clock == nil:
		return c, errors.New("master: Config.Clock is required")
	}
	if c.Retention.MaxAge <= 0 {
		c.Retention.MaxAge = DefaultMaxAge
	}
	if c.NewID == nil {
		c.NewID = NewID
	}
	if c.Location == nil {
		c.Location = time.Local
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
	if c.HostWait <= 0 {
		c.HostWait = DefaultHostWait
	}
	if c.WorkerAskTimeout <= 0 {
		c.WorkerAskTimeout = DefaultWorkerAskTimeout
	}
	if c.RetentionEvery <= 0 {
		c.RetentionEvery = DefaultRetentionEvery
	}
	if c.Fatal == nil {
		c.Fatal = DefaultFatal
	}
	return c, nil
}

type nopObserver struct{}

func (nopObserver) SetInstances(workflows.InstanceStatus, int) {}
func (nopObserver) TaskFinished(workflows.AttemptStatus)       {}
func (nopObserver) ObserveDispatch(time.Duration)              {}
func (nopObserver) SetQueueDepth(int)                          {}
func (nopObserver) CoordinatorFired(metrics.FireKind)          {}
