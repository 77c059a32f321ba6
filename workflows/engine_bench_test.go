package workflows

import (
	"fmt"
	"testing"
	"time"
)

// engFanOut is start → fork of n action paths → join → end.
func engFanOut(n int) *engB {
	paths := make([]string, n)
	b := engNew("fanout").start("s", "f")
	for i := range paths {
		paths[i] = fmt.Sprintf("a%d", i)
		b.act(paths[i], "j", "")
	}
	return b.fork("f", paths...).join("j", "e").end("e")
}

// engChain is start → a0 → a1 → … → end.
func engChain(n int) *engB {
	b := engNew("chain").start("s", "a0")
	for i := range n {
		next := fmt.Sprintf("a%d", i+1)
		if i == n-1 {
			next = "e"
		}
		b.act(fmt.Sprintf("a%d", i), next, "")
	}
	return b.end("e")
}

// engDrive runs one instance to completion as a worker pool would: every dispatched attempt
// is acknowledged and then succeeds, in dispatch order. It returns the number of events.
func engDrive(tb testing.TB, p *Plan) int {
	r := NewRun(p, InstanceSpec{ID: "bench"})
	at := engT0
	res, err := r.Apply(Start{At: at})
	if err != nil {
		tb.Fatal(err)
	}
	events := 1
	queue := res.Effects
	for len(queue) > 0 {
		e := queue[0]
		queue = queue[1:]
		d, ok := e.(Dispatch)
		if !ok {
			continue
		}
		at = at.Add(time.Millisecond)
		if _, err := r.Apply(TaskStarted{At: at, Node: d.Node, Attempt: d.Attempt, Worker: "w"}); err != nil {
			tb.Fatal(err)
		}
		res, err := r.Apply(TaskSucceeded{At: at, Node: d.Node, Attempt: d.Attempt})
		if err != nil {
			tb.Fatal(err)
		}
		events += 2
		queue = append(queue, res.Effects...)
	}
	if r.Instance().Status != InstanceSucceeded {
		tb.Fatalf("instance %s: %s", r.Instance().Status, r.Instance().Message)
	}
	return events
}

func engBench(b *testing.B, p *Plan) {
	events := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		events += engDrive(b, p)
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

func BenchmarkEngineFanOut10000(b *testing.B) { engBench(b, engFanOut(10000).plan(b)) }

func BenchmarkEngineChain1000(b *testing.B) { engBench(b, engChain(1000).plan(b)) }

func BenchmarkPlanFanOut10000(b *testing.B) {
	w := engFanOut(10000).w
	for b.Loop() {
		if _, err := NewPlan(w); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEngineFanOutScaling shows that events/s stays flat as the fan-out grows (per-event
// work independent of workflow size). A timing test would be flaky on a shared machine.
func BenchmarkEngineFanOutScaling(b *testing.B) {
	for _, n := range []int{1000, 10000, 40000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { engBench(b, engFanOut(n).plan(b)) })
	}
}
