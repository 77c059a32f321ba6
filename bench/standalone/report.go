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

// ratio says how many times the floor's cost the measurement is (≥ 1: slower than the floor).
func ratio(m metricDef, v float64) string {
	if math.IsNaN(m.floor) || math.IsNaN(v) || v == 0 {
		return ""
	}
	r := v / m.floor
	if m.higher {
		r = m.floor / v
	}
	return fmt.Sprintf("×%.1f", r)
}

func verdict(m metricDef, s summary) string { return benchkit.Verdict(s, m.target, m.higher) }

func fmtFloor(m metricDef) string {
	if math.IsNaN(m.floor) {
		return ""
	}
	prec := 1
	if m.unit == "/s" {
		prec = 0
	}
	return benchkit.FmtVal(m.floor, prec, m.unit)
}

func printTable(w io.Writer, in benchkit.Machine, results []*outcome) {
	fmt.Fprintf(w, "\nactorflow standalone benchmark — %s, commit %s\n", in.Date, in.Commit)
	fmt.Fprintf(w, "%d× %s, Linux %s, temp dirs on %s, %s; load avg %s at start, %s at end; %d runs per scenario, %.0fs in all\n\n",
		in.CPUs, in.CPU, in.Kernel, in.FS, in.GoVersion, in.LoadStart, in.LoadEnd, in.Runs, in.Elapsed.Seconds())
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tmetric\ttarget\tmedian\tmin\tmax\tfloor\tvs floor\tverdict\t")
	for _, o := range results {
		for i, m := range o.sc.metrics {
			s := summarize(o, m.key)
			name := ""
			if i == 0 {
				name = o.sc.name
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, m.label, fmtTarget(m),
				benchkit.FmtVal(s.Med, m.prec, m.unit), benchkit.FmtVal(s.Lo, m.prec, m.unit), benchkit.FmtVal(s.Hi, m.prec, m.unit),
				fmtFloor(m), ratio(m, s.Med), verdict(m, s))
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, o := range results {
		fmt.Fprintf(w, "%s: %s (%d/%d runs ok)\n", o.sc.name, o.sc.about, len(o.runs), len(o.runs)+len(o.errs))
		for _, e := range o.errs {
			fmt.Fprintf(w, "  error: %s\n", e)
		}
		for _, n := range o.notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
		for i, r := range o.runs {
			for _, n := range r.notes {
				fmt.Fprintf(w, "  note (run %d): %s\n", i+1, n)
			}
		}
	}
}

func printDiag(w io.Writer, floors []floor, t *traceReport, profiles []*profile, notes []string) {
	if len(floors) > 0 {
		fmt.Fprintln(w, "\nfloors measured on this machine, in this process (same file system):")
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		for _, f := range floors {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t\n", f.label, benchkit.FmtVal(f.value, floorPrec(f), f.unit), f.design)
		}
		tw.Flush()
	}
	if t != nil {
		fmt.Fprintf(w, "\none chain run (script tasks) under `%s trace`, server threads only, %d task exits seen (traced syscalls are slowed, so times are inflated):\n", t.tool, t.tasks)
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "  syscall\tcalls/task\tms inside/task\t")
		for _, c := range t.perTask {
			fmt.Fprintf(tw, "  %s\t%.1f\t%.3f\t\n", c.name, c.calls, c.ms)
		}
		tw.Flush()
		fmt.Fprintf(w, "  critical path, median over %d transitions (%.0f fsync calls on it):\n", t.samples, t.fsyncs)
		tw = tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		for _, s := range t.segments {
			fmt.Fprintf(tw, "    %s\t%.2f ms\t\n", s.label, s.ms)
		}
		tw.Flush()
	}
	for _, p := range profiles {
		fmt.Fprintf(w, "\n%s under perf record (%.1f s), CPU samples by function:\n", p.what, p.seconds)
		fmt.Fprintf(w, "  self:      %s\n", strings.Join(p.self, ", "))
		fmt.Fprintf(w, "  inclusive: %s\n", strings.Join(p.inclusive, ", "))
	}
	for _, n := range notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}

func floorPrec(f floor) int {
	if f.unit == "/s" {
		return 0
	}
	return 2
}

func printMarkdown(w io.Writer, in benchkit.Machine, results []*outcome, floors []floor, t *traceReport, profiles []*profile) {
	fmt.Fprintf(w, "### Performance (standalone)\n\n")
	fmt.Fprintf(w, "Measured with `%s` against the real binary, each run on a fresh\n", in.Command)
	fmt.Fprintf(w, "server with temporary directories: median of %d runs (min–max). %s; %d× %s, Linux %s, %s,\n",
		in.Runs, in.Date, in.CPUs, in.CPU, in.Kernel, in.FS)
	fmt.Fprintf(w, "commit %s. A shared, noisy machine (load average %s → %s). \"vs floor\" is the cost\n", in.Commit, in.LoadStart, in.LoadEnd)
	fmt.Fprintf(w, "relative to the design floors of ARCHITECTURE.md §9 (×1.0 = at the floor). Method: `bench/README.md`.\n\n")
	fmt.Fprintln(w, "| scenario | metric | target | median (min–max) | floor | vs floor | |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, o := range results {
		for i, m := range o.sc.metrics {
			if math.IsNaN(m.target) && !m.readme {
				continue
			}
			s := summarize(o, m.key)
			name := ""
			if i == 0 {
				name = "`" + o.sc.name + "`"
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
			tgt := fmtTarget(m)
			if tgt == "" {
				tgt = "—"
			}
			fl := fmtFloor(m)
			if fl == "" {
				fl = "—"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", name, m.label, tgt, rng, fl, orDash(ratio(m, s.Med)), v)
		}
	}
	fmt.Fprintln(w)
	for _, o := range results {
		if len(o.errs) > 0 {
			fmt.Fprintf(w, "- `%s`: %d of %d runs failed: %s\n", o.sc.name, len(o.errs), len(o.errs)+len(o.runs), firstLine(o.errs[0]))
		}
		for _, n := range o.notes {
			fmt.Fprintf(w, "- `%s`: %s\n", o.sc.name, n)
		}
	}
	if len(floors) > 0 {
		var parts []string
		for _, f := range floors {
			part := fmt.Sprintf("%s %s", shortFloor(f.label), benchkit.FmtVal(f.value, floorPrec(f), f.unit))
			if f.design != "" {
				part += " (design: " + f.design + ")"
			}
			parts = append(parts, part)
		}
		fmt.Fprintf(w, "Floors measured on this machine during the run: %s.\n", strings.Join(parts, "; "))
	}
	if t != nil && t.samples > 0 {
		fmt.Fprintf(w, "\nWhere a chain gap goes (one traced run, `%s trace`, medians over %d transitions; tracing inflates times):\n\n", t.tool, t.samples)
		fmt.Fprintln(w, "| step | ms |")
		fmt.Fprintln(w, "|---|---|")
		for _, s := range t.segments {
			fmt.Fprintf(w, "| %s | %.2f |\n", strings.TrimSpace(s.label), s.ms)
		}
		fmt.Fprintf(w, "\nPer task the server makes %.1f fdatasync, %.1f mkdirat, %.1f openat, %.1f unlinkat and %.1f renameat calls; %.0f fsync calls lie on each transition's critical path.\n",
			perTask(t, "fdatasync"), perTask(t, "mkdirat"), perTask(t, "openat"), perTask(t, "unlinkat"), perTask(t, "renameat"), t.fsyncs)
	}
	for _, p := range profiles {
		fmt.Fprintf(w, "\nProfiled with `perf record`, %s (%.1f s): self %s; inclusive %s.\n", p.what, p.seconds,
			strings.Join(p.self[:min(5, len(p.self))], ", "), strings.Join(p.inclusive[:min(4, len(p.inclusive))], ", "))
	}
}

func perTask(t *traceReport, name string) float64 {
	for _, c := range t.perTask {
		if c.name == name {
			return c.calls
		}
	}
	return 0
}

func shortFloor(label string) string {
	return strings.TrimSuffix(label, " (p50)")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
