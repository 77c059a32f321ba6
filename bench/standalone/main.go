package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// bench holds the settings shared by every scenario.
type bench struct {
	bin       string
	logLevel  string
	chainLen  int
	fanout    int
	triggers  int
	files     int
	instances int
	fires     int
	cronEvery time.Duration
	cronExpr  string
	loadRuns  int
}

// outcome is every run of one scenario.
type outcome struct {
	sc      scenario
	runs    []runResult
	errs    []string
	timing  []time.Duration // every run, failed ones too
	notes   []string        // about the scenario as a whole
	skipped bool            // runs were skipped for the time budget
}

// spent is the time the scenario's runs took so far.
func (o *outcome) spent() time.Duration {
	var d time.Duration
	for _, t := range o.timing {
		d += t
	}
	return d
}

func main() {
	runs := flag.Int("runs", 5, "runs per scenario (each on a fresh server); the table shows their median")
	only := flag.String("only", "", "comma-separated scenario names or prefixes (e.g. chain100,trigger); empty: all")
	tmp := flag.String("tmp", "", "parent of the temporary directories (default: $TMPDIR); its file system matters")
	keep := flag.Bool("keep", false, "keep the temporary directories (server logs, homes)")
	logLevel := flag.String("log-level", "info", "the servers' --log-level")
	prof := flag.Bool("profile", false, "also profile one extra chain run and one extra load10k start with perf record (adds ~45 s today)")
	diag := flag.Bool("diag", true, "also measure local floors and trace one chain run with perf trace or strace (not in the medians)")
	b := &bench{}
	flag.IntVar(&b.chainLen, "chain", 100, "tasks in the chain scenarios")
	flag.IntVar(&b.fanout, "fanout", 1000, "tasks in the fan-out scenarios")
	flag.IntVar(&b.triggers, "triggers", 20, "measured triggers per run of the trigger scenario")
	flag.IntVar(&b.files, "files", 10000, "workflow files in the load scenario")
	flag.IntVar(&b.loadRuns, "load-runs", 0, "runs of load10k (at most -runs); 0: -runs, but no new run once load10k has taken 100 s in all")
	flag.IntVar(&b.instances, "instances", 200, "running instances in the instance-memory scenario")
	flag.IntVar(&b.fires, "fires", 10, "measured cron fires per run")
	flag.DurationVar(&b.cronEvery, "every", time.Second, "interval of the cron scenario's @every coordinator (at least 1s)")
	flag.Parse()
	b.logLevel = *logLevel
	b.cronExpr = "@every " + b.cronEvery.String()
	if *runs < 1 || b.chainLen < 2 || b.fanout < 1 || b.triggers < 1 || b.files < 1 || b.instances < 1 || b.fires < 1 {
		fatalf("-runs, -chain (≥ 2), -fanout, -triggers, -files, -instances and -fires must be positive")
	}

	root, err := benchkit.ModuleRoot()
	if err != nil {
		fatalf("%v", err)
	}
	work, err := os.MkdirTemp(*tmp, "actorflow-bench-")
	if err != nil {
		fatalf("%v", err)
	}
	cleanup := func() {
		if *keep {
			fmt.Fprintf(os.Stderr, "kept %s\n", work)
		} else {
			os.RemoveAll(work)
		}
	}
	// Servers run in their own process groups, so a ^C at the terminal does not reach them:
	// stop them here before leaving.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-sigs
		fmt.Fprintf(os.Stderr, "\n%v: stopping the servers …\n", sig)
		stopLiveServers()
		cleanup()
		os.Exit(130)
	}()
	info := benchkit.ReadMachine(root, work)
	fmt.Fprintf(os.Stderr, "building ./cmd/actorflow …\n")
	if b.bin, err = benchkit.BuildBinary(root, work); err != nil {
		cleanup()
		fatalf("%v", err)
	}

	var selected []scenario
	for _, sc := range b.scenarios() {
		if matches(sc.name, *only) {
			selected = append(selected, sc)
		}
	}
	if len(selected) == 0 {
		cleanup()
		fatalf("-only %q matches no scenario", *only)
	}
	start := time.Now()
	results := make([]*outcome, len(selected))
	for i, sc := range selected {
		results[i] = &outcome{sc: sc}
	}
	// Runs are interleaved (round 1 of every scenario, then round 2 …) so a noisy period of the
	// shared machine spreads over the scenarios instead of spoiling one.
	for r := 1; r <= *runs; r++ {
		for _, o := range results {
			if o.sc.maxRuns > 0 && r > o.sc.maxRuns {
				continue
			}
			if spent := o.spent(); o.sc.budget > 0 && o.sc.maxRuns == 0 && spent >= o.sc.budget {
				if !o.skipped {
					o.skipped = true
					o.notes = append(o.notes, fmt.Sprintf("%d of %d runs: no further run once they took %.0f s (-load-runs forces a count)",
						r-1, *runs, spent.Seconds()))
				}
				continue
			}
			dir := filepath.Join(work, fmt.Sprintf("%s-run%d", o.sc.name, r))
			t0 := time.Now()
			res, err := o.sc.run(b, dir)
			took := time.Since(t0)
			o.timing = append(o.timing, took)
			if err != nil {
				o.errs = append(o.errs, fmt.Sprintf("run %d: %v", r, err))
				fmt.Fprintf(os.Stderr, "%-20s run %d/%d FAILED after %.1fs: %v\n", o.sc.name, r, *runs, took.Seconds(), err)
			} else {
				o.runs = append(o.runs, res)
				fmt.Fprintf(os.Stderr, "%-20s run %d/%d %5.1fs  %s\n", o.sc.name, r, *runs, took.Seconds(), brief(o.sc, res))
			}
			if !*keep {
				os.RemoveAll(dir)
			}
		}
	}

	var floors []floor
	var trace *traceReport
	var profiles []*profile
	var diagNotes []string
	if *diag {
		fmt.Fprintf(os.Stderr, "measuring local floors …\n")
		dir := filepath.Join(work, "floors")
		if err := os.MkdirAll(dir, 0o755); err == nil {
			if floors, err = measureFloors(dir, 300); err != nil {
				diagNotes = append(diagNotes, "local floors: "+err.Error())
			}
		}
		if matches("chain100-script", *only) {
			fmt.Fprintf(os.Stderr, "tracing one chain run (perf trace, else strace) …\n")
			if trace, err = b.traceChain(filepath.Join(work, "strace")); err != nil {
				diagNotes = append(diagNotes, "trace diagnosis skipped: "+firstLine(err.Error()))
				trace = nil
			}
		}
	}
	for _, pr := range []struct {
		name string
		run  func(string) (*profile, error)
	}{{"chain100-script", b.profileChain}, {"load10k", b.profileLoad}} {
		if !*prof || !matches(pr.name, *only) {
			continue
		}
		fmt.Fprintf(os.Stderr, "profiling one %s run with perf record …\n", pr.name)
		p, err := pr.run(filepath.Join(work, "profile-"+pr.name))
		if err != nil {
			diagNotes = append(diagNotes, pr.name+" profile skipped: "+firstLine(err.Error()))
			continue
		}
		profiles = append(profiles, p)
	}
	info.Elapsed = time.Since(start)
	info.LoadEnd = benchkit.LoadAvg()
	info.Runs = *runs
	info.Command = strings.TrimSpace("go run ./bench/standalone " + strings.Join(os.Args[1:], " "))
	signal.Stop(sigs)
	cleanup() // before printing: a closed pipe on stdout must not leave the directories behind

	printTable(os.Stdout, info, results)
	printDiag(os.Stdout, floors, trace, profiles, diagNotes)
	fmt.Println()
	fmt.Println("----- markdown for README.md -----")
	printMarkdown(os.Stdout, info, results, floors, trace, profiles)
	fmt.Println("----- end -----")
	for _, o := range results {
		if len(o.errs) > 0 {
			os.Exit(1)
		}
	}
}

func matches(name, only string) bool {
	if only == "" {
		return true
	}
	for _, p := range strings.Split(only, ",") {
		if p = strings.TrimSpace(p); p != "" && strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// brief is one run's headline numbers for the progress line.
func brief(sc scenario, r runResult) string {
	var parts []string
	hasTarget := slices.ContainsFunc(sc.metrics, func(m metricDef) bool { return !math.IsNaN(m.target) })
	for _, m := range sc.metrics {
		if hasTarget && math.IsNaN(m.target) || !hasTarget && !m.readme {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s", m.label, benchkit.FmtVal(r.values[m.key], m.prec, m.unit)))
	}
	if len(r.notes) > 0 {
		parts = append(parts, "("+strings.Join(r.notes, "; ")+")")
	}
	return strings.Join(parts, ", ")
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(2)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
