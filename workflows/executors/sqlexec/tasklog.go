package sqlexec

import (
	"fmt"
	"io"
	"strings"

	"github.com/actorflow/actorflow/workflows/executors"
)

// maxShown bounds how much of a statement a log line shows.
const maxShown = 160

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// taskLog writes progress to the attempt's stdout and failures to its stderr. A write
// error never stops the task; the first one is noted in the result message.
type taskLog struct {
	out, errw io.Writer
	writeErr  error
}

func newTaskLog(tio executors.TaskIO) *taskLog { return &taskLog{out: tio.Stdout, errw: tio.Stderr} }

func (l *taskLog) write(w io.Writer, format string, args ...any) {
	if w == nil {
		return
	}
	if _, err := fmt.Fprintf(w, format+"\n", args...); err != nil && l.writeErr == nil {
		l.writeErr = err
	}
}

func (l *taskLog) infof(format string, args ...any)  { l.write(l.out, format, args...) }
func (l *taskLog) errorf(format string, args ...any) { l.write(l.errw, format, args...) }

// finish appends a note about a failed log write to the result's message.
func (l *taskLog) finish(r executors.Result) executors.Result {
	if l.writeErr != nil {
		r.Message += sprintf(" (writing the task log failed: %v)", l.writeErr)
	}
	return r
}

// shown is a statement's first line, cut to maxShown characters, with " …" when more
// follows: enough to recognise it in a log without flooding it.
func shown(stmt string) string {
	first, rest, more := strings.Cut(stmt, "\n")
	first = strings.TrimSpace(first)
	if r := []rune(first); len(r) > maxShown {
		first, more = string(r[:maxShown]), true
	}
	if more && strings.TrimSpace(rest) != "" || len([]rune(first)) == maxShown {
		return first + " …"
	}
	return first
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
