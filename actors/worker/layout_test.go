package worker

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows/executors"
)

// The files an attempt leaves: a silent script task only its script (no log file, no log
// directory); one that prints, its logs under LogRoot. With LogRoot = WorkRoot everything
// of an attempt is in one directory.
func TestAttemptFiles(t *testing.T) {
	t.Parallel()
	for _, oneDir := range []bool{false, true} {
		h := newHarness(t, func(c *Config) {
			if oneDir {
				c.LogRoot = c.WorkRoot
			}
		})
		silent, loud := refN("silent", 1), refN("loud", 1)
		h.run(silent, 1, script("true"), nil)
		h.run(loud, 1, script("echo out; echo err >&2"), nil)
		for finished := 0; finished < 2; {
			switch m := h.master.next(t).msg.(type) {
			case *messages.TaskStarted:
			case *messages.TaskFinished:
				if m.GetStatus() != messages.AttemptStatus_ATTEMPT_SUCCEEDED {
					t.Fatalf("got %s", describe(m))
				}
				finished++
			default:
				t.Fatalf("unexpected %T %v", m, m)
			}
		}
		workDir := func(r Ref) string {
			return executors.AttemptDir(h.cfg.WorkRoot, executors.Task{InstanceID: r.InstanceID, Node: r.Node, Attempt: r.Attempt})
		}
		if got := names(t, workDir(silent)); !slices.Equal(got, []string{executors.ScriptFileName}) {
			t.Errorf("one dir %v: the silent attempt left %v", oneDir, got)
		}
		if _, err := os.Stat(LogDir(h.cfg.LogRoot, silent.InstanceID, silent.Node, 1)); !oneDir && !os.IsNotExist(err) {
			t.Errorf("the silent attempt has a log directory (%v)", err)
		}
		logDir := LogDir(h.cfg.LogRoot, loud.InstanceID, loud.Node, 1)
		for name, want := range map[string]string{executors.StdoutLogName: "out\n", executors.StderrLogName: "err\n"} {
			if got, err := executors.ReadLog(filepath.Join(logDir, name)); err != nil || string(got) != want {
				t.Errorf("one dir %v: %s reads %q, %v", oneDir, name, got, err)
			}
		}
		if oneDir && logDir != workDir(loud) {
			t.Errorf("log dir %s is not the working directory %s", logDir, workDir(loud))
		}
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
