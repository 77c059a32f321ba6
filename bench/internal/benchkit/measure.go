package benchkit

import (
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// ChainStats are the figures of one chain instance, from its attempts in chain order.
type ChainStats struct {
	// Gaps are attempt n+1 Started − attempt n Ended, in ms (one fewer than attempts).
	Gaps                    []float64
	GapP50, GapP99, GapMean float64
	TaskP50                 float64 // Started → Ended of one attempt, ms
}

// Chain computes the gaps between consecutive attempts of a chain.
func Chain(att []apiv1.Attempt) ChainStats {
	var s ChainStats
	var runs []float64
	for i, a := range att {
		runs = append(runs, Ms(a.Ended.Sub(a.Started.Time)))
		if i > 0 {
			s.Gaps = append(s.Gaps, Ms(a.Started.Sub(att[i-1].Ended.Time)))
		}
	}
	s.GapP50, s.GapP99, s.GapMean = Percentile(s.Gaps, 50), Percentile(s.Gaps, 99), Mean(s.Gaps)
	s.TaskP50 = Percentile(runs, 50)
	return s
}

// FanoutStats are the figures of one fan-out instance.
type FanoutStats struct {
	First, Last time.Time     // earliest Started, latest Ended
	Span        time.Duration // Last − First
	Rate        float64       // attempts / Span, tasks per second
	Concurrency float64       // Σ run time / Span: mean number of tasks running
	TaskP50     float64       // Started → Ended of one attempt, ms
}

// Fanout computes the throughput of a set of attempts that ran in parallel. att must not be
// empty.
func Fanout(att []apiv1.Attempt) FanoutStats {
	s := FanoutStats{First: att[0].Started.Time, Last: att[0].Ended.Time}
	var runs []float64
	var busy time.Duration
	for _, a := range att {
		if a.Started.Before(s.First) {
			s.First = a.Started.Time
		}
		if a.Ended.After(s.Last) {
			s.Last = a.Ended.Time
		}
		busy += a.Ended.Sub(a.Started.Time)
		runs = append(runs, Ms(a.Ended.Sub(a.Started.Time)))
	}
	s.Span = s.Last.Sub(s.First)
	s.Rate = float64(len(att)) / s.Span.Seconds()
	s.Concurrency = float64(busy) / float64(s.Span)
	s.TaskP50 = Percentile(runs, 50)
	return s
}
