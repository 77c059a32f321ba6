package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

type summary = benchkit.Summary

func summarize(o *outcome, key string) summary {
	var xs []float64
	for _, r := range o.runs {
		if v, ok := r.values[key]; ok {
			xs = append(xs, v)
		}
	}
	return benchkit.Summarize(xs)
}

func fmtTarget(m metricDef) string { return benchkit.Target(m.target, m.higher, m.unit) }

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

func verdict(m metricDef, s summary) string { return benchkit.Verdict(s, m.target, m.higher) }

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
			return summarize(o, m.key).Med
		}
	}
	return nan
}

func printTable(w io.Writer, in benchkit.Machine, results []*outcome) {
	fmt.Fprintf(w, "\nactorflow cluster benchmark — %s, commit %s\n", in.Date, in.Commit)
	fmt.Fprintf(w, "%d× %s, Linux %s, temp dirs on %s, %s; load avg %s at start, %s at end; %d runs per scenario, %.0fs in all\n",
		in.CPUs, in.CPU, in.Kernel, in.FS, in.GoVersion, in.LoadStart, in.LoadEnd, in.Runs, in.Elapsed.Seconds())
	fmt.Fprintf(w, "\"README\": README's standalone figure, \"now\": the standalone reference measured in these rounds; \"vs\": cost relative to it (×1.0 = as fast); floor: ARCHITECTURE.md §9\n\n")
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tmetric\ttarget\tmedian\tmin\tmax\tREADME\tvs README\tnow\tvs now\tfloor\tvs floor\tverdict\t")
	for _, o := range results {
		first := true
		for _, m := range o.sc.metrics {
			s := summarize(o, m.key)
			if s.N == 0 && len(o.runs) > 0 {
				continue // not a figure of this shape (e.g. standbys of a standalone server)
			}
			name := ""
			if first {
				name, first = o.sc.name, false
			}
			now := nowRef(results, m)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, m.label, fmtTarget(m),
				benchkit.FmtVal(s.Med, m.prec, m.unit), benchkit.FmtVal(s.Lo, m.prec, m.unit), benchkit.FmtVal(s.Hi, m.prec, m.unit),
				fmtRef(m, m.standalone), times(m, m.standalone, s.Med), fmtRef(m, now), times(m, now, s.Med),
				fmtRef(m, m.floor), times(m, m.floor, s.Med), verdict(m, s))
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

func printMarkdown(w io.Writer, in benchkit.Machine, results []*outcome) {
	fmt.Fprintf(w, "### Cluster, end to end (`%s`)\n\n", in.Command)
	fmt.Fprintf(w, "Each figure comes from the real binary: a fresh cluster of separate processes on loopback for every\n")
	fmt.Fprintf(w, "run, each node on its own 127.a.b.x address. Median of %d runs (min–max). %s; %d× %s, Linux %s, %s,\n",
		in.Runs, in.Date, in.CPUs, in.CPU, in.Kernel, in.FS)
	fmt.Fprintf(w, "commit %s. A shared, loaded machine: load average %s at the start, %s at the end.\n", in.Commit, in.LoadStart, in.LoadEnd)
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
			if s.N == 0 && len(o.runs) > 0 {
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
			rng := benchkit.FmtVal(s.Med, m.prec, m.unit)
			if s.N > 1 {
				rng += fmt.Sprintf(" (%s–%s)", benchkit.FmtVal(s.Lo, m.prec, ""), benchkit.FmtVal(s.Hi, m.prec, ""))
			}
			now := nowRef(results, m)
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, m.label, orDash(fmtTarget(m)), rng,
				orDash(fmtRef(m, m.standalone)), orDash(times(m, m.standalone, s.Med)),
				orDash(fmtRef(m, now)), orDash(times(m, now, s.Med)),
				orDash(fmtRef(m, m.floor)), orDash(times(m, m.floor, s.Med)), v)
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
