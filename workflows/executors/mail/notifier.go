package mail

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// NotifierOptions tunes a Notifier. Zero values take the defaults noted.
type NotifierOptions struct {
	QueueSize       int           // mails waiting at most; default 256
	RetryMax        int           // attempts per mail, the first included; default 5
	RetryBackoff    time.Duration // wait after the first failure, doubled each time; default 2s
	RetryBackoffMax time.Duration // cap of that wait; default 5m
	SubjectPrefix   string        // default DefaultSubjectPrefix
	Logger          *slog.Logger  // default slog.Default()
	// Now and After are the clock; tests pass a fake one so that backoff needs no sleeping.
	// Default time.Now and time.After.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
}

// NotifierOptionsFrom takes the queue and retry settings of cfg.
func NotifierOptionsFrom(cfg Config) NotifierOptions {
	return NotifierOptions{QueueSize: cfg.QueueSize, RetryMax: cfg.RetryMax, RetryBackoff: cfg.RetryBackoff,
		RetryBackoffMax: cfg.RetryBackoffMax, SubjectPrefix: cfg.SubjectPrefix}
}

func (o *NotifierOptions) defaults() {
	if o.QueueSize <= 0 {
		o.QueueSize = 256
	}
	if o.RetryMax <= 0 {
		o.RetryMax = 5
	}
	if o.RetryBackoff <= 0 {
		o.RetryBackoff = 2 * time.Second
	}
	if o.RetryBackoffMax <= 0 {
		o.RetryBackoffMax = 5 * time.Minute
	}
	if o.SubjectPrefix == "" {
		o.SubjectPrefix = DefaultSubjectPrefix
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = time.After
	}
}

// NotifierStats counts what happened to the notifications so far.
type NotifierStats struct {
	Queued  int // accepted into the queue
	Sent    int
	Retries int // failed attempts that were scheduled again
	Failed  int // gave up after RetryMax attempts
	Dropped int // pushed out of a full queue, or still queued at Close
	Skipped int // not queued: no recipients, or mail is not configured
	Pending int // in the queue now, including the one being sent
}

