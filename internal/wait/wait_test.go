package wait

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestUntil(t *testing.T) {
	if !Until(time.Hour, func() bool { return true }) {
		t.Fatal("a condition that holds at once was not seen")
	}
	var n atomic.Int32
	if !Until(10*time.Second, func() bool { return n.Add(1) >= 3 }) {
		t.Fatal("a condition that comes to hold was not seen")
	}
	began := time.Now()
	if Until(20*time.Millisecond, func() bool { return false }) {
		t.Fatal("a condition that never holds was reported held")
	}
	if time.Since(began) < 20*time.Millisecond {
		t.Fatal("Until gave up before its timeout")
	}
}

type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Fatalf(format string, args ...any) { r.failed = format }

func TestForFailsWithTheMessage(t *testing.T) {
	r := &recorder{TB: t}
	For(r, time.Millisecond, func() bool { return false }, "the %s", "thing")
	if r.failed != "after %s: the %s" {
		t.Fatalf("failed with %q", r.failed)
	}
}
