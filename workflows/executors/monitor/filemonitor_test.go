package monitor

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/internal/wait"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

func fileAction(b workflows.FileMonitorBody) *workflows.Action {
	return &workflows.Action{Type: workflows.ActionFileMonitor, FileMonitor: &b}
}

func write(t *testing.T, path string, size int) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Repeat("x", size)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFileMonitorSingleCheck(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.csv"), 2048)
	write(t, filepath.Join(dir, "b.csv"), 3)
	write(t, filepath.Join(dir, "c.txt"), 5000)
	if err := os.Mkdir(filepath.Join(dir, "d.csv"), 0o755); err != nil { // a directory never counts
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		pattern string
		minNum  int
		minSize int64
		want    workflows.AttemptStatus
		msg     []string
	}{
		{"enough", dir + "/*.csv", 2, 0, workflows.AttemptSucceeded,
			[]string{"matched 2 file(s): " + dir + "/a.csv (2.0 KiB), " + dir + "/b.csv (3 B)"}},
		{"nothing", dir + "/*.parquet", 1, 0, workflows.AttemptFailed,
			[]string{"pattern " + dir + "/*.parquet matched no file; need at least 1"}},
		{"too few", dir + "/*.csv", 3, 0, workflows.AttemptFailed,
			[]string{"matched 2 file(s)", dir + "/b.csv (3 B)", "need at least 3"}},
		{"too small", dir + "/*.csv", 1, 1024, workflows.AttemptFailed,
			[]string{"smaller than min-each-size 1.0 KiB: " + dir + "/b.csv (3 B)"}},
		{"no directory", dir + "/missing/*.csv", 1, 0, workflows.AttemptFailed,
			[]string{"directory " + dir + "/missing/ does not exist"}},
		{"bad pattern", dir + "/[.csv", 1, 0, workflows.AttemptFailed, []string{"malformed"}},
		{"directory glob", filepath.Dir(dir) + "/" + filepath.Base(dir)[:2] + "*/c.*", 1, 0, workflows.AttemptSucceeded,
			[]string{dir + "/c.txt (4.9 KiB)"}},
	} {
		res, _ := runAction(t, context.Background(), deps(t, newVirtualClock()), fileAction(workflows.FileMonitorBody{
			Pattern: tc.pattern, MinNum: tc.minNum, MinEachSize: tc.minSize, WarnMsg: "tell the vendor"}))
		if res.Status != tc.want {
			t.Errorf("%s: %s %q, want %s", tc.name, res.Status, res.Message, tc.want)
		}
		for _, m := range tc.msg {
			if !strings.Contains(res.Message, m) {
				t.Errorf("%s: message %q lacks %q", tc.name, res.Message, m)
			}
		}
		if tc.want == workflows.AttemptFailed && !strings.HasSuffix(res.Message, "\ntell the vendor") {
			t.Errorf("%s: the warn-msg is missing from %q", tc.name, res.Message)
		}
	}
}

func TestFileMonitorOutputs(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a"), 10)
	write(t, filepath.Join(dir, "b"), 20)
	res, _ := runAction(t, context.Background(), deps(t, newVirtualClock()), fileAction(workflows.FileMonitorBody{
		Pattern: dir + "/*", MinNum: 1}))
	if res.Outputs[OutputCount] != "2" || res.Outputs[OutputTotalSize] != "30" {
		t.Fatalf("outputs %v", res.Outputs)
	}
}

func TestFileMonitorRecheckSeesAFileStillGrowing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "dump.csv")
	write(t, path, 100)
	c := newVirtualClock()
	c.onWait = func(int) { write(t, path, 200) } // the writer is not done yet
	res, _ := runAction(t, context.Background(), deps(t, c), fileAction(workflows.FileMonitorBody{
		Pattern: dir + "/*.csv", MinNum: 1, RecheckDelay: 10 * time.Second}))
	if res.Status != workflows.AttemptFailed ||
		!strings.Contains(res.Message, "changed during the 10s re-check ("+path+" 100 B → 200 B)") {
		t.Fatalf("%s %q, want a stability failure", res.Status, res.Message)
	}

	c = newVirtualClock()
	res, _ = runAction(t, context.Background(), deps(t, c), fileAction(workflows.FileMonitorBody{
		Pattern: dir + "/*.csv", MinNum: 1, RecheckDelay: 10 * time.Second}))
	if res.Status != workflows.AttemptSucceeded || !slices.Equal(c.Waits(), []time.Duration{10 * time.Second}) {
		t.Fatalf("stable file: %s %q, waits %v", res.Status, res.Message, c.Waits())
	}
}

