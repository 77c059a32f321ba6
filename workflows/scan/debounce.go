package scan

import (
	"sort"
	"time"
)

// maxWaitFactor bounds how long a path that keeps changing can be put off, in Debounces.
const maxWaitFactor = 10

// debouncer collects paths that had events until each has been quiet long enough. It is
// plain data (time is an argument); Run owns the timer. Only take walks the map, so a burst
// of N events costs O(N) in total, not O(N) per event.
type debouncer struct {
	quiet   time.Duration
	maxWait time.Duration
	pending map[string]window
}

// window is the first and last event seen for one path.
type window struct{ first, last time.Time }

func newDebouncer(quiet time.Duration) *debouncer {
	return &debouncer{quiet: quiet, maxWait: maxWaitFactor * quiet, pending: map[string]window{}}
}

// touch notes an event for rel at now.
func (d *debouncer) touch(rel string, now time.Time) {
	w, ok := d.pending[rel]
	if !ok {
		w.first = now
	}
	w.last = now
	d.pending[rel] = w
}

func (d *debouncer) len() int { return len(d.pending) }

// deadline is when a path is examined: quiet after its last event, but no later than
// maxWait after its first, so that a file written without pause is still picked up.
func (d *debouncer) deadline(w window) time.Time {
	due := w.last.Add(d.quiet)
	if limit := w.first.Add(d.maxWait); limit.Before(due) {
		return limit
	}
	return due
}

// take removes and returns the paths due at now, sorted, and the earliest deadline of those
// left (zero when none is left).
func (d *debouncer) take(now time.Time) (due []string, next time.Time) {
	for rel, w := range d.pending {
		at := d.deadline(w)
		if !at.After(now) {
			due = append(due, rel)
			delete(d.pending, rel)
			continue
		}
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	sort.Strings(due)
	return due, next
}
