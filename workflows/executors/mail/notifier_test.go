package mail

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/internal/wait"
	"github.com/actorflow/actorflow/workflows"
)

// fakeClock is a manual clock: After registers a timer that fires when Advance passes it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
	asked  []time.Duration // every After duration, in order
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2024, 5, 1, 3, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.asked = append(c.asked, d)
	c.timers = append(c.timers, fakeTimer{at: c.now.Add(d), ch: ch})
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if !tm.at.After(c.now) {
			tm.ch <- c.now
		} else {
			kept = append(kept, tm)
		}
	}
	c.timers = kept
}

// waitTimer waits until a timer at least d long is pending and returns the latest asked
// duration.
func (c *fakeClock) waitTimer(t *testing.T) time.Duration {
	t.Helper()
	eventually(t, "a pending backoff timer", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.timers) > 0
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.asked[len(c.asked)-1]
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	wait.For(t, 10*time.Second, cond, "gave up waiting for %s", what)
}

// flakySender fails its first n sends.
type flakySender struct {
	mu    sync.Mutex
	fails int
	calls int
	sent  []Message
}

func (f *flakySender) Send(_ context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.calls <= f.fails {
		return fmt.Errorf("451 try again later (call %d)", f.calls)
	}
	f.sent = append(f.sent, m)
	return nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func failedReport(id string) InstanceReport {
	start := time.Date(2024, 5, 1, 2, 0, 0, 0, time.UTC)
	return InstanceReport{InstanceID: id, Workflow: "wf_load", Status: workflows.InstanceFailed,
		MailLevel: []workflows.InstanceStatus{workflows.InstanceFailed}, Receivers: []string{"ops@example.test"},
		Start: start, End: start.Add(90 * time.Second),
		Nodes: []NodeRow{{Name: "extract", Type: "script", Status: workflows.NodeFailed, Attempts: 3,
			Start: start, End: start.Add(80 * time.Second), Message: "exit code 2"}},
		LogTail: "line 1\n<script>alert(1)</script>\n"}
}

func TestNotifierRetriesWithExponentialBackoff(t *testing.T) {
	clock := newFakeClock()
	s := &flakySender{fails: 3}
	logs := &syncBuffer{}
	n := NewNotifier(s, NotifierOptions{RetryMax: 5, RetryBackoff: time.Second, RetryBackoffMax: 3 * time.Second,
		Now: clock.Now, After: clock.After, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	defer n.Close()

	if !n.InstanceFinished(failedReport("i-1")) {
		t.Fatal("a failed instance with mail-level failed was not queued")
	}
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 3 * time.Second} {
		if got := clock.waitTimer(t); got != want {
			t.Fatalf("backoff %s, want %s", got, want)
		}
		clock.Advance(want)
	}
	eventually(t, "the mail to be sent", func() bool { return n.Stats().Sent == 1 })
	st := n.Stats()
	if st.Retries != 3 || st.Failed != 0 || st.Pending != 0 {
		t.Fatalf("stats %+v, want 3 retries and nothing pending", st)
	}
	if c := strings.Count(logs.String(), "will retry"); c != 3 {
		t.Errorf("%d retry log lines, want 3:\n%s", c, logs)
	}
}

func TestNotifierGivesUpAfterRetryMaxAgainstAnUnreachableServer(t *testing.T) {
	clock := newFakeClock()
	logs := &syncBuffer{}
	m := NewMailer(plainConfig(closedPort(t)))
	n := NewNotifier(m, NotifierOptions{RetryMax: 3, RetryBackoff: time.Minute, RetryBackoffMax: time.Hour,
		Now: clock.Now, After: clock.After, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	defer n.Close()

	n.InstanceFinished(failedReport("i-2"))
	for _, want := range []time.Duration{time.Minute, 2 * time.Minute} {
		if got := clock.waitTimer(t); got != want {
			t.Fatalf("backoff %s, want %s", got, want)
		}
		clock.Advance(want)
	}
	eventually(t, "the notifier to give up", func() bool { return n.Stats().Failed == 1 })
	out := logs.String()
	for _, want := range []string{"connection refused", "will retry", "giving up", "i-2"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// gateSender blocks every send until released, and says when one started.
type gateSender struct {
	started chan Message
	release chan struct{}
	mu      sync.Mutex
	sent    []string
}

func (g *gateSender) Send(ctx context.Context, m Message) error {
	g.started <- m
	select {
	case <-g.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	g.mu.Lock()
	g.sent = append(g.sent, m.Subject)
	g.mu.Unlock()
	return nil
}

func TestNotifierNeverBlocksAndDropsTheOldest(t *testing.T) {
	g := &gateSender{started: make(chan Message, 16), release: make(chan struct{})}
	n := NewNotifier(g, NotifierOptions{QueueSize: 2, Logger: slog.New(slog.NewTextHandler(&syncBuffer{}, nil))})
	defer n.Close()

	n.InstanceFinished(failedReport("i-1"))
	<-g.started // i-1 is in flight and stuck on the server

	done := make(chan struct{})
	go func() {
		for _, id := range []string{"i-2", "i-3", "i-4"} {
			n.InstanceFinished(failedReport(id))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("queueing blocked while the server hangs")
	}
	if st := n.Stats(); st.Dropped != 2 || st.Pending != 2 {
		t.Fatalf("stats %+v, want 2 dropped (i-2, i-3) and 2 pending", st)
	}
	close(g.release)
	eventually(t, "the remaining mails", func() bool { return n.Stats().Sent == 2 })
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.sent) != 2 || !strings.Contains(g.sent[0], "i-1") || !strings.Contains(g.sent[1], "i-4") {
		t.Fatalf("sent %q, want i-1 then i-4", g.sent)
	}
}

func TestNotifierMailLevel(t *testing.T) {
	s := &flakySender{}
	n := NewNotifier(s, NotifierOptions{})
	defer n.Close()

	ok := failedReport("i-1")
	ok.Status = workflows.InstanceSucceeded
	if n.InstanceFinished(ok) {
		t.Error("a success was mailed under mail-level failed")
	}
	level, err := ParseMailLevel("成功,W_KILLED")
	if err != nil {
		t.Fatal(err)
	}
	ok.MailLevel = level
	if !n.InstanceFinished(ok) {
		t.Error("a success was not mailed under mail-level 成功")
	}
	killed := failedReport("i-2")
	killed.Status, killed.MailLevel, killed.KilledByUser = workflows.InstanceKilled, level, true
	if n.InstanceFinished(killed) {
		t.Error("a kill asked for by a user was mailed")
	}
	none := failedReport("i-3")
	none.Receivers = nil
	if n.InstanceFinished(none) {
		t.Error("a mail without recipients was queued")
	}
	eventually(t, "the one mail", func() bool { return n.Stats().Sent == 1 })
	if st := n.Stats(); st.Skipped != 1 {
		t.Errorf("stats %+v, want 1 skipped", st)
	}
}

func TestNotifierSkipsWhenMailIsNotConfigured(t *testing.T) {
	n := NewNotifier(NewMailer(Config{}), NotifierOptions{})
	defer n.Close()
	if n.InstanceFinished(failedReport("i-1")) {
		t.Fatal("queued although mail is off")
	}
	if st := n.Stats(); st.Skipped != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestNotifierCloseAbortsAndCounts(t *testing.T) {
	g := &gateSender{started: make(chan Message, 4), release: make(chan struct{})}
	n := NewNotifier(g, NotifierOptions{Logger: slog.New(slog.NewTextHandler(&syncBuffer{}, nil))})
	n.InstanceFinished(failedReport("i-1"))
	<-g.started
	n.InstanceFinished(failedReport("i-2"))
	n.Close()
	if st := n.Stats(); st.Dropped != 2 || st.Sent != 0 {
		t.Fatalf("stats %+v, want both unsent mails counted as dropped", st)
	}
	if n.InstanceFinished(failedReport("i-3")) {
		t.Fatal("queued after Close")
	}
}

func TestCompletionMailArrives(t *testing.T) {
	s := startSink(t, sinkOptions{})
	n := NewNotifier(NewMailer(plainConfig(s.port)), NotifierOptions{SubjectPrefix: "[etl] "})
	defer n.Close()
	n.InstanceFinished(failedReport("i-9"))
	m := s.wait(t, 1)
	subject, _, body := parsed(t, m.Data)
	if subject != "[etl] workflow wf_load failed (instance i-9)" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"<td>extract</td>", "<td>failed</td>", "<td>3</td>", "<td>1m20s</td>",
		"2024-05-01 02:00:00", "exit code 2", "&lt;script&gt;alert(1)&lt;/script&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<script>") {
		t.Error("the log tail was not escaped")
	}
}

func TestRetryAlertMail(t *testing.T) {
	s := &flakySender{}
	n := NewNotifier(s, NotifierOptions{SubjectPrefix: "[af] "})
	defer n.Close()
	n.NodeRetry(RetryAlert{InstanceID: "i-1", Workflow: "wf", Node: "load", ActionType: "sql", Attempt: 2,
		MaxAttempts: 4, Message: "deadlock", NextRetryIn: 30 * time.Second, Receivers: []string{"a@x"}})
	eventually(t, "the alert", func() bool { return n.Stats().Sent == 1 })
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.sent[0]
	if m.Subject != "[af] sql node wf.load failed (attempt 2 of 4), retrying" {
		t.Errorf("subject %q", m.Subject)
	}
	if !strings.Contains(m.HTML, "deadlock") || !strings.Contains(m.HTML, "30s") {
		t.Errorf("body %s", m.HTML)
	}
}

func TestBackoff(t *testing.T) {
	for i, want := range []time.Duration{1, 2, 4, 8, 10, 10} {
		if got := Backoff(1, 10, i+1); got != want {
			t.Errorf("Backoff(1, 10, %d) = %d, want %d", i+1, got, want)
		}
	}
}
