package benchkit

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Hist is a Prometheus histogram's cumulative buckets.
type Hist struct {
	les    []float64
	counts []float64
	sum    float64
	count  float64
}

// HistDelta is the histogram name observed between two scrapes.
func HistDelta(before, after map[string]float64, name string) Hist {
	var h Hist
	for k, v := range after {
		le, ok := strings.CutPrefix(k, name+`_bucket{le="`)
		if !ok {
			continue
		}
		le = strings.TrimSuffix(le, `"}`)
		var x float64
		if le == "+Inf" {
			x = math.Inf(1)
		} else if _, err := fmt.Sscan(le, &x); err != nil {
			continue
		}
		h.les = append(h.les, x)
		h.counts = append(h.counts, v-before[k])
	}
	idx := make([]int, len(h.les))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(h.les[a], h.les[b]) })
	les, counts := make([]float64, len(idx)), make([]float64, len(idx))
	for i, j := range idx {
		les[i], counts[i] = h.les[j], h.counts[j]
	}
	h.les, h.counts = les, counts
	h.sum = after[name+"_sum"] - before[name+"_sum"]
	h.count = after[name+"_count"] - before[name+"_count"]
	return h
}

func (h Hist) Mean() float64 {
	if h.count == 0 {
		return math.NaN()
	}
	return h.sum / h.count
}

// Quantile interpolates linearly inside the bucket, as Prometheus' histogram_quantile does.
func (h Hist) Quantile(q float64) float64 {
	if h.count == 0 || len(h.les) == 0 {
		return math.NaN()
	}
	rank := q * h.count
	prevLe, prevCount := 0.0, 0.0
	for i, le := range h.les {
		if h.counts[i] >= rank {
			if math.IsInf(le, 1) {
				return prevLe
			}
			if h.counts[i] == prevCount {
				return le
			}
			return prevLe + (le-prevLe)*(rank-prevCount)/(h.counts[i]-prevCount)
		}
		prevLe, prevCount = le, h.counts[i]
	}
	return prevLe
}

// ParseMetrics reads a Prometheus text exposition and returns the sample values by their full
// series text (e.g. `actorflow_dispatch_latency_seconds_bucket{le="0.001"}`).
func ParseMetrics(r io.Reader) (map[string]float64, error) {
	out := map[string]float64{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			continue
		}
		out[line[:i]] = v
	}
	return out, sc.Err()
}
