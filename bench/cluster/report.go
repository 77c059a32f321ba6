package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// summary is one metric over the runs of a scenario.
type summary struct {
	med, lo, hi float64
	n           int
}

func summarize(o *outcome, key string) summary {
	var xs []float64
	for _, r := range o.runs {
		if v, ok := r.values[key]; ok && !math.IsNaN(v) {
			xs = append(xs, v)
		}
	}
	return summary{med: benchkit.Median(xs), lo: benchkit.MinOf(xs), hi: benchkit.MaxOf(xs), n: len(xs)}
}

func fmtTarget(m metricDef) string {
	if math.IsNaN(m.target) {
		return ""
	}
	op := "≤"
	if m.higher {
		op = "≥"
	}
	return op + " " + benchkit.FmtVal(m.target, 0, m.unit)
}

// times says how many times ref's cost the measurement is (> 1: slower or costlier than ref);
// for a rate, ref ÷ v.
func times(m metricDef, ref, v float64) string {
	if math.IsNaN(ref) || math.IsNaN(v) || v == 0 {
		return ""
	}
	r := v / ref
	if m.higher {
		r = ref / v
	}
	return fmt.Sprintf("×%.1f", r)
}

func verdict(m metricDef, s summary) string {
	switch {
	case s.n == 0:
		return "FAILED"
	case math.IsNaN(m.target):
		return ""
	case m.higher && s.med >= m.target, !m.higher && s.med <= m.target:
		return "meets"
	}
	return "MISSES"
}

func fmtRef(m metricDef, v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return benchkit.FmtVal(v, m.prec, m.unit)
}

// nowRef is the median of the metric in the reference scenario measured in this invocation,
// NaN when there is none.
func nowRef(results []*outcome, m metricDef) float64 {
	for _, o := range results {
		if m.now != "" && o.sc.name == m.now {
			return summarize(o, m.key).med
		}
	}
	return nan
}

func printTable(w io.Writer, in info, results []*outcome) {
	fmt.Fprintf(w, "\nactorflow cluster benchmark — %s, commit %s\n", in.date, in.commit)
	fmt.Fprintf(w, "%d× %s, Linux %s, temp dirs on %s, %s; load avg %s at start, %s at end; %d runs per scenario, %.0fs in all\n",
		in.cpus, in.cpu, in.kernel, in.fs, in.goVersion, in.loadStart, in.loadEnd, in.runs, in.elapsed.Seconds())
	fmt.Fprintf(w, "\"README\": README's standalone figure, \"now\": the standalone reference measured in these rounds; \"vs\": cost relative to it (×1.0 = as fast); floor: ARCHITECTURE.md §9\n\n")
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tmetric\ttarget\tmedian\tmin\tmax\tREADME\tvs README\tnow\tvs now\tfloor\tvs floor\tverdict\t")
	for _, o := range results {
		first := true
		for _, m := range o.sc.metrics {
			s := summarize(o, m.key)
			if s.n == 0 && len(o.runs) > 0 {
				continue // not a figure of this shape (e.g. standbys of a standalone server)
			}
			name := ""
			if first {
				name, first = o.sc.name, false
			}
			now := nowRef(results, m)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, m.label, fmtTarget(m),
				benchkit.FmtVal(s.med, m.prec, m.unit), benchkit.FmtVal(s.lo, m.prec, m.unit), benchkit.FmtVal(s.hi, m.prec, m.unit),
				fmtRef(m, m.standalone), times(m, m.standalone, s.med), fmtRef(m, now), times(m, now, s.med),
				fmtRef(m, m.floor), times(m, m.floor, s.med), verdict(m, s))
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, o := range results {
		fmt.Fprintf(w, "%s: %s (%d/%d runs ok)\n", o.sc.name, o.sc.about, len(o.runs), len(o.runs)+len(o.errs))
		for _, e := range o.errs {
			fmt.Fprintf(w, "  error: %s\n", e)
		}
		for i, r := range o.runs {
			for _, n := range r.notes {
				fmt.Fprintf(w, "  run %d: %s\n", i+1, n)
			}
		}
	}
}

func printMarkdown(w io.Writer, in info, results []*outcome) {
	fmt.Fprintf(w, "### Cluster, end to end (`%s`)\n\n", in.command)
	fmt.Fprintf(w, "Each figure comes from the real binary: a fresh cluster of separate processes on loopback for every\n")
	fmt.Fprintf(w, "run, each node on its own 127.a.b.x address. Median of %d runs (min–max). %s; %d× %s, Linux %s, %s,\n",
		in.runs, in.date, in.cpus, in.cpu, in.kernel, in.fs)
	fmt.Fprintf(w, "commit %s. A shared, loaded machine: load average %s at the start, %s at the end.\n", in.commit, in.loadStart, in.loadEnd)
	fmt.Fprintf(w, "\"README\" is the standalone figure above, \"now\" the `actorflow standalone` reference measured in the same rounds\n")
	fmt.Fprintf(w, "(same binary, same load); \"vs\" divides the cost by it (×1.0 = as fast). \"floor\": ARCHITECTURE.md §9. Method: `bench/README.md`.\n\n")
	fmt.Fprintln(w, "| scenario | metric | target | median (min–max) | README | vs README | now | vs now | floor | vs floor | |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	for _, o := range results {
		first := true
		for _, m := range o.sc.metrics {
			if math.IsNaN(m.target) && !m.readme && math.IsNaN(m.standalone) {
				continue
			}
			s := summarize(o, m.key)
			if s.n == 0 && len(o.runs) > 0 {
				continue
			}
			name := ""
			if first {
				name, first = "`"+o.sc.name+"`", false
			}
			v := verdict(m, s)
			switch v {
			case "meets":
				v = "✓"
			case "MISSES":
				v = "✗ misses"
			case "FAILED":
				v = "failed"
			}
			rng := benchkit.FmtVal(s.med, m.prec, m.unit)
			if s.n > 1 {
				rng += fmt.Sprintf(" (%s–%s)", benchkit.FmtVal(s.lo, m.prec, ""), benchkit.FmtVal(s.hi, m.prec, ""))
			}
			now := nowRef(results, m)
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, m.label, orDash(fmtTarget(m)), rng,
				orDash(fmtRef(m, m.standalone)), orDash(times(m, m.standalone, s.med)),
				orDash(fmtRef(m, now)), orDash(times(m, now, s.med)),
				orDash(fmtRef(m, m.floor)), orDash(times(m, m.floor, s.med)), v)
		}
	}
	fmt.Fprintln(w)
	for _, o := range results {
		for _, e := range o.errs {
			fmt.Fprintf(w, "- `%s` %s\n", o.sc.name, firstLine(e))
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
