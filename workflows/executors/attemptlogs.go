package executors

import (
	"errors"
	"os"
	"path/filepath"
)

// Names of an attempt's log files inside its log directory.
const (
	StdoutLogName = "stdout.log"
	StderrLogName = "stderr.log"
)

// AttemptLogs is the pair of capped logs of one attempt.
type AttemptLogs struct {
	Stdout *CappedLog
	Stderr *CappedLog
}

// OpenAttemptLogs creates dir and the two logs in it, each capped at limit bytes (≤ 0:
// DefaultLogLimit). A worker typically uses filepath.Join(logRoot, t.RelDir()) as dir.
func OpenAttemptLogs(dir string, limit int64) (*AttemptLogs, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	out, err := NewCappedLog(filepath.Join(dir, StdoutLogName), limit)
	if err != nil {
		return nil, err
	}
	errLog, err := NewCappedLog(filepath.Join(dir, StderrLogName), limit)
	if err != nil {
		out.Close()
		return nil, err
	}
	return &AttemptLogs{Stdout: out, Stderr: errLog}, nil
}

// IO is the TaskIO that writes to these logs.
func (a *AttemptLogs) IO() TaskIO { return TaskIO{Stdout: a.Stdout, Stderr: a.Stderr} }

// Close finishes both logs (see CappedLog.Close).
func (a *AttemptLogs) Close() error { return errors.Join(a.Stdout.Close(), a.Stderr.Close()) }
