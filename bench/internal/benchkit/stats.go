package benchkit

import (
	"math"
	"slices"
	"time"
)

// Percentile is the nearest-rank Percentile of xs (p in [0, 100]): the smallest value with at
// least p% of the samples at or below it. NaN for no samples.
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = min(max(rank, 1), len(s))
	return s[rank-1]
}

// Median is the middle value (the Mean of the two middle values for an even count).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

func MinOf(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return slices.Min(xs)
}

func MaxOf(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return slices.Max(xs)
}

// Ms is d in milliseconds.
func Ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Summary is one metric over the runs of a scenario: median, min, max and how many runs
// gave a value.
type Summary struct {
	Med, Lo, Hi float64
	N           int
}

// Summarize summarizes xs, leaving out NaN (a run that gave no value).
func Summarize(xs []float64) Summary {
	var kept []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			kept = append(kept, x)
		}
	}
	return Summary{Med: Median(kept), Lo: MinOf(kept), Hi: MaxOf(kept), N: len(kept)}
}

// Target writes a target as "≤ 5 ms" or "≥ 500/s"; "" when there is none (NaN).
func Target(target float64, higher bool, unit string) string {
	if math.IsNaN(target) {
		return ""
	}
	op := "≤"
	if higher {
		op = "≥"
	}
	return op + " " + FmtVal(target, 0, unit)
}

// Verdict says whether s meets target: "FAILED" without any value, "" without a target.
func Verdict(s Summary, target float64, higher bool) string {
	switch {
	case s.N == 0:
		return "FAILED"
	case math.IsNaN(target):
		return ""
	case higher && s.Med >= target, !higher && s.Med <= target:
		return "meets"
	}
	return "MISSES"
}
