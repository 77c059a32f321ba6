package gateway

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/actorflow/actorflow/actors/worker"
	"github.com/actorflow/actorflow/actors/worker/logserver"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/store"
)

// workers is a fake gossip view: worker name → log server URL, changeable while a test runs.
type workers struct {
	mu   sync.Mutex
	urls map[string]string
}

func (w *workers) lookup(name string) (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, ok := w.urls[name]
	return u, ok
}

func (w *workers) set(name, url string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if url == "" {
		delete(w.urls, name)
	} else {
		w.urls[name] = url
	}
}

// serveLogs starts a worker log server over root.
func serveLogs(t *testing.T, root string) *httptest.Server {
	srv := httptest.NewServer(logserver.Handler(root))
	t.Cleanup(srv.Close)
	return srv
}

// remoteFixture is a controller's gateway: no logs on this host, worker w1 serving the
// fixture's log directory (f.logs) from its log server.
func remoteFixture(t *testing.T) (*fixture, *workers) {
	ws := &workers{urls: map[string]string{}}
	f := newFixture(t, func(c *Config) {
		ws.urls["w1"] = serveLogs(t, c.LogRoot).URL
		c.LogRoot, c.WorkerLogs = "", ws.lookup
	})
	return f, ws
}

// Every layout case of TestOpenLogLayout reads the same when the logs are on the worker.
func TestOpenLogReadsFromTheAttemptsWorker(t *testing.T) {
	local := newFixture(t)
	seedLogged(local, workflows.InstanceSucceeded)
	remote, _ := remoteFixture(t)
	seedLogged(remote, workflows.InstanceSucceeded)
	for _, sel := range []struct {
		node    string
		attempt int
	}{{"", 0}, {"b", 0}, {"b", 1}, {"a", 0}, {"c", 0}} {
		want, err := readLog(t, local, sel.node, sel.attempt)
		if err != nil {
			t.Fatal(err)
		}
		got, err := readLog(t, remote, sel.node, sel.attempt)
		if err != nil || got != want {
			t.Fatalf("node %q attempt %d: remote %q (%v), local %q", sel.node, sel.attempt, got, err, want)
		}
	}
}

// seedTwoWorkers builds run-1 with node a run on w1 (logs present) and node b's attempts on w2.
func seedTwoWorkers(f *fixture, bStatus workflows.AttemptStatus) workflows.Instance {
	in := instanceOfWF("run-1", "etl", workflows.InstanceRunning, t0)
	in.Nodes[2].Attempts = []workflows.Attempt{attempt(1, workflows.AttemptSucceeded)}
	b := attempt(1, bStatus)
	b.Worker = "w2"
	in.Nodes[3].Attempts = []workflows.Attempt{b}
	f.apply(store.CreateInstance{Instance: in, Definition: definitionJSON(f.t, wfXML(wfSpec{name: "etl"})), Version: 1})
	f.writeLog("run-1", "a", 1, "stdout.log", "a out\n")
	return in
}

func TestAGoneWorkerCostsOneLine(t *testing.T) {
	f, _ := remoteFixture(t)
	seedTwoWorkers(f, workflows.AttemptLost)
	got, err := readLog(t, f, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := "==> node a, attempt 1 (succeeded) <==\na out\n" +
		"\n==> node b, attempt 1 (lost) <==\n" +
		"[actorflow: the stdout of this attempt is on worker w2, which cannot give it: it is not alive in the cluster]\n"
	if got != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}

func TestAWorkerThatDoesNotAnswerCostsOneLinePerStream(t *testing.T) {
	f, ws := remoteFixture(t)
	seedTwoWorkers(f, workflows.AttemptSucceeded)
	dead := httptest.NewServer(http.NotFoundHandler())
	ws.set("w2", dead.URL)
	dead.Close() // w2 is still in gossip, but its port is closed
	got, err := readLog(t, f, "b", 0)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "[actorflow: the stdout of this attempt is on worker w2, which cannot give it: it did not answer: ") ||
		!strings.HasSuffix(lines[0], "connection refused]") || lines[1] != "" ||
		lines[2] != "==> node b, attempt 1 (succeeded), stderr <==" || !strings.HasPrefix(lines[3], "[actorflow: the stderr") {
		t.Fatalf("got %q", got)
	}
}

