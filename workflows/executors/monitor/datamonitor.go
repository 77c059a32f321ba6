package monitor

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Result.Outputs keys of a data-monitor. Numbers are written with strconv's shortest 'g'
// form; min and max are absent when the monitor has no such bound.
const (
	OutputValue = "monitor.value"
	OutputMin   = "monitor.min"
	OutputMax   = "monitor.max"
	OutputOK    = "monitor.ok" // "true" when min <= value <= max
)

// DataMonitor runs <data-monitor> actions.
type DataMonitor struct{ d Deps }

// NewDataMonitor returns the data-monitor executor.
func NewDataMonitor(d Deps) *DataMonitor { return &DataMonitor{d: d} }

// dataRun is one attempt.
type dataRun struct {
	d       Deps
	t       executors.Task
	tio     executors.TaskIO
	started sync.Once
}

// measurement is one evaluation of the three probes.
type measurement struct {
	value          float64
	min, max       float64
	hasMin, hasMax bool
}

// Run implements executors.Executor: measure, optionally measure again after the
// re-check delay (any change fails the attempt: the data is still moving), then compare.
func (m *DataMonitor) Run(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	if ctx.Err() != nil {
		return executors.Interrupted(ctx)
	}
	if t.Action == nil || t.Action.DataMonitor == nil {
		return executors.Failed("task %s/%s is not a data-monitor action", t.InstanceID, t.Node)
	}
	b := t.Action.DataMonitor
	r := &dataRun{d: m.d, t: t, tio: tio}
	first, res, ok := r.measure(ctx, b)
	if !ok {
		return res
	}
	final := first
	if b.RecheckDelay > 0 {
		r.log("measured %s; measuring again in %s to check that the data is stable", first, b.RecheckDelay)
		if err := m.d.sleep(ctx, b.RecheckDelay); err != nil {
			return executors.Interrupted(ctx)
		}
		if final, res, ok = r.measure(ctx, b); !ok {
			return res
		}
		if final != first {
			res := executors.Failed("the data is not stable: %s at first, %s after %s", first, final, b.RecheckDelay)
			res.Outputs = final.outputs(false)
			return withWarn(res, b.WarnMsg)
		}
	}
	return judge(final, b)
}

// measure evaluates source, max and min (akkaflow's order); ok is false with the Result to
// return when a probe failed or the attempt was interrupted.
func (r *dataRun) measure(ctx context.Context, b *workflows.DataMonitorBody) (measurement, executors.Result, bool) {
	var ms measurement
	var err error
	if ms.value, err = r.evaluate(ctx, "source", b.Source); err != nil {
		return ms, r.probeFailed(ctx, err, b), false
	}
	if b.Max != nil {
		if ms.max, err = r.evaluate(ctx, "max", *b.Max); err != nil {
			return ms, r.probeFailed(ctx, err, b), false
		}
		ms.hasMax = true
	}
	if b.Min != nil {
		if ms.min, err = r.evaluate(ctx, "min", *b.Min); err != nil {
			return ms, r.probeFailed(ctx, err, b), false
		}
		ms.hasMin = true
	}
	return ms, executors.Result{}, true
}

func (r *dataRun) probeFailed(ctx context.Context, err error, b *workflows.DataMonitorBody) executors.Result {
	var pe *probeError
	switch {
	case errors.As(err, &pe) && pe.interrupted != nil:
		return *pe.interrupted
	case ctx.Err() != nil:
		return executors.Interrupted(ctx)
	}
	return withWarn(executors.Failed("%v", err), b.WarnMsg)
}

func (r *dataRun) log(format string, args ...any) {
	if r.tio.Stdout != nil {
		fmt.Fprintf(r.tio.Stdout, format+"\n", args...)
	}
}

// judge compares with inclusive bounds. Out of range fails the attempt when ExceedError is
// set (the default); otherwise the attempt succeeds and the message and monitor.ok say so.
func judge(ms measurement, b *workflows.DataMonitorBody) executors.Result {
	var why []string
	if ms.hasMin && ms.value < ms.min {
		why = append(why, "below the minimum "+formatNum(ms.min))
	}
	if ms.hasMax && ms.value > ms.max {
		why = append(why, "above the maximum "+formatNum(ms.max))
	}
	ok := len(why) == 0
	res := executors.Result{Status: workflows.AttemptSucceeded, ExitCode: 0, Outputs: ms.outputs(ok)}
	if ok {
		res.Message = fmt.Sprintf("value %s is within %s", formatNum(ms.value), ms.bounds())
		return res
	}
	res.Message = fmt.Sprintf("value %s is %s (allowed: %s)", formatNum(ms.value), strings.Join(why, " and "), ms.bounds())
	if b.ExceedError {
		res.Status, res.ExitCode = workflows.AttemptFailed, -1
	} else {
		res.Message += "; is-exceed-error is false, so the node succeeds"
	}
	return withWarn(res, b.WarnMsg)
}

func withWarn(r executors.Result, warn string) executors.Result {
	if warn = strings.TrimSpace(warn); warn != "" {
		r.Message += "\n" + warn
	}
	return r
}

func (ms measurement) outputs(ok bool) map[string]string {
	out := map[string]string{OutputValue: formatNum(ms.value), OutputOK: strconv.FormatBool(ok)}
	if ms.hasMin {
		out[OutputMin] = formatNum(ms.min)
	}
	if ms.hasMax {
		out[OutputMax] = formatNum(ms.max)
	}
	return out
}

func (ms measurement) bounds() string {
	lo, hi := "-∞", "+∞"
	if ms.hasMin {
		lo = formatNum(ms.min)
	}
	if ms.hasMax {
		hi = formatNum(ms.max)
	}
	return "[" + lo + ", " + hi + "]"
}

func (ms measurement) String() string {
	s := "value " + formatNum(ms.value)
	if ms.hasMin {
		s += ", min " + formatNum(ms.min)
	}
	if ms.hasMax {
		s += ", max " + formatNum(ms.max)
	}
	return s
}

func formatNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
