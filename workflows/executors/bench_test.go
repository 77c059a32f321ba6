package executors

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// benchRun runs one task per iteration, serially, and reports the latency percentiles
// (spawn cost dominates, so the median is the number to compare with reference/stack.md §7).
func benchRun(b *testing.B, x Executor, newTask func() Task) {
	var lat []time.Duration
	for b.Loop() {
		task := newTask()
		start := time.Now()
		r := x.Run(context.Background(), task, TaskIO{})
		lat = append(lat, time.Since(start))
		if r.Status != workflows.AttemptSucceeded {
			b.Fatalf("%s %q", r.Status, r.Message)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func BenchmarkScriptTrue(b *testing.B) {
	x := NewScript(Config{WorkRoot: b.TempDir()})
	benchRun(b, x, func() Task { return scriptTask("true") })
}

func BenchmarkShellTrue(b *testing.B) {
	x := NewShell(Config{WorkRoot: b.TempDir()})
	benchRun(b, x, func() Task { return shellTask("true") })
}
