package benchkit

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

func at(base time.Time, ms int) apiv1.Time {
	return apiv1.Time{Time: base.Add(time.Duration(ms) * time.Millisecond)}
}

func TestChainGapsAreNextStartMinusPreviousEnd(t *testing.T) {
	t0 := time.Unix(1000, 0)
	att := []apiv1.Attempt{
		{Started: at(t0, 0), Ended: at(t0, 10)},
		{Started: at(t0, 12), Ended: at(t0, 20)}, // gap 2
		{Started: at(t0, 25), Ended: at(t0, 30)}, // gap 5
		{Started: at(t0, 31), Ended: at(t0, 40)}, // gap 1
	}
	s := Chain(att)
	if want := []float64{2, 5, 1}; len(s.Gaps) != 3 || s.Gaps[0] != want[0] || s.Gaps[1] != want[1] || s.Gaps[2] != want[2] {
		t.Fatalf("gaps %v, want %v", s.Gaps, want)
	}
	if s.GapP50 != 2 || s.GapP99 != 5 || s.GapMean != 8.0/3 {
		t.Errorf("p50 %v p99 %v mean %v, want 2, 5, 2.67", s.GapP50, s.GapP99, s.GapMean)
	}
	if s.TaskP50 != 8 { // runs 10, 8, 5, 9
		t.Errorf("task p50 %v, want 8", s.TaskP50)
	}
}

func TestFanoutRateSpansFirstStartToLastEnd(t *testing.T) {
	t0 := time.Unix(1000, 0)
	att := []apiv1.Attempt{
		{Started: at(t0, 100), Ended: at(t0, 600)},
		{Started: at(t0, 0), Ended: at(t0, 500)},
		{Started: at(t0, 500), Ended: at(t0, 1000)},
		{Started: at(t0, 200), Ended: at(t0, 700)},
	}
	s := Fanout(att)
	if s.Span != time.Second || s.Rate != 4 {
		t.Errorf("span %v rate %v, want 1s and 4/s", s.Span, s.Rate)
	}
	if s.Concurrency != 2 { // 4 × 500 ms of work in 1 s
		t.Errorf("concurrency %v, want 2", s.Concurrency)
	}
}

func TestPercentileIsNearestRank(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	for _, c := range []struct{ p, want float64 }{{0, 1}, {20, 1}, {21, 2}, {50, 3}, {99, 5}, {100, 5}} {
		if got := Percentile(xs, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
	if !math.IsNaN(Percentile(nil, 50)) || !math.IsNaN(Median(nil)) {
		t.Error("no samples must give NaN")
	}
	if Median([]float64{4, 1, 3, 2}) != 2.5 {
		t.Error("median of an even count is the mean of the middle two")
	}
}

const exposition = `# HELP actorflow_dispatch_latency_seconds x
# TYPE actorflow_dispatch_latency_seconds histogram
actorflow_dispatch_latency_seconds_bucket{le="0.001"} %d
actorflow_dispatch_latency_seconds_bucket{le="0.01"} %d
actorflow_dispatch_latency_seconds_bucket{le="+Inf"} %d
actorflow_dispatch_latency_seconds_sum %s
actorflow_dispatch_latency_seconds_count %d
go_goroutines 12
`

func scrape(t *testing.T, text string) map[string]float64 {
	t.Helper()
	m, err := ParseMetrics(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestHistDeltaIsWhatWasObservedBetweenScrapes(t *testing.T) {
	before := scrape(t, strings.NewReplacer("%d", "0", "%s", "0").Replace(exposition))
	after := scrape(t, `actorflow_dispatch_latency_seconds_bucket{le="0.001"} 5
actorflow_dispatch_latency_seconds_bucket{le="0.01"} 10
actorflow_dispatch_latency_seconds_bucket{le="+Inf"} 10
actorflow_dispatch_latency_seconds_sum 0.04
actorflow_dispatch_latency_seconds_count 10
`)
	if before["go_goroutines"] != 12 {
		t.Fatalf("go_goroutines = %v, want 12", before["go_goroutines"])
	}
	h := HistDelta(before, after, "actorflow_dispatch_latency_seconds")
	if math.Abs(h.Mean()-0.004) > 1e-12 {
		t.Errorf("mean %v, want 0.004", h.Mean())
	}
	if q := h.Quantile(0.5); q != 0.001 { // the 5th of 10 is the last in the first bucket
		t.Errorf("p50 %v, want 0.001", q)
	}
	if q := h.Quantile(0.75); math.Abs(q-0.0055) > 1e-12 { // half-way into (0.001, 0.01]
		t.Errorf("p75 %v, want 0.0055", q)
	}
}

func FuzzParseMetrics(f *testing.F) {
	f.Add(exposition)
	f.Add("a 1\nb{x=\"y z\"} 2e3\n# c\n\nbad\n")
	f.Fuzz(func(t *testing.T, text string) {
		m, err := ParseMetrics(strings.NewReader(text))
		if err != nil {
			return // a line over 1 MiB
		}
		for k := range m {
			if strings.Contains(k, "\n") {
				t.Fatalf("series %q spans lines", k)
			}
		}
		HistDelta(m, m, "a").Quantile(0.5)
	})
}
