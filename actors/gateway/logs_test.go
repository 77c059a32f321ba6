package gateway

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/worker"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/store"
)

// writeLog writes a finished attempt log file (what a closed CappedLog leaves).
func (f *fixture) writeLog(id, node string, attempt int, stream, text string) {
	f.t.Helper()
	dir := worker.LogDir(f.logs, id, node, attempt)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, stream), []byte(text), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func attempt(n int, st workflows.AttemptStatus) workflows.Attempt {
	return workflows.Attempt{Number: n, Visit: 1, Status: st, Worker: "w1"}
}

// seedLogged creates instance "run-1": a succeeded once, b failed then succeeded, c
// dispatched but not started (no files), with their logs.
func seedLogged(f *fixture, status workflows.InstanceStatus) workflows.Instance {
	in := instanceOfWF("run-1", "etl", status, t0.Add(-time.Hour))
	in.Nodes[2].Attempts = []workflows.Attempt{attempt(1, workflows.AttemptSucceeded)}
	in.Nodes[3].Attempts = []workflows.Attempt{attempt(1, workflows.AttemptFailed), attempt(2, workflows.AttemptSucceeded)}
	in.Nodes[5].Attempts = []workflows.Attempt{attempt(1, workflows.AttemptDispatched)}
	f.apply(store.CreateInstance{Instance: in, Definition: definitionJSON(f.t, wfXML(wfSpec{name: "etl"})), Version: 1})
	f.writeLog("run-1", "a", 1, "stdout.log", "a out\n")
	f.writeLog("run-1", "a", 1, "stderr.log", "")
	f.writeLog("run-1", "b", 1, "stdout.log", "b1 out\n")
	f.writeLog("run-1", "b", 2, "stdout.log", "b2 out") // no final newline
	f.writeLog("run-1", "b", 2, "stderr.log", "b2 warn\n")
	return in
}

func readLog(t *testing.T, f *fixture, node string, attempt int) (string, error) {
	t.Helper()
	rc, err := f.gw.OpenLog(context.Background(), "run-1", node, attempt, false)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return string(b), nil
}

func TestOpenLogLayout(t *testing.T) {
	f := newFixture(t)
	seedLogged(f, workflows.InstanceSucceeded)
	cases := []struct {
		name    string
		node    string
		attempt int
		want    string
	}{
		{"every action, latest attempts, with headers", "", 0,
			"==> node a, attempt 1 (succeeded) <==\na out\n" +
				"\n==> node b, attempt 2 (succeeded) <==\nb2 out\n" +
				"\n==> node b, attempt 2 (succeeded), stderr <==\nb2 warn\n" +
				"\n==> node c, attempt 1 (dispatched) <==\n"},
		{"one node: raw stdout, stderr after its header", "b", 0,
			"b2 out\n\n==> node b, attempt 2 (succeeded), stderr <==\nb2 warn\n"},
		{"an earlier attempt", "b", 1, "b1 out\n"},
		{"an empty stderr is left out", "a", 0, "a out\n"},
		{"dispatched, not started: empty", "c", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := readLog(t, f, c.node, c.attempt)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Fatalf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

func TestOpenLogRejects(t *testing.T) {
	f := newFixture(t)
	seedLogged(f, workflows.InstanceSucceeded)
	ctx := context.Background()
	cases := []struct {
		name    string
		id      string
		node    string
		attempt int
		code    workflows.Code
	}{
		{"unknown instance", "nope", "", 0, workflows.CodeNotFound},
		{"unknown node", "run-1", "zzz", 0, workflows.CodeNotFound},
		{"control node", "run-1", "split", 0, workflows.CodeNotFound},
		{"unknown attempt", "run-1", "b", 9, workflows.CodeNotFound},
		{"attempt without node", "run-1", "", 1, workflows.CodeInvalid},
		{"negative attempt", "run-1", "b", -1, workflows.CodeInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, follow := range []bool{false, true} {
				rc, err := f.gw.OpenLog(ctx, c.id, c.node, c.attempt, follow)
				if rc != nil {
					rc.Close()
				}
				if codeOf(err) != c.code {
					t.Fatalf("follow=%t: %v (code %q), want %q", follow, err, codeOf(err), c.code)
				}
			}
		})
	}
	noLogs := newFixture(t, func(c *Config) { c.LogRoot = "" })
	if _, err := noLogs.gw.OpenLog(ctx, "run-1", "", 0, false); codeOf(err) != workflows.CodeUnavailable {
		t.Fatalf("no log root: %v", err)
	}
}

func TestOpenLogShowsTheStitchedViewOfALiveCappedLog(t *testing.T) {
	f := newFixture(t)
	in := instanceOfWF("run-1", "etl", workflows.InstanceRunning, t0)
	in.Nodes[2].Attempts = []workflows.Attempt{attempt(1, workflows.AttemptRunning)}
	f.apply(store.CreateInstance{Instance: in, Definition: definitionJSON(t, wfXML(wfSpec{name: "etl"})), Version: 1})
	logs, err := executors.OpenAttemptLogs(worker.LogDir(f.logs, "run-1", "a", 1), 40)
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	for i := range 20 {
		io.WriteString(logs.Stdout, "line "+string(rune('a'+i))+"\n")
	}
	got, err := readLog(t, f, "a", 0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := executors.ReadLog(filepath.Join(worker.LogDir(f.logs, "run-1", "a", 1), executors.StdoutLogName))
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("got %q, want the stitched view %q", got, want)
	}
	if !strings.HasPrefix(got, "line a\n") || !strings.HasSuffix(got, "line t\n") || strings.Contains(got, "line j\n") {
		t.Fatalf("not head + tail of a capped log: %q", got)
	}
}

// A `true` task prints nothing, and the worker then makes no log file at all: its attempt
// reads as empty, under its header when every node is shown, followed or not.
func TestOpenLogOfASilentAttempt(t *testing.T) {
	f := newFixture(t)
	in := instanceOfWF("run-1", "etl", workflows.InstanceSucceeded, t0.Add(-time.Hour))
	in.Nodes[2].Attempts = []workflows.Attempt{attempt(1, workflows.AttemptSucceeded)}
	f.apply(store.CreateInstance{Instance: in, Definition: definitionJSON(f.t, wfXML(wfSpec{name: "etl"})), Version: 1})
	logs, err := executors.OpenAttemptLogs(worker.LogDir(f.logs, "run-1", "a", 1), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := logs.Close(); err != nil {
		t.Fatal(err)
	}
	if got, err := readLog(t, f, "a", 0); err != nil || got != "" {
		t.Fatalf("node a: %q, %v", got, err)
	}
	if got, err := readLog(t, f, "", 0); err != nil || got != "==> node a, attempt 1 (succeeded) <==\n" {
		t.Fatalf("every node: %q, %v", got, err)
	}
	rc, err := f.gw.OpenLog(context.Background(), "run-1", "a", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if b, err := io.ReadAll(rc); err != nil || len(b) != 0 {
		t.Fatalf("followed: %q, %v", b, err)
	}
}