// A controller that also runs a worker (LogRoot set) reads an attempt whose worker gossip does
// not know from its own disk.
func TestAnUnknownWorkerFallsBackToThisHostsLogs(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.WorkerLogs = func(string) (string, bool) { return "", false } })
	seedLogged(f, workflows.InstanceSucceeded)
	if got, err := readLog(t, f, "b", 0); err != nil || got != "b2 out\n\n==> node b, attempt 2 (succeeded), stderr <==\nb2 warn\n" {
		t.Fatalf("got %q, %v", got, err)
	}
}

// The remote twin of TestFollowStreamsUntilTheInstanceFinishes and of the retries case: the
// retry runs on another worker, and the stream moves there.
func TestFollowStreamsFromRemoteWorkersAcrossARetry(t *testing.T) {
	f, ws := remoteFixture(t)
	w2root := t.TempDir()
	ws.set("w2", serveLogs(t, w2root).URL)
	in, logs := running(f) // c attempt 1 on w1
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	rc, err := f.gw.OpenLog(ctx, "run-1", "c", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	s := startReading(rc)

	io.WriteString(logs.Stdout, "first\n")
	s.waitFor(t, "first\n")
	io.WriteString(logs.Stdout, "second\n")
	s.waitFor(t, "second\n")
	io.WriteString(logs.Stdout, "last words of one\n")
	logs.Close()
	in.Nodes[5].Attempts[0].Status = workflows.AttemptFailed
	retry := attempt(2, workflows.AttemptRunning)
	retry.Worker = "w2"
	in.Nodes[5].Attempts = append(in.Nodes[5].Attempts, retry)
	f.update(in, 5)

	logs2, err := executors.OpenAttemptLogs(worker.LogDir(w2root, "run-1", "c", 2), 0)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(logs2.Stderr, "warning on w2\n")
	s.waitFor(t, "warning on w2\n")
	io.WriteString(logs2.Stdout, "done on w2\n")
	logs2.Close()
	in.Nodes[5].Status = workflows.NodeSucceeded
	in.Nodes[5].Attempts[1].Status = workflows.AttemptSucceeded
	in.Status = workflows.InstanceSucceeded
	f.update(in, 5)

	if err := s.waitEnd(t); !errors.Is(err, io.EOF) {
		t.Fatalf("the stream ended with %v, want EOF", err)
	}
	got := strings.ReplaceAll(s.got.String(), "(succeeded)", "(running)")
	got = strings.ReplaceAll(got, "(failed)", "(running)")
	want := "first\nsecond\nlast words of one\n" +
		"\n==> node c, attempt 2 (running), stderr <==\nwarning on w2\n" +
		"\n==> node c, attempt 2 (running) <==\ndone on w2\n"
	if got != want {
		t.Fatalf("got %q, want %q", s.got.String(), want)
	}
}

// A worker killed while its attempt runs: the follow waits, then, when the attempt is lost,
// says so in one line after the output it had, and goes on to the retry.
func TestFollowOfAnAttemptWhoseWorkerDies(t *testing.T) {
	f, ws := remoteFixture(t)
	in, logs := running(f)
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	rc, err := f.gw.OpenLog(ctx, "run-1", "c", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	s := startReading(rc)
	io.WriteString(logs.Stdout, "partial line without newline")
	s.waitFor(t, "partial line without newline")
	ws.set("w1", "") // w1 leaves gossip
	in.Nodes[5].Attempts[0].Status = workflows.AttemptLost
	in.Nodes[5].Status = workflows.NodeFailed
	in.Status = workflows.InstanceFailed
	f.update(in, 5)
	if err := s.waitEnd(t); !errors.Is(err, io.EOF) {
		t.Fatalf("the stream ended with %v, want EOF", err)
	}
	want := "partial line without newline\n" +
		"[actorflow: the stdout of this attempt is on worker w1, which cannot give it: it is not alive in the cluster]\n"
	if s.got.String() != want {
		t.Fatalf("got %q, want %q", s.got.String(), want)
	}
}

// The stitched view of a live capped log on a worker is what a non-following read shows.
func TestOpenLogShowsAWorkersLiveCappedLog(t *testing.T) {
	f, _ := remoteFixture(t)
	running(f)
	logs, err := executors.OpenAttemptLogs(worker.LogDir(f.logs, "run-1", "c", 1), 32)
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	for i := range 20 {
		io.WriteString(logs.Stdout, strings.Repeat(string(rune('a'+i)), 7)+"\n")
	}
	want, err := executors.ReadLog(worker.LogDir(f.logs, "run-1", "c", 1) + "/" + executors.StdoutLogName)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readLog(t, f, "c", 0)
	if err != nil || got != string(want) || !strings.Contains(got, "ttttttt\n") {
		t.Fatalf("got %q (%v), want %q", got, err, want)
	}
}
