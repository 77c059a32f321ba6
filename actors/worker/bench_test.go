package worker

import (
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
)

// BenchmarkWorkerTrue measures one attempt's round trip through a real worker, serially:
// RunTask → TaskStarted → TaskFinished for a `true` shell task, then the ack. Process
// spawn (~0.9 ms here, reference/stack.md §7) is the floor; the rest is the worker's
// cost: the working directory, three journal lines, three actor hops per event (a silent
// task makes no log file).
func BenchmarkWorkerTrue(b *testing.B) {
	h := newHarness(b)
	action := shell("true")
	var lat []time.Duration
	n := 0
	for b.Loop() {
		n++
		ref := refN("bench", n)
		start := time.Now()
		h.run(ref, 1, action, nil)
		expect[*messages.TaskStarted](b, h.master)
		if fin := expect[*messages.TaskFinished](b, h.master); fin.GetStatus() != messages.AttemptStatus_ATTEMPT_SUCCEEDED {
			b.Fatalf("got %s", describe(fin))
		}
		lat = append(lat, time.Since(start))
		h.from(h.master, &messages.AckTaskFinished{Ref: ref.Proto(), Term: 1})
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
