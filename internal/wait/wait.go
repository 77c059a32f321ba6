package wait

import (
	"testing"
	"time"
)

// Every is how often a condition is checked again.
const Every = 5 * time.Millisecond

// Until reports whether cond held within timeout, checking every Every.
func Until(timeout time.Duration, cond func() bool) bool { return Poll(timeout, Every, cond) }

// Poll is Until checking every given interval: for conditions that cost something to check
// (an HTTP call, a process listing).
func Poll(timeout, every time.Duration, cond func() bool) bool {
	if cond() {
		return true
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-deadline.C:
			return cond()
		case <-tick.C:
			if cond() {
				return true
			}
		}
	}
}

// For waits until cond holds, failing t with the message when timeout passes first.
func For(t testing.TB, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	if !Until(timeout, cond) {
		t.Fatalf("after %s: "+format, append([]any{timeout}, args...)...)
	}
}
