package transfer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Batch limits: a batch is handed to one writer at a time; the feed holds two per writer,
// so memory stays near writers × 2 × BatchBytes whatever the table's size.
const (
	DefaultBatchRows  = 5000
	DefaultBatchBytes = 4 << 20
)

// OutputRows is the Result.Outputs key with the number of rows written, so a later node
// can use ${output:NODE.transfer.rows}.
const OutputRows = "transfer.rows"

// Executor runs <transfer> actions.
type Executor struct {
	reg        *executors.Registry // runs the legacy <script> form with the script executor
	dbs        DBs
	files      Files
	BatchRows  int
	BatchBytes int
}

// New returns a transfer executor. reg is where the legacy <script> form finds the script
// executor at run time.
func New(reg *executors.Registry, dbs DBs, files Files) *Executor {
	return &Executor{reg: reg, dbs: dbs, files: files, BatchRows: DefaultBatchRows, BatchBytes: DefaultBatchBytes}
}

// Register sets the transfer executor in reg.
func Register(reg *executors.Registry, dbs DBs, files Files) {
	reg.Register(workflows.ActionTransfer, New(reg, dbs, files))
}

// errWritersDone stops the reader once the writers returned (after a failure, early).
var errWritersDone = errors.New("the writers are done")

// afterError is a FILE target's <after> script failing once the file is in place.
type afterError struct {
	rows int64
	err  error
}

func (e *afterError) Error() string { return e.err.Error() }
func (e *afterError) Unwrap() error { return e.err }

// target is a DB table or a file being loaded.
type target interface {
	run(ctx context.Context, src []column, f *feed) (int64, error)
}

// Run moves the rows; see doc.go.
func (e *Executor) Run(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	body := t.Action.Transfer
	if body == nil {
		return failed("transfer node %s has no transfer body", t.Node)
	}
	if strings.TrimSpace(body.Script) != "" {
		return e.runScript(ctx, t, tio)
	}
	if body.Source == nil || body.Target == nil {
		return failed("transfer node %s needs a source and a target", t.Node)
	}
	log := newLogger(tio.Stdout)
	start := time.Now()
	n, from, to, err := e.transfer(ctx, t, tio, log)
	elapsed := time.Since(start)
	if ctx.Err() != nil {
		status, why := interruption(ctx)
		return executors.Result{Status: status, ExitCode: -1,
			Message: fmt.Sprintf("%s after %s; nothing was loaded into %s (rolled back)", why, elapsed.Round(time.Millisecond), orUnknown(to))}
	}
	var ae *afterError
	if errors.As(err, &ae) {
		log.printf("failed: %v", err)
		return executors.Result{Status: workflows.AttemptFailed, ExitCode: -1,
			Message: fmt.Sprintf("%d rows were written to %s, then %v", ae.rows, to, ae.err),
			Outputs: map[string]string{OutputRows: strconv.FormatInt(ae.rows, 10)}}
	}
	if err != nil {
		log.printf("failed: %v", err)
		return executors.Result{Status: workflows.AttemptFailed, ExitCode: -1,
			Message: fmt.Sprintf("transfer failed, nothing loaded into %s: %v", orUnknown(to), err)}
	}
	rate := ""
	if s := elapsed.Seconds(); s > 0 && n > 0 {
		rate = fmt.Sprintf(", %.0f rows/s", float64(n)/s)
	}
	msg := fmt.Sprintf("transferred %d rows from %s to %s in %s%s", n, from, to, elapsed.Round(time.Millisecond), rate)
	log.printf("%s", msg)
	return executors.Result{Status: workflows.AttemptSucceeded, ExitCode: 0, Message: msg,
		Outputs: map[string]string{OutputRows: strconv.FormatInt(n, 10)}}
}

// transfer opens both ends and runs the reader and the writers. from and to describe the
// ends for messages (to is known as soon as it is parsed, so a failure can name it).
func (e *Executor) transfer(ctx context.Context, t executors.Task, tio executors.TaskIO, log *logger) (n int64, from, to string, err error) {
	s, tg := t.Action.Transfer.Source, t.Action.Transfer.Target
	to = describeTarget(tg)
	src, from, closeSrc, err := e.openSource(ctx, s)
	if err != nil {
		return 0, from, to, err
	}
	defer closeSrc()
	cols := src.Columns()
	log.printf("reading %s: %d columns (%s)", from, len(cols), strings.Join(names(cols), ", "))

	tgt, writers, closeTgt, err := e.openTarget(ctx, t, tio, tg, log)
	if err != nil {
		return 0, from, to, err
	}
	defer closeTgt()

	if tg.Kind == workflows.EndpointFile && strings.TrimSpace(tg.Pre) != "" {
		log.printf("<pre> script")
		if err := runShell(ctx, "pre", tg.Pre, taskEnv(t), tio.Stdout, tio.Stderr); err != nil {
			return 0, from, to, err
		}
	}

	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	f := newFeed(writers)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.produce(runCtx, src, max(1, e.BatchRows), max(1, e.BatchBytes))
	}()
	n, err = tgt.run(runCtx, cols, f)
	cancel(errWritersDone)
	f.drain()
	wg.Wait()
	if ferr := f.Err(); ferr != nil && ctx.Err() == nil && !errors.Is(ferr, errWritersDone) && err != nil {
		// The reader's failure (a ragged line, a lost source connection) is the cause;
		// the writer only saw its consequence.
		err = ferr
	}
	if err != nil {
		return 0, from, to, err
	}
	if tg.Kind == workflows.EndpointFile && strings.TrimSpace(tg.After) != "" {
		log.printf("<after> script")
		if err := runShell(ctx, "after", tg.After, taskEnv(t), tio.Stdout, tio.Stderr); err != nil {
			return n, from, to, &afterError{rows: n, err: err}
		}
	}
	return n, from, to, nil
}
