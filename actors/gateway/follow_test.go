package gateway

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/worker"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/store"
)

// patience bounds every wait in these tests: a broken follower fails the test instead of
// hanging it. Nothing sleeps; the waits end as soon as the output arrives.
const patience = 10 * time.Second

// stream reads a log reader on a goroutine and hands the text over as it comes.
type stream struct {
	chunks chan string
	end    chan error
	got    strings.Builder
}

func startReading(r io.Reader) *stream {
	s := &stream{chunks: make(chan string, 64), end: make(chan error, 1)}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				s.chunks <- string(buf[:n])
			}
			if err != nil {
				close(s.chunks)
				s.end <- err
				return
			}
		}
	}()
	return s
}

// waitFor collects output until it contains want.
func (s *stream) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(patience)
	for !strings.Contains(s.got.String(), want) {
		select {
		case c, ok := <-s.chunks:
			if !ok {
				t.Fatalf("the stream ended before %q; got %q (%v)", want, s.got.String(), <-s.end)
			}
			s.got.WriteString(c)
		case <-deadline:
			t.Fatalf("no %q within %s; got %q", want, patience, s.got.String())
		}
	}
}

// waitEnd collects output until the reader ends and returns its final error.
func (s *stream) waitEnd(t *testing.T) error {
	t.Helper()
	deadline := time.After(patience)
	for {
		select {
		case c, ok := <-s.chunks:
			if !ok {
				return <-s.end
			}
			s.got.WriteString(c)
		case <-deadline:
			t.Fatalf("the stream did not end within %s; got %q", patience, s.got.String())
		}
	}
}

// running creates run-1 running, with node c's attempt 1 running and its logs open.
func running(f *fixture) (workflows.Instance, *executors.AttemptLogs) {
	f.t.Helper()
	in := instanceOfWF("run-1", "etl", workflows.InstanceRunning, t0)
	in.Nodes[5].Status = workflows.NodeRunning
	in.Nodes[5].Attempts = []workflows.Attempt{attempt(1, workflows.AttemptRunning)}
	f.apply(store.CreateInstance{Instance: in, Definition: definitionJSON(f.t, wfXML(wfSpec{name: "etl"})), Version: 1})
	logs, err := executors.OpenAttemptLogs(worker.LogDir(f.logs, "run-1", "c", 1), 0)
	if err != nil {
		f.t.Fatal(err)
	}
	return in, logs
}

// update stores the changed nodes and header of in.
func (f *fixture) update(in workflows.Instance, changed ...int) {
	f.t.Helper()
	u := in
	u.Nodes = nil
	for _, i := range changed {
		u.Nodes = append(u.Nodes, in.Nodes[i])
	}
	f.apply(store.UpdateInstance{Instance: u})
}

func TestFollowStreamsUntilTheInstanceFinishes(t *testing.T) {
	f := newFixture(t)
	in, logs := running(f)
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

	io.WriteString(logs.Stderr, "warning\n")
	s.waitFor(t, "warning\n")
	// As a worker does: the logs are closed before the result is committed.
	io.WriteString(logs.Stdout, "last words\n")
	logs.Close()
	in.Nodes[5].Status = workflows.NodeSucceeded
	in.Nodes[5].Attempts[0].Status = workflows.AttemptSucceeded
	in.Status, in.Ended = workflows.InstanceSucceeded, t0.Add(time.Minute)
	f.update(in, 5)

	if err := s.waitEnd(t); !errors.Is(err, io.EOF) {
		t.Fatalf("the stream ended with %v, want EOF", err)
	}
	// The last header shows the attempt's status when its output was seen: either.
	got := strings.Replace(s.got.String(), "(succeeded) <==", "(running) <==", 1)
	want := "first\nsecond\n\n==> node c, attempt 1 (running), stderr <==\nwarning\n" +
		"\n==> node c, attempt 1 (running) <==\nlast words\n"
	if got != want {
		t.Fatalf("got %q, want %q", s.got.String(), want)
	}
}

func TestFollowPicksUpRetriesWithHeaders(t *testing.T) {
	f := newFixture(t)
	in, logs := running(f)
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	rc, err := f.gw.OpenLog(ctx, "run-1", "", 0, true) // every action node
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	s := startReading(rc)

	io.WriteString(logs.Stdout, "try one\n")
	s.waitFor(t, "try one\n")
	logs.Close()
	in.Nodes[5].Status = workflows.NodeUpForRetry
	in.Nodes[5].Attempts[0].Status = workflows.AttemptFailed
	in.Nodes[5].Attempts = append(in.Nodes[5].Attempts, attempt(2, workflows.AttemptRunning))
	in.Nodes[5].Status = workflows.NodeRunning
	f.update(in, 5)
	retry, err := executors.OpenAttemptLogs(worker.LogDir(f.logs, "run-1", "c", 2), 0)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(retry.Stdout, "try two\n")
	s.waitFor(t, "try two\n")
	retry.Close()
	in.Nodes[5].Status = workflows.NodeSucceeded
	in.Nodes[5].Attempts[1].Status = workflows.AttemptSucceeded
	in.Status = workflows.InstanceSucceeded
	f.update(in, 5)

	if err := s.waitEnd(t); !errors.Is(err, io.EOF) {
		t.Fatalf("ended with %v", err)
	}
	want := "==> node c, attempt 1 (running) <==\ntry one\n\n==> node c, attempt 2 (running) <==\ntry two\n"
	if s.got.String() != want {
		t.Fatalf("got %q, want %q", s.got.String(), want)
	}
}

func TestFollowOfAFinishedAttemptEndsAtOnce(t *testing.T) {
	f := newFixture(t)
	seedLogged(f, workflows.InstanceRunning)
	rc, err := f.gw.OpenLog(context.Background(), "run-1", "b", 1, true)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	s := startReading(rc)
	if err := s.waitEnd(t); !errors.Is(err, io.EOF) || s.got.String() != "b1 out\n" {
		t.Fatalf("got %q, %v", s.got.String(), err)
	}
}

func TestFollowWaitsForALogNotStartedAndStopsOnCancel(t *testing.T) {
	f := newFixture(t)
	seedLogged(f, workflows.InstanceRunning) // c: dispatched, no files yet
	ctx, cancel := context.WithCancel(context.Background())
	rc, err := f.gw.OpenLog(ctx, "run-1", "c", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	s := startReading(rc)
	f.writeLog("run-1", "c", 1, "stdout.log", "started\n")
	s.waitFor(t, "started\n")
	cancel()
	if err := s.waitEnd(t); codeOf(err) != workflows.CodeUnavailable {
		t.Fatalf("a cancelled follow ends with %v (code %q)", err, codeOf(err))
	}
}

func TestFollowEndsWhenClosed(t *testing.T) {
	f := newFixture(t)
	seedLogged(f, workflows.InstanceRunning)
	rc, err := f.gw.OpenLog(context.Background(), "run-1", "c", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	s := startReading(rc)
	rc.Close()
	if err := s.waitEnd(t); !errors.Is(err, io.EOF) {
		t.Fatalf("closed follower: %v", err)
	}
}
