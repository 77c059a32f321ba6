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

// OpenAttemptLogs returns the two logs of an attempt in dir, each capped at limit bytes
// (≤ 0: DefaultLogLimit). A worker typically uses filepath.Join(logRoot, t.RelDir()) as dir;
// dir may also be the attempt's working directory. Nothing is created here: each file, and
// dir, appear with the first byte of their stream (see CappedLog), so a task that prints
// nothing costs no inode, and a reader sees no file, i.e. an empty log.
//
// If dir exists already, it may hold the logs of an earlier run of the same attempt (a
// redelivered task, an instance id used again); they are removed, so that a stream this run
// leaves empty does not show the old output. A new attempt's dir does not exist yet, and then
// this costs one lookup.
func OpenAttemptLogs(dir string, limit int64) (*AttemptLogs, error) {
	if info, err := os.Lstat(dir); err == nil && info.IsDir() {
		var errs []error
		for _, name := range []string{StdoutLogName, StderrLogName} {
			p := filepath.Join(dir, name)
			errs = append(errs, removeIfExists(p), removeIfExists(p+TailSuffix))
		}
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
	}
	return &AttemptLogs{
		Stdout: NewCappedLog(filepath.Join(dir, StdoutLogName), limit),
		Stderr: NewCappedLog(filepath.Join(dir, StderrLogName), limit),
	}, nil
}

// IO is the TaskIO that writes to these logs.
func (a *AttemptLogs) IO() TaskIO { return TaskIO{Stdout: a.Stdout, Stderr: a.Stderr} }

// Close finishes both logs (see CappedLog.Close).
func (a *AttemptLogs) Close() error { return errors.Join(a.Stdout.Close(), a.Stderr.Close()) }