// Notifier sends completion and retry-alert mails in the background. Its methods never
// block on the network: they render the mail and put it in a bounded queue; when the queue
// is full the oldest waiting mail is dropped (and counted) rather than the caller made to
// wait, because the caller is the scheduler. One goroutine sends, retrying a failed mail
// with exponential backoff (RetryBackoff, doubled, capped at RetryBackoffMax) up to
// RetryMax attempts; a mail waiting for its retry does not hold up the ones behind it.
type Notifier struct {
	sender Sender
	opt    NotifierOptions

	mu     sync.Mutex
	queue  []*job // oldest first
	stats  NotifierStats
	closed bool

	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

type job struct {
	msg      Message
	what     string // for the log: "completion of <id>" …
	attempts int
	due      time.Time
	sending  bool
}

// NewNotifier starts a Notifier sending through s. Call Close to stop it.
func NewNotifier(s Sender, opt NotifierOptions) *Notifier {
	opt.defaults()
	ctx, cancel := context.WithCancel(context.Background())
	n := &Notifier{sender: s, opt: opt, wake: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	go n.run(ctx)
	return n
}

// InstanceFinished queues the completion mail of r if its status is in its mail-level and
// it was not killed by a user. It reports whether a mail was queued.
func (n *Notifier) InstanceFinished(r InstanceReport) bool {
	if !WantsMail(r.MailLevel, r.Status) || r.KilledByUser {
		return false
	}
	msg, err := CompletionMessage(n.opt.SubjectPrefix, r)
	if err != nil {
		n.opt.Logger.Error("completion mail not sent", "instance", r.InstanceID, "err", err)
		return false
	}
	return n.enqueue(msg, "completion mail of instance "+r.InstanceID)
}

// NodeRetry queues a node retry alert. It reports whether a mail was queued.
func (n *Notifier) NodeRetry(a RetryAlert) bool {
	msg, err := RetryMessage(n.opt.SubjectPrefix, a)
	if err != nil {
		n.opt.Logger.Error("retry alert not sent", "instance", a.InstanceID, "node", a.Node, "err", err)
		return false
	}
	return n.enqueue(msg, "retry alert of "+a.InstanceID+"/"+a.Node)
}

// Stats returns the counters.
func (n *Notifier) Stats() NotifierStats {
	n.mu.Lock()
	defer n.mu.Unlock()
	s := n.stats
	s.Pending = len(n.queue)
	return s
}

// Close stops the sender goroutine, aborting a send in progress, and waits for it. Mails
// still queued are counted as dropped. Later calls queue nothing.
func (n *Notifier) Close() {
	n.mu.Lock()
	n.closed = true
	n.mu.Unlock()
	n.cancel()
	<-n.done
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.queue) > 0 {
		n.opt.Logger.Warn("mail notifier closed with unsent mails", "dropped", len(n.queue))
		n.stats.Dropped += len(n.queue)
		n.queue = nil
	}
}

func (n *Notifier) enqueue(msg Message, what string) bool {
	if len(msg.To) == 0 {
		n.count(func(s *NotifierStats) { s.Skipped++ })
		n.opt.Logger.Debug("mail not sent: no recipients", "mail", what)
		return false
	}
	if e, ok := n.sender.(interface{ Enabled() bool }); ok && !e.Enabled() {
		n.count(func(s *NotifierStats) { s.Skipped++ })
		n.opt.Logger.Debug("mail not sent: mail is not configured", "mail", what)
		return false
	}
	n.mu.Lock()
	if n.closed {
		n.stats.Dropped++
		n.mu.Unlock()
		return false
	}
	n.stats.Queued++
	n.queue = append(n.queue, &job{msg: msg, what: what, due: n.opt.Now()})
	var dropped *job
	if len(n.queue) > n.opt.QueueSize {
		dropped = n.dropOldestLocked()
	}
	n.mu.Unlock()
	if dropped != nil {
		n.opt.Logger.Warn("mail queue full: dropped the oldest mail", "dropped", dropped.what, "queue_size", n.opt.QueueSize)
	}
	select {
	case n.wake <- struct{}{}:
	default:
	}
	return true
}

// dropOldestLocked removes the oldest queued mail that is not being sent right now.
func (n *Notifier) dropOldestLocked() *job {
	for i, j := range n.queue {
		if !j.sending {
			n.queue = append(n.queue[:i], n.queue[i+1:]...)
			n.stats.Dropped++
			return j
		}
	}
	return nil
}

func (n *Notifier) count(f func(*NotifierStats)) {
	n.mu.Lock()
	f(&n.stats)
	n.mu.Unlock()
}

func (n *Notifier) run(ctx context.Context) {
	defer close(n.done)
	for {
		j, wait := n.next()
		if j == nil {
			var timer <-chan time.Time
			if wait > 0 {
				timer = n.opt.After(wait)
			}
			select {
			case <-ctx.Done():
				return
			case <-n.wake:
			case <-timer:
			}
			continue
		}
		err := n.sender.Send(ctx, j.msg)
		if ctx.Err() != nil {
			n.mu.Lock()
			j.sending = false
			n.mu.Unlock()
			return
		}
		n.finish(j, err)
	}
}

// next picks the oldest mail that is due and marks it as being sent; if none is due it
// says how long until the earliest one is (0: nothing queued).
func (n *Notifier) next() (*job, time.Duration) {
	n.mu.Lock()
	defer n.mu.Unlock()
	now := n.opt.Now()
	var wait time.Duration
	for _, j := range n.queue {
		if !j.due.After(now) {
			j.sending = true
			return j, 0
		}
		if d := j.due.Sub(now); wait == 0 || d < wait {
			wait = d
		}
	}
	return nil, wait
}

func (n *Notifier) finish(j *job, err error) {
	n.mu.Lock()
	j.sending = false
	j.attempts++
	to := strings.Join(j.msg.To, ", ")
	if err == nil {
		n.removeLocked(j)
		n.stats.Sent++
		n.mu.Unlock()
		n.opt.Logger.Info("mail sent", "mail", j.what, "to", to, "attempts", j.attempts)
		return
	}
	if j.attempts >= n.opt.RetryMax {
		n.removeLocked(j)
		n.stats.Failed++
		n.mu.Unlock()
		n.opt.Logger.Error("mail not sent; giving up", "mail", j.what, "to", to, "attempts", j.attempts, "err", err)
		return
	}
	delay := Backoff(n.opt.RetryBackoff, n.opt.RetryBackoffMax, j.attempts)
	j.due = n.opt.Now().Add(delay)
	n.stats.Retries++
	n.mu.Unlock()
	n.opt.Logger.Warn("mail not sent; will retry", "mail", j.what, "to", to, "attempt", j.attempts,
		"retry_in", delay, "err", err)
}

func (n *Notifier) removeLocked(j *job) {
	for i, q := range n.queue {
		if q == j {
			n.queue = append(n.queue[:i], n.queue[i+1:]...)
			return
		}
	}
}

// Backoff is the wait after the failed attempt number failures (1-based): base, 2×base,
// 4×base, … never more than max.
func Backoff(base, max time.Duration, failures int) time.Duration {
	d := base
	for i := 1; i < failures && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}
