package scan

import (
	"slices"
	"testing"
	"time"
)

func TestDebounceWaitsForQuiet(t *testing.T) {
	d := newDebouncer(100 * time.Millisecond)
	t0 := time.Unix(1000, 0)
	d.touch("b.xml", t0)
	d.touch("a.xml", t0.Add(10*time.Millisecond))
	d.touch("b.xml", t0.Add(50*time.Millisecond)) // b's burst goes on

	if due, next := d.take(t0.Add(99 * time.Millisecond)); len(due) != 0 || !next.Equal(t0.Add(110*time.Millisecond)) {
		t.Fatalf("early take: due %v next %v", due, next)
	}
	due, next := d.take(t0.Add(110 * time.Millisecond))
	if !slices.Equal(due, []string{"a.xml"}) || !next.Equal(t0.Add(150*time.Millisecond)) {
		t.Fatalf("due %v next %v, want [a.xml] and b at +150ms", due, next)
	}
	due, next = d.take(t0.Add(150 * time.Millisecond))
	if !slices.Equal(due, []string{"b.xml"}) || !next.IsZero() || d.len() != 0 {
		t.Fatalf("due %v next %v len %d", due, next, d.len())
	}
}

// A file written without pause is still examined, at most maxWaitFactor debounces after its
// first event.
func TestDebounceMaxWait(t *testing.T) {
	q := 10 * time.Millisecond
	d := newDebouncer(q)
	t0 := time.Unix(1000, 0)
	for i := range 50 {
		d.touch("busy.xml", t0.Add(time.Duration(i)*q/2))
	}
	due, _ := d.take(t0.Add(maxWaitFactor * q))
	if !slices.Equal(due, []string{"busy.xml"}) {
		t.Fatalf("due %v, want busy.xml after the max wait", due)
	}
}

func TestDebounceSortsDuePaths(t *testing.T) {
	d := newDebouncer(time.Millisecond)
	t0 := time.Unix(1000, 0)
	for _, p := range []string{"c.xml", "a/b.xml", "a.xml", "b.xml"} {
		d.touch(p, t0)
	}
	due, _ := d.take(t0.Add(time.Second))
	if !slices.Equal(due, []string{"a.xml", "a/b.xml", "b.xml", "c.xml"}) {
		t.Fatalf("due %v not sorted", due)
	}
}
