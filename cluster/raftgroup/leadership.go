package raftgroup

import "sync"

// leaderWatch fans raft's leadership notifications out to any number of
// subscribers without ever blocking raft (raft blocks on Config.NotifyCh, and
// raft's own LeaderCh serves one reader and drops values).
type leaderWatch struct {
	mu     sync.Mutex
	leader bool
	subs   []chan bool
	closed bool
}

// run forwards notifications until stop is closed, then publishes a final
// false (a shut-down node leads nothing) and closes every subscriber.
func (w *leaderWatch) run(in <-chan bool, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for {
		select {
		case v := <-in:
			w.publish(v)
		case <-stop:
			w.publish(false)
			w.close()
			return
		}
	}
}

// publish replaces whatever a subscriber has not read yet with v, so a slow
// reader always sees the current state, never a stale one.
func (w *leaderWatch) publish(v bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.leader = v
	for _, ch := range w.subs {
		select {
		case <-ch:
		default:
		}
		// Cannot block: the buffer was just emptied and only publish,
		// under w.mu, sends.
		ch <- v
	}
}

func (w *leaderWatch) subscribe() <-chan bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := make(chan bool, 1)
	if w.closed {
		close(ch)
		return ch
	}
	// Deliver the current state at once, so "am I leader now, and tell me
	// when that changes" has no gap between the two questions.
	ch <- w.leader
	w.subs = append(w.subs, ch)
	return ch
}

func (w *leaderWatch) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.closed = true
	for _, ch := range w.subs {
		close(ch)
	}
	w.subs = nil
}
