package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// bench holds the settings shared by every scenario.
type bench struct {
	bin        string
	logLevel   string
	chainLen   int
	fanout     int
	slots      int // per worker, default shape
	scaleSlots int // per worker, scale-out scenarios
	scale      []int
	kills      int
}

// outcome is every run of one scenario.
type outcome struct {
	sc   scenario
	runs []runResult
	errs []string
}

func main() {
	runs := flag.Int("runs", 3, "runs per scenario (each on a fresh cluster); the table shows their median")
	only := flag.String("only", "", "comma-separated scenario names or prefixes (e.g. failover,chain100); empty: all")
	tmp := flag.String("tmp", "", "parent of the temporary directories (default: $TMPDIR); its file system matters")
	keep := flag.Bool("keep", false, "keep the temporary directories (node logs, homes)")
	scale := flag.String("scale", "1,2,4", "worker counts of the scale-out scenarios")
	prebuilt := flag.String("bin", "", "use this actorflow binary instead of building ./cmd/actorflow")
	b := &bench{}
	flag.StringVar(&b.logLevel, "log-level", "info", "the nodes' --log-level")
	flag.IntVar(&b.chainLen, "chain", 100, "tasks in the chain scenario")
	flag.IntVar(&b.fanout, "fanout", 1000, "tasks in the fan-out scenarios")
	flag.IntVar(&b.slots, "slots", 8, "slots per worker in the default shape (sbin/start-cluster's default)")
	flag.IntVar(&b.scaleSlots, "scale-slots", 16, "slots per worker in the scale-out scenarios")
	flag.IntVar(&b.kills, "kills", 20, "master SIGKILLs per failover run")
	flag.Parse()
	for _, f := range strings.Split(*scale, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fatalf("-scale %q: want positive worker counts, comma-separated", *scale)
		}
		b.scale = append(b.scale, n)
	}
	if *runs < 1 || b.chainLen < 2 || b.fanout < 1 || b.slots < 1 || b.scaleSlots < 1 || b.kills < 1 {
		fatalf("-runs, -chain (≥ 2), -fanout, -slots, -scale-slots and -kills must be positive")
	}
	root, err := benchkit.ModuleRoot()
	if err != nil {
		fatalf("%v", err)
	}
	work, err := os.MkdirTemp(*tmp, "actorflow-bench-cluster-")
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
	// Nodes run in their own process groups, so a ^C at the terminal does not reach them.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-sigs
		fmt.Fprintf(os.Stderr, "\n%v: stopping the clusters …\n", sig)
		stopLiveClusters()
		cleanup()
		os.Exit(130)
	}()
	in := benchkit.ReadMachine(root, work)
	if b.bin = *prebuilt; b.bin == "" {
		fmt.Fprintf(os.Stderr, "building ./cmd/actorflow …\n")
		if b.bin, err = benchkit.BuildBinary(root, work); err != nil {
			cleanup()
			fatalf("%v", err)
		}
	} else if b.bin, err = filepath.Abs(b.bin); err != nil {
		cleanup()
		fatalf("-bin: %v", err)
	}
	var results []*outcome
	for _, sc := range b.scenarios() {
		if matches(sc.name, *only) {
			results = append(results, &outcome{sc: sc})
		}
	}
	if len(results) == 0 {
		cleanup()
		fatalf("-only %q matches no scenario", *only)
	}
	start := time.Now()
	// Rounds are interleaved (round 1 of every scenario, then round 2 …) so a noisy period
	// of the shared machine spreads over the scenarios instead of spoiling one.
	for r := 1; r <= *runs; r++ {
		for _, o := range results {
			dir := filepath.Join(work, fmt.Sprintf("%s-run%d", o.sc.name, r))
			fmt.Fprintf(os.Stderr, "%-12s run %d/%d … (load %s)\n", o.sc.name, r, *runs, benchkit.LoadAvg())
			t0 := time.Now()
			res, err := o.sc.run(b, dir)
			took := time.Since(t0)
			if err != nil {
				o.errs = append(o.errs, fmt.Sprintf("run %d: %v", r, err))
				fmt.Fprintf(os.Stderr, "%-12s run %d/%d FAILED after %.1fs: %v\n", o.sc.name, r, *runs, took.Seconds(), err)
			} else {
				o.runs = append(o.runs, res)
				fmt.Fprintf(os.Stderr, "%-12s run %d/%d %5.1fs  %s\n", o.sc.name, r, *runs, took.Seconds(), brief(o.sc, res))
			}
			if !*keep {
				os.RemoveAll(dir)
			}
		}
	}
	in.Elapsed = time.Since(start)
	in.LoadEnd = benchkit.LoadAvg()
	in.Runs = *runs
	in.Command = strings.TrimSpace("go run ./bench/cluster " + strings.Join(os.Args[1:], " "))
	signal.Stop(sigs)
	cleanup()

	printTable(os.Stdout, in, results)
	fmt.Println()
	fmt.Println("----- markdown for README.md -----")
	printMarkdown(os.Stdout, in, results)
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

// brief is one run's headline numbers (those with a target, or README-worthy ones) for the
// progress line.
func brief(sc scenario, r runResult) string {
	var parts []string
	for _, m := range sc.metrics {
		if math.IsNaN(m.target) && !m.readme {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s", m.label, benchkit.FmtVal(r.values[m.key], m.prec, m.unit)))
	}
	return strings.Join(parts, ", ")
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(2)
}
