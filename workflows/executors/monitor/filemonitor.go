package monitor

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// DefaultPollInterval is how often a waiting file-monitor looks again when the action sets
// no poll-interval.
const DefaultPollInterval = 30 * time.Second

// OutputCount is the Result.Outputs key with the number of matched files; OutputTotalSize
// their total size in bytes.
const (
	OutputCount     = "monitor.count"
	OutputTotalSize = "monitor.total_size"
)

// listLimit caps how many files a message names.
const listLimit = 20

// FileMonitor runs <file-monitor> actions.
type FileMonitor struct{ d Deps }

// NewFileMonitor returns the file-monitor executor.
func NewFileMonitor(d Deps) *FileMonitor { return &FileMonitor{d: d} }

// Run implements executors.Executor. Without wait it checks once (with the stability
// re-check when recheck-delay is set) and fails if the files are not there. With wait it
// is a sensor: it checks every poll-interval until satisfied or until wait has passed.
func (m *FileMonitor) Run(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	if ctx.Err() != nil {
		return executors.Interrupted(ctx)
	}
	if t.Action == nil || t.Action.FileMonitor == nil {
		return executors.Failed("task %s/%s is not a file-monitor action", t.InstanceID, t.Node)
	}
	b := t.Action.FileMonitor
	fsys, err := m.d.fileSystem(b.FileLink)
	if err != nil {
		return withWarn(executors.Failed("%v", err), b.WarnMsg)
	}
	poll := b.PollInterval
	if poll <= 0 {
		poll = DefaultPollInterval
	}
	deadline := m.d.now().Add(b.Wait)
	for round := 1; ; round++ {
		files, reason, err := m.check(ctx, fsys, b)
		if ctx.Err() != nil {
			return executors.Interrupted(ctx)
		}
		if err == nil && reason == "" {
			return satisfied(b, files, round)
		}
		if err != nil {
			reason = err.Error()
		}
		left := deadline.Sub(m.d.now())
		if b.Wait <= 0 || left <= 0 {
			if b.Wait > 0 {
				reason += fmt.Sprintf(" (still so after waiting %s)", b.Wait)
			}
			res := withWarn(executors.Failed("%s", reason), b.WarnMsg)
			res.Outputs = countOutputs(files)
			return res
		}
		if tio.Stdout != nil {
			fmt.Fprintf(tio.Stdout, "not yet: %s; looking again in %s\n", reason, min(poll, left))
		}
		if err := m.d.sleep(ctx, min(poll, left)); err != nil {
			return executors.Interrupted(ctx)
		}
	}
}

// check lists the files and says what is missing ("" when satisfied), including the
// stability re-check. err is a listing failure.
func (m *FileMonitor) check(ctx context.Context, fsys FS, b *workflows.FileMonitorBody) ([]FileInfo, string, error) {
	files, err := fsys.Glob(ctx, b.Pattern)
	if err != nil {
		return nil, "", fmt.Errorf("cannot list %s: %w", b.Pattern, err)
	}
	if reason := judgeFiles(b, files); reason != "" {
		return files, reason, nil
	}
	if b.RecheckDelay <= 0 {
		return files, "", nil
	}
	if err := m.d.sleep(ctx, b.RecheckDelay); err != nil {
		return files, "", err
	}
	again, err := fsys.Glob(ctx, b.Pattern)
	if err != nil {
		return nil, "", fmt.Errorf("cannot list %s again: %w", b.Pattern, err)
	}
	if diff := difference(files, again); diff != "" {
		return again, fmt.Sprintf("the files of %s changed during the %s re-check (%s); they may still be being written",
			b.Pattern, b.RecheckDelay, diff), nil
	}
	return again, judgeFiles(b, again), nil
}

// judgeFiles explains why files do not satisfy the monitor, or returns "".
func judgeFiles(b *workflows.FileMonitorBody, files []FileInfo) string {
	var why []string
	if len(files) < b.MinNum {
		why = append(why, fmt.Sprintf("need at least %d", b.MinNum))
	}
	var small []FileInfo
	for _, f := range files {
		if f.Size < b.MinEachSize {
			small = append(small, f)
		}
	}
	if len(small) > 0 {
		why = append(why, fmt.Sprintf("smaller than min-each-size %s: %s", formatSize(b.MinEachSize), listFiles(small)))
	}
	if len(why) == 0 {
		return ""
	}
	return fmt.Sprintf("pattern %s matched %s; %s", b.Pattern, matched(files), strings.Join(why, "; "))
}

func satisfied(b *workflows.FileMonitorBody, files []FileInfo, round int) executors.Result {
	msg := fmt.Sprintf("pattern %s matched %s", b.Pattern, matched(files))
	if round > 1 {
		msg += fmt.Sprintf(" (at check %d)", round)
	}
	return executors.Result{Status: workflows.AttemptSucceeded, ExitCode: 0, Message: msg, Outputs: countOutputs(files)}
}

func countOutputs(files []FileInfo) map[string]string {
	var total int64
	for _, f := range files {
		total += f.Size
	}
	return map[string]string{OutputCount: strconv.Itoa(len(files)), OutputTotalSize: strconv.FormatInt(total, 10)}
}

func matched(files []FileInfo) string {
	if len(files) == 0 {
		return "no file"
	}
	return fmt.Sprintf("%d file(s): %s", len(files), listFiles(files))
}

func listFiles(files []FileInfo) string {
	parts := make([]string, 0, min(len(files), listLimit)+1)
	for i, f := range files {
		if i == listLimit {
			parts = append(parts, fmt.Sprintf("and %d more", len(files)-listLimit))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", f.Name, formatSize(f.Size)))
	}
	return strings.Join(parts, ", ")
}

// difference describes how two listings differ by names and sizes, or returns "".
func difference(before, after []FileInfo) string {
	was := map[string]int64{}
	for _, f := range before {
		was[f.Name] = f.Size
	}
	var diffs []string
	for _, f := range after {
		old, ok := was[f.Name]
		switch {
		case !ok:
			diffs = append(diffs, f.Name+" appeared")
		case old != f.Size:
			diffs = append(diffs, fmt.Sprintf("%s %s → %s", f.Name, formatSize(old), formatSize(f.Size)))
		}
		delete(was, f.Name)
	}
	for _, f := range before {
		if _, gone := was[f.Name]; gone {
			diffs = append(diffs, f.Name+" disappeared")
		}
	}
	if len(diffs) > listLimit {
		diffs = append(diffs[:listLimit], fmt.Sprintf("and %d more", len(diffs)-listLimit))
	}
	return strings.Join(diffs, ", ")
}

// formatSize writes bytes in akkaflow's 1024-based units.
func formatSize(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, i := float64(n), -1
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + []string{"KiB", "MiB", "GiB", "TiB"}[i]
}
