package monitor

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// maxCommandOutput bounds what a COMMAND probe's stdout may be; a number is short.
const maxCommandOutput = 64 << 10

// probeError is a probe that did not yield a number. interrupted holds the Result of a
// COMMAND probe whose process was killed, which the monitor passes on as it is.
type probeError struct {
	msg         string
	interrupted *executors.Result
}

func (e *probeError) Error() string { return e.msg }

// evaluate yields the number of one probe. role is "source", "min" or "max".
func (r *dataRun) evaluate(ctx context.Context, role string, p workflows.Probe) (float64, error) {
	switch p.Kind {
	case workflows.ProbeNum:
		return parseNumber(role, "NUM", p.Text)
	case workflows.ProbeSQL:
		if r.d.Querier == nil {
			return 0, &probeError{msg: fmt.Sprintf("%s: SQL probe cannot run: this worker has no database access configured", role)}
		}
		v, err := r.d.Querier.QueryFloat(ctx, p.DB, p.Text)
		if err != nil {
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			return 0, &probeError{msg: fmt.Sprintf("%s: SQL probe on %s failed: %v", role, describeDB(p.DB), err)}
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, &probeError{msg: fmt.Sprintf("%s: SQL probe on %s returned %v, not a finite number", role, describeDB(p.DB), v)}
		}
		return v, nil
	case workflows.ProbeCommand:
		return r.command(ctx, role, p.Text)
	}
	return 0, &probeError{msg: fmt.Sprintf("%s: unknown probe type %q (want SQL, COMMAND or NUM)", role, p.Kind)}
}

func parseNumber(role, kind, text string) (float64, error) {
	s := strings.TrimSpace(text)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		if len(s) > 80 {
			s = s[:80] + "…"
		}
		return 0, &probeError{msg: fmt.Sprintf("%s: %s probe gave %q, which is not a number", role, kind, s)}
	}
	return v, nil
}

func describeDB(db workflows.DBLinkRef) string {
	if db.Inline != nil {
		return "an inline " + db.Inline.Type + " connection"
	}
	return "db-link " + strconv.Quote(db.Name)
}

// command runs a COMMAND probe through the shell executor in the attempt's working
// directory and parses its trimmed stdout. Its output is also copied to the attempt's
// stdout, after a header line naming the probe.
func (r *dataRun) command(ctx context.Context, role, text string) (float64, error) {
	tio := r.tio
	out := &cappedBuffer{limit: maxCommandOutput}
	var stdout io.Writer = out
	if tio.Stdout != nil {
		fmt.Fprintf(tio.Stdout, "== %s (COMMAND): %s\n", role, text)
		stdout = io.MultiWriter(out, tio.Stdout)
	}
	st := r.t
	st.Action = &workflows.Action{Type: workflows.ActionShell, Shell: &workflows.ShellBody{Command: text}}
	res := executors.NewShell(r.d.Exec).Run(ctx, st, executors.TaskIO{
		Stdout: stdout, Stderr: tio.Stderr, OnStart: r.onStart(), ParentDeathSignal: tio.ParentDeathSignal,
	})
	switch res.Status {
	case workflows.AttemptSucceeded:
	case workflows.AttemptKilled, workflows.AttemptTimedOut:
		return 0, &probeError{msg: res.Message, interrupted: &res}
	default:
		return 0, &probeError{msg: fmt.Sprintf("%s: COMMAND probe failed: %s", role, res.Message)}
	}
	if out.cut {
		return 0, &probeError{msg: fmt.Sprintf("%s: COMMAND probe printed more than %d bytes; want one number", role, maxCommandOutput)}
	}
	return parseNumber(role, "COMMAND", out.String())
}

// onStart passes only the first process start of the attempt on: TaskIO.OnStart is called
// at most once per Run, and a monitor may run several probe processes.
func (r *dataRun) onStart() func(int) {
	if r.tio.OnStart == nil {
		return nil
	}
	return func(pid int) { r.started.Do(func() { r.tio.OnStart(pid) }) }
}

// cappedBuffer keeps the first limit bytes and notes whether more came.
type cappedBuffer struct {
	bytes.Buffer
	limit int
	cut   bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if room := c.limit - c.Len(); room < len(p) {
		c.cut = true
		c.Buffer.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return c.Buffer.Write(p)
}
