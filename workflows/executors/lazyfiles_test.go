package executors

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

// A log appears with its first byte, directory included; until then, and for good if the
// stream stays silent, there is no file and ReadLog shows an empty log.
func TestCappedLogIsCreatedByTheFirstByte(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "inst", "node", "1")
	silent, loud := NewCappedLog(filepath.Join(dir, "silent.log"), 0), NewCappedLog(filepath.Join(dir, "loud.log"), 0)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("the directory exists before any output: %v", err)
	}
	if got, err := ReadLog(loud.Path()); got != nil || err != nil {
		t.Fatalf("ReadLog of a log without output: %q, %v", got, err)
	}
	loud.Write(nil) // nothing to keep: still no file
	if _, err := os.Stat(loud.Path()); !os.IsNotExist(err) {
		t.Fatalf("an empty write created the file: %v", err)
	}
	loud.Write([]byte("hello\n"))
	if got, err := ReadLog(loud.Path()); string(got) != "hello\n" || err != nil {
		t.Fatalf("ReadLog after the first write: %q, %v", got, err)
	}
	if err := errors.Join(silent.Close(), loud.Close()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(silent.Path()); !os.IsNotExist(err) {
		t.Fatalf("a log that was never written has a file: %v", err)
	}
}

// Logs of an earlier run of the same attempt go when the attempt's logs are opened again,
// including a stream the new run leaves silent and the side file of a crashed writer.
func TestOpenAttemptLogsRemovesAnEarlierRunsLogs(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "a")
	first, err := OpenAttemptLogs(dir, 8)
	if err != nil {
		t.Fatal(err)
	}
	first.Stdout.Write([]byte("old stdout, long enough to reach the ring"))
	first.Stderr.Write([]byte("old stderr"))
	// Not closed: a crashed worker leaves the side file too.
	second, err := OpenAttemptLogs(dir, 8)
	if err != nil {
		t.Fatal(err)
	}
	second.Stdout.Write([]byte("new"))
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
	out, _ := ReadLog(second.Stdout.Path())
	errLog, _ := ReadLog(second.Stderr.Path())
	if string(out) != "new" || errLog != nil {
		t.Fatalf("stdout %q, stderr %q; want the new run's output only", out, errLog)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("the directory holds %d files, want only stdout.log", len(entries))
	}
}

// A task that writes nothing leaves its working directory with the script only: no log, no
// output file, nothing an executor made up front.
func TestSilentScriptLeavesOnlyItsScript(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	task := scriptTask("true")
	dir := AttemptDir(cfg.WorkRoot, task)
	logs, err := OpenAttemptLogs(dir, 0) // logs in the working directory, as one directory per attempt
	if err != nil {
		t.Fatal(err)
	}
	r := NewScript(cfg).Run(context.Background(), task, logs.IO())
	if err := logs.Close(); err != nil || r.Status != workflows.AttemptSucceeded {
		t.Fatalf("got %s %q, logs %v", r.Status, r.Message, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 || entries[0].Name() != ScriptFileName {
		t.Fatalf("the attempt left %v (%v), want only %s", entries, err, ScriptFileName)
	}
}

// A FIFO in place of the output file is refused without blocking the executor.
func TestOutputFileMustBeRegular(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	r := x.Run(context.Background(), scriptTask(`mkfifo "$ACTORFLOW_OUTPUT"`), TaskIO{})
	if r.Status != workflows.AttemptFailed || !strings.Contains(r.Message, "is not a regular file") {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
}

// The working directory is made below an existing node directory, and an entry that is not
// a directory where the node's must go fails the attempt with a clear message.
func TestWorkdirUnderAFile(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	x := NewScript(cfg)
	task := scriptTask("true")
	if err := os.MkdirAll(filepath.Join(cfg.WorkRoot, "inst1"), 0o755); err != nil {
		t.Fatal(err)
	}
	task.Node = "blocked"
	if err := os.WriteFile(filepath.Join(cfg.WorkRoot, "inst1", "blocked"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := x.Run(context.Background(), task, TaskIO{})
	if r.Status != workflows.AttemptFailed || !strings.Contains(r.Message, "cannot create working directory") ||
		!strings.Contains(r.Message, "not a directory") {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
}

// A relative work root (a relative --home) still gives the task paths that work from its
// own working directory: the script runs, and ACTORFLOW_* name absolute paths.
func TestRelativeWorkRoot(t *testing.T) {
	t.Parallel()
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	abs := t.TempDir()
	rel, err := filepath.Rel(cwd, abs)
	if err != nil || filepath.IsAbs(rel) {
		t.Skipf("no relative path to the temp dir: %q, %v", rel, err)
	}
	cfg := testConfig(t)
	cfg.WorkRoot = rel
	task := scriptTask(`echo "$ACTORFLOW_WORKDIR"; echo "$ACTORFLOW_OUTPUT"`)
	r, out, _ := runCaptured(t, NewScript(cfg), context.Background(), task)
	dir := AttemptDir(abs, task)
	if want := dir + "\n" + filepath.Join(dir, OutputFileName) + "\n"; r.Status != workflows.AttemptSucceeded || out != want {
		t.Fatalf("got %s %q stdout %q, want %q", r.Status, r.Message, out, want)
	}
}