func TestFileMonitorWaitSatisfiedWhenAFileAppears(t *testing.T) {
	dir := t.TempDir()
	c := newVirtualClock()
	c.onWait = func(n int) {
		if n == 2 {
			write(t, filepath.Join(dir, "ready.flag"), 1)
		}
	}
	res, out := runAction(t, context.Background(), deps(t, c), fileAction(workflows.FileMonitorBody{
		Pattern: dir + "/*.flag", MinNum: 1, Wait: time.Hour, PollInterval: time.Minute}))
	if res.Status != workflows.AttemptSucceeded || !strings.Contains(res.Message, "(at check 3)") {
		t.Fatalf("%s %q, want success at the third check", res.Status, res.Message)
	}
	if w := c.Waits(); !slices.Equal(w, []time.Duration{time.Minute, time.Minute}) {
		t.Errorf("waits %v, want two polls of 1m", w)
	}
	if strings.Count(out, "not yet: ") != 2 {
		t.Errorf("stdout %q, want two 'not yet' lines", out)
	}
}

func TestFileMonitorWaitGivesUpAtTheDeadline(t *testing.T) {
	dir := t.TempDir()
	c := newVirtualClock()
	res, _ := runAction(t, context.Background(), deps(t, c), fileAction(workflows.FileMonitorBody{
		Pattern: dir + "/later/*.flag", MinNum: 1, Wait: 5 * time.Minute, PollInterval: 2 * time.Minute}))
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, "does not exist (still so after waiting 5m0s)") {
		t.Fatalf("%s %q", res.Status, res.Message)
	}
	if w := c.Waits(); !slices.Equal(w, []time.Duration{2 * time.Minute, 2 * time.Minute, time.Minute}) {
		t.Errorf("waits %v, want 2m, 2m and the last 1m", w)
	}
}

func TestFileMonitorCancelDuringWait(t *testing.T) {
	c := newVirtualClock()
	c.block = true
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan executors.Result, 1)
	go func() {
		res, _ := runAction(t, ctx, deps(t, c), fileAction(workflows.FileMonitorBody{
			Pattern: t.TempDir() + "/*", MinNum: 1, Wait: time.Hour, PollInterval: time.Minute}))
		done <- res
	}()
	wait.For(t, 10*time.Second, func() bool { return len(c.Waits()) > 0 }, "the monitor never started waiting")
	cancel(executors.ErrKilled)
	select {
	case res := <-done:
		if res.Status != workflows.AttemptKilled {
			t.Fatalf("%s %q, want killed", res.Status, res.Message)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the cancel did not end the wait")
	}
}

// fakeFS serves a fixed listing and records the patterns it was asked for.
type fakeFS struct {
	files    []FileInfo
	patterns []string
}

func (f *fakeFS) Glob(_ context.Context, pattern string) ([]FileInfo, error) {
	f.patterns = append(f.patterns, pattern)
	return f.files, nil
}

func TestFileMonitorFileLinks(t *testing.T) {
	remote := &fakeFS{files: []FileInfo{{Name: "/in/x.gz", Size: 1 << 20}}}
	d := deps(t, newVirtualClock())
	d.FileSystem = func(link string) (FS, error) {
		if link == "sftp_vendor" {
			return remote, nil
		}
		return LocalFS{}, nil
	}
	res, _ := runAction(t, context.Background(), d, fileAction(workflows.FileMonitorBody{
		FileLink: "sftp_vendor", Pattern: "/in/*.gz", MinNum: 1, MinEachSize: 1 << 20}))
	if res.Status != workflows.AttemptSucceeded || !slices.Equal(remote.patterns, []string{"/in/*.gz"}) {
		t.Fatalf("%s %q, patterns %v", res.Status, res.Message, remote.patterns)
	}
	res, _ = runAction(t, context.Background(), deps(t, newVirtualClock()), fileAction(workflows.FileMonitorBody{
		FileLink: "sftp_vendor", Pattern: "/in/*.gz", MinNum: 1}))
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, `file-link "sftp_vendor" is not available`) {
		t.Fatalf("without a resolver: %s %q", res.Status, res.Message)
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB", 5 << 30: "5.0 GiB"} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
