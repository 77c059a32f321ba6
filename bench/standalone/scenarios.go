package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// Design floors from ARCHITECTURE.md §9 (2-core machine, loopback).
const (
	floorSpawnMs  = 0.9   // one process spawn
	floorCommitMs = 0.5   // one bbolt fsync commit
	floorRTTMs    = 0.3   // one remote round trip
	floorSpawnsPS = 1600. // spawns per second
)

// metricDef describes one number a scenario reports per run.
type metricDef struct {
	key    string
	label  string
	unit   string
	prec   int     // decimals shown
	target float64 // NaN: informational, no target
	higher bool    // higher is better (throughput)
	floor  float64 // NaN: no floor
	floorW string  // how the floor is made up
	readme bool    // an informational metric worth a row in the README table
}

// runResult is what one run of a scenario measured.
type runResult struct {
	values map[string]float64
	notes  []string
}

// scenario is one benchmark, run on a fresh server each time.
type scenario struct {
	name    string
	about   string
	metrics []metricDef
	maxRuns int           // 0: -runs
	budget  time.Duration // when > 0 and maxRuns is 0: no new run once the runs took this long
	run     func(b *bench, dir string) (runResult, error)
}

var nan = math.NaN()

func (b *bench) scenarios() []scenario {
	chainFloor := floorSpawnMs + floorCommitMs
	chain := func(kind string) scenario {
		return scenario{
			name: "chain100-" + kind,
			about: fmt.Sprintf("%d sequential `true` %s actions; gap = next attempt Started − previous attempt Ended",
				b.chainLen, kind),
			metrics: []metricDef{
				{key: "gap_p50", label: "gap p50", unit: "ms", prec: 1, target: 2, floor: chainFloor, floorW: "spawn 0.9 + commit 0.5"},
				{key: "gap_p99", label: "gap p99", unit: "ms", prec: 1, target: 8, floor: chainFloor, floorW: "spawn 0.9 + commit 0.5"},
				{key: "gap_mean", label: "gap mean", unit: "ms", prec: 2, target: nan, floor: chainFloor, floorW: "spawn 0.9 + commit 0.5", readme: true},
				{key: "task_p50", label: "task run p50 (Started→Ended)", unit: "ms", prec: 1, target: nan, floor: nan},
				{key: "per_task", label: "instance wall / tasks", unit: "ms", prec: 2, target: nan, floor: nan},
				{key: "dispatch_mean", label: "dispatch histogram mean (ready→placed)", unit: "ms", prec: 3, target: nan, floor: nan},
				{key: "cpu_server", label: "server CPU per task", unit: "ms", prec: 2, target: nan, floor: nan},
				{key: "cpu_sys", label: "  of which in the kernel (system time)", unit: "ms", prec: 2, target: nan, floor: nan},
				{key: "cpu_tasks", label: "task processes' CPU per task", unit: "ms", prec: 2, target: nan, floor: nan},
			},
			run: func(b *bench, dir string) (runResult, error) { return b.runChain(dir, kind) },
		}
	}
	fanout := func(slots int) scenario {
		return scenario{
			name:  fmt.Sprintf("fanout1000-s%d", slots),
			about: fmt.Sprintf("fork of %d `true` script actions → join → end, --slots %d", b.fanout, slots),
			metrics: []metricDef{
				{key: "tps", label: "tasks/s (first Started → last Ended)", unit: "/s", prec: 0, target: 800, higher: true, floor: floorSpawnsPS, floorW: "1,600 spawns/s"},
				{key: "tps_wall", label: "tasks/s (instance created → ended)", unit: "/s", prec: 0, target: nan, higher: true, floor: nan, readme: true},
				{key: "concurrency", label: "mean tasks running (Σ run time / span)", unit: "", prec: 2, target: nan, floor: nan, readme: true},
				{key: "task_p50", label: "task run p50 (Started→Ended)", unit: "ms", prec: 1, target: nan, floor: nan},
				{key: "dispatch_p50", label: "dispatch histogram p50 (ready→placed, incl. slot wait)", unit: "ms", prec: 1, target: nan, floor: nan},
				{key: "cpu_server", label: "server CPU per task", unit: "ms", prec: 2, target: nan, floor: nan},
				{key: "cpu_sys", label: "  of which in the kernel (system time)", unit: "ms", prec: 2, target: nan, floor: nan},
				{key: "cpu_tasks", label: "task processes' CPU per task", unit: "ms", prec: 2, target: nan, floor: nan},
				{key: "cpu_busy", label: "CPU busy (server + tasks) / (span × cores)", unit: "%", prec: 0, target: nan, floor: nan, readme: true},
			},
			run: func(b *bench, dir string) (runResult, error) { return b.runFanout(dir, slots) },
		}
	}
	triggerFloor := floorRTTMs + floorCommitMs + floorSpawnMs
	cronFloor := floorCommitMs + floorSpawnMs
	shm := tmpfsDir()
	all := []scenario{chain(benchkit.KindScript), chain(benchkit.KindShell)}
	if shm != "" {
		all = append(all, onTmpfs(chain(benchkit.KindScript), shm, "chain100-tmpfs", "gap_p50", "gap_p99", "gap_mean"))
	}
	all = append(all, fanout(16), fanout(8))
	if shm != "" {
		all = append(all, onTmpfs(fanout(16), shm, "fanout1000-s16-tmpfs", "tps", "concurrency", "cpu_busy"))
	}
	all = append(all, []scenario{
		{
			name: "trigger",
			about: fmt.Sprintf("POST …/trigger (client clock before the call) → first attempt Started; %d sequential triggers on a warm server",
				b.triggers),
			metrics: []metricDef{
				{key: "p50", label: "trigger → Started p50", unit: "ms", prec: 1, target: 5, floor: triggerFloor, floorW: "RTT 0.3 + commit 0.5 + spawn 0.9"},
				{key: "p95", label: "trigger → Started p95", unit: "ms", prec: 1, target: nan, floor: triggerFloor, floorW: "RTT 0.3 + commit 0.5 + spawn 0.9"},
				{key: "max", label: "trigger → Started max", unit: "ms", prec: 1, target: nan, floor: nan, readme: true},
				{key: "http_p50", label: "trigger HTTP call p50 (client)", unit: "ms", prec: 2, target: nan, floor: nan},
			},
			run: (*bench).runTrigger,
		},
		{
			name:  "load10k",
			about: fmt.Sprintf("%d workflow files (cron coordinator, 3 nodes) in xmlconfig at start", b.files),
			metrics: []metricDef{
				{key: "ready_s", label: "process start → /readyz 200", unit: "s", prec: 2, target: 10, floor: nan},
				{key: "listed_s", label: "process start → /api/v1/workflows total = N", unit: "s", prec: 2, target: 10, floor: nan},
				{key: "rss_mb", label: "idle RSS after settling", unit: "MB", prec: 1, target: 100, floor: nan},
				{key: "heap_mb", label: "Go heap in use (after settling)", unit: "MB", prec: 1, target: nan, floor: nan},
				{key: "cpu_s", label: "server CPU time until ready", unit: "s", prec: 1, target: nan, floor: nan, readme: true},
				{key: "cpu_sys_s", label: "  of which in the kernel (system time)", unit: "s", prec: 1, target: nan, floor: nan},
			},
			maxRuns: b.loadRuns,
			budget:  100 * time.Second,
			run:     (*bench).runLoad,
		},
		{
			name: "instmem",
			about: fmt.Sprintf("%d instances each holding a `sleep` task (--slots %d, instance-limit 1000); server RSS only",
				b.instances, b.instances+baseInstances+16),
			metrics: []metricDef{
				{key: "rss_kib", label: "RSS growth per running instance", unit: "KiB", prec: 1, target: 1024, floor: nan},
				{key: "heap_kib", label: "Go heap growth per running instance", unit: "KiB", prec: 1, target: nan, floor: nan, readme: true},
				{key: "goroutines", label: "goroutines per running instance", unit: "", prec: 2, target: nan, floor: nan},
				{key: "base_mb", label: "RSS with the warm-up instances running", unit: "MB", prec: 1, target: nan, floor: nan},
			},
			run: (*bench).runInstMem,
		},
		{
			name:  "cronfire",
			about: fmt.Sprintf("coordinator `%s`; instance `scheduled` → first attempt Started over %d fires (first fire discarded)", b.cronExpr, b.fires),
			metrics: []metricDef{
				{key: "p50", label: "scheduled → Started p50", unit: "ms", prec: 1, target: 50, floor: cronFloor, floorW: "commit 0.5 + spawn 0.9"},
				{key: "max", label: "scheduled → Started max", unit: "ms", prec: 1, target: 50, floor: cronFloor, floorW: "commit 0.5 + spawn 0.9"},
				{key: "created_p50", label: "scheduled → instance created p50", unit: "ms", prec: 1, target: nan, floor: nan, readme: true},
			},
			run: (*bench).runCron,
		},
	}...)
	return all
}

// onTmpfs is a diagnostic variant of sc with --home (and xmlconfig) on tmpfs, where creating
// directories and files costs next to nothing and fsync is a no-op. Its metrics have no
// target; those named readme get a README row.
func onTmpfs(sc scenario, shm, name string, readme ...string) scenario {
	v := sc
	v.name = name
	v.about = "diagnostic: " + sc.name + " with --home on tmpfs (" + shm + "): no disk cost, fsync is a no-op; no target"
	v.metrics = nil
	for _, m := range sc.metrics {
		m.target, m.floor, m.floorW = nan, nan, ""
		m.readme = slices.Contains(readme, m.key)
		if m.readme {
			m.label += ", home on tmpfs"
		}
		v.metrics = append(v.metrics, m)
	}
	v.run = func(b *bench, _ string) (runResult, error) {
		d, err := os.MkdirTemp(shm, "actorflow-bench-")
		if err != nil {
			return runResult{}, err
		}
		defer os.RemoveAll(d)
		return sc.run(b, d)
	}
	return v
}

// tmpfsDir is /dev/shm when it is a writable tmpfs, else "".
func tmpfsDir() string {
	const shm = "/dev/shm"
	if benchkit.FsType(shm) != "tmpfs" {
		return ""
	}
	d, err := os.MkdirTemp(shm, "actorflow-bench-probe-")
	if err != nil {
		return ""
	}
	os.Remove(d)
	return shm
}

// readyServer starts a server on dir with the given xmlconfig files and waits for /readyz.
func (b *bench) readyServer(dir string, o serverOpts, files map[string]string) (*server, error) {
	xmlDir := dir + "/xmlconfig"
	if err := os.MkdirAll(xmlDir, 0o755); err != nil {
		return nil, err
	}
	for name, content := range files {
		if err := benchkit.WriteFile(xmlDir, name, content); err != nil {
			return nil, err
		}
	}
	s, err := b.startServer(dir, o)
	if err != nil {
		return nil, err
	}
	if _, err := s.waitReady(60*time.Second, 5*time.Millisecond); err != nil {
		s.stop()
		return nil, err
	}
	// The scan that made the server ready also loaded the files; make sure of it.
	err = benchkit.WaitFor(30*time.Second, 10*time.Millisecond, func() (bool, error) {
		l, err := s.api.ListWorkflows(bg, client.WorkflowFilter{Limit: 1})
		return err == nil && l.Total >= len(files), err
	})
	if err != nil {
		s.stop()
		return nil, s.withLog(fmt.Errorf("definitions not listed: %w", err))
	}
	return s, nil
}

// warmUp runs a three-task instance to completion so one-time costs (first spawn, first
// directories, first Raft entries of a kind) stay out of the measurement.
func warmUp(s *server) error {
	id, err := benchkit.Trigger(s.api, "warm")
	if err != nil {
		return fmt.Errorf("warm-up trigger: %w", err)
	}
	_, err = benchkit.WaitInstance(s.api, "warm", id, 60*time.Second, 10*time.Millisecond)
	return err
}

func (b *bench) runChain(dir, kind string) (runResult, error) {
	m, err := b.measureOne(dir, serverOpts{Slots: 8}, "chain", benchkit.ChainXML("chain", kind, "true", b.chainLen, 10), b.chainLen, 120*time.Second, 20*time.Millisecond)
	if err != nil {
		return runResult{}, err
	}
	inst, att, cpu, before, after := m.inst, m.att, m.cpu, m.before, m.after
	cs := benchkit.Chain(att)
	wall := benchkit.Ms(inst.Ended.Sub(inst.Created.Time))
	d := benchkit.HistDelta(before, after, "actorflow_dispatch_latency_seconds")
	r := runResult{values: map[string]float64{
		"gap_p50": cs.GapP50, "gap_p99": cs.GapP99, "gap_mean": cs.GapMean,
		"task_p50": cs.TaskP50, "per_task": wall / float64(b.chainLen),
		"dispatch_mean": d.Mean() * 1000,
		"cpu_server":    cpu.Self * 1000 / float64(b.chainLen),
		"cpu_sys":       cpu.Sys * 1000 / float64(b.chainLen),
		"cpu_tasks":     cpu.Children * 1000 / float64(b.chainLen),
	}}
	return r, nil
}

func (b *bench) runFanout(dir string, slots int) (runResult, error) {
	m, err := b.measureOne(dir, serverOpts{Slots: slots}, "fanout", benchkit.FanoutXML("fanout", benchkit.KindScript, b.fanout), b.fanout, 300*time.Second, 50*time.Millisecond)
	if err != nil {
		return runResult{}, err
	}
	inst, att, cpu, before, after := m.inst, m.att, m.cpu, m.before, m.after
	fs := benchkit.Fanout(att)
	d := benchkit.HistDelta(before, after, "actorflow_dispatch_latency_seconds")
	return runResult{values: map[string]float64{
		"tps":          fs.Rate,
		"tps_wall":     float64(b.fanout) / inst.Ended.Sub(inst.Created.Time).Seconds(),
		"concurrency":  fs.Concurrency,
		"task_p50":     fs.TaskP50,
		"dispatch_p50": d.Quantile(0.5) * 1000,
		"cpu_server":   cpu.Self * 1000 / float64(b.fanout),
		"cpu_sys":      cpu.Sys * 1000 / float64(b.fanout),
		"cpu_tasks":    cpu.Children * 1000 / float64(b.fanout),
		// The CPU is counted from the trigger to the end of the instance, a bit wider than span.
		"cpu_busy": 100 * (cpu.Self + cpu.Children) / (inst.Ended.Sub(inst.Created.Time).Seconds() * float64(runtime.NumCPU())),
	}}, nil
}

func (b *bench) runTrigger(dir string) (runResult, error) {
	s, err := b.readyServer(dir, serverOpts{Slots: 8}, map[string]string{
		"one.xml":  benchkit.ChainXML("one", benchkit.KindScript, "true", 1, 1000),
		"warm.xml": benchkit.ChainXML("warm", benchkit.KindScript, "true", 3, 10),
	})
	if err != nil {
		return runResult{}, err
	}
	defer s.stop()
	if err := warmUp(s); err != nil {
		return runResult{}, s.withLog(err)
	}
	var lat, calls []float64
	for i := -3; i < b.triggers; i++ { // three unmeasured warm-up triggers
		// The server's times have millisecond resolution (truncated); truncating the client's
		// time the same way keeps the difference unbiased (each sample is within ±1 ms).
		t0 := time.Now()
		id, err := benchkit.Trigger(s.api, "one")
		call := time.Since(t0)
		if err != nil {
			return runResult{}, s.withLog(err)
		}
		inst, err := benchkit.WaitInstance(s.api, "one", id, 30*time.Second, 5*time.Millisecond)
		if err != nil {
			return runResult{}, s.withLog(err)
		}
		att := benchkit.FirstAttempts(inst)
		if len(att) != 1 {
			return runResult{}, fmt.Errorf("trigger: instance %s has no attempt", id)
		}
		if i >= 0 {
			lat = append(lat, benchkit.Ms(att[0].Started.Sub(t0.Truncate(time.Millisecond))))
			calls = append(calls, benchkit.Ms(call))
		}
	}
	return runResult{values: map[string]float64{
		"p50": benchkit.Percentile(lat, 50), "p95": benchkit.Percentile(lat, 95), "max": benchkit.MaxOf(lat),
		"http_p50": benchkit.Percentile(calls, 50),
	}}, nil
}

func (b *bench) runLoad(dir string) (runResult, error) {
	xmlDir := dir + "/xmlconfig"
	if err := os.MkdirAll(xmlDir, 0o755); err != nil {
		return runResult{}, err
	}
	if err := benchkit.WriteSmallFiles(xmlDir, b.files); err != nil {
		return runResult{}, err
	}
	s, err := b.startServer(dir, serverOpts{Slots: 8})
	if err != nil {
		return runResult{}, err
	}
	defer s.stop()
	// 20 ms polls: every request is logged at info, so faster polling would load the server.
	readyAt, err := s.waitReady(300*time.Second, 20*time.Millisecond)
	if err != nil {
		return runResult{}, err
	}
	var listedAt time.Time
	var total int
	err = benchkit.WaitFor(120*time.Second, 20*time.Millisecond, func() (bool, error) {
		l, err := s.api.ListWorkflows(bg, client.WorkflowFilter{Limit: 1})
		if err != nil {
			return false, err
		}
		total = l.Total
		listedAt = time.Now()
		return total >= b.files, nil
	})
	if err != nil {
		return runResult{}, s.withLog(fmt.Errorf("listed %d of %d workflows: %w", total, b.files, err))
	}
	cpu, _ := benchkit.ProcCPU(s.pid())
	r := runResult{values: map[string]float64{
		"cpu_s":     cpu.Self,
		"cpu_sys_s": cpu.Sys,
		"ready_s":   readyAt.Sub(s.started).Seconds(),
		"listed_s":  listedAt.Sub(s.started).Seconds(),
	}}
	if total != b.files {
		r.notes = append(r.notes, fmt.Sprintf("listed %d workflows, want %d", total, b.files))
	}
	rss, took, err := settledRSS(s.pid(), 20*time.Second)
	if err != nil {
		return r, err
	}
	r.values["rss_mb"] = float64(rss) / 1024
	if m, err := s.metrics(); err == nil {
		r.values["heap_mb"] = m["go_memstats_heap_inuse_bytes"] / (1 << 20)
	}
	if took > 15*time.Second {
		r.notes = append(r.notes, "RSS did not settle within 20 s; last sample used")
	}
	return r, nil
}

// baseInstances run before the measured ones, so one-time costs are in the baseline.
const baseInstances = 10

func (b *bench) runInstMem(dir string) (runResult, error) {
	slots := b.instances + baseInstances + 16
	s, err := b.readyServer(dir, serverOpts{Slots: slots}, map[string]string{
		"hold.xml": benchkit.ChainXML("hold", benchkit.KindShell, "sleep 600", 1, 1000),
	})
	if err != nil {
		return runResult{}, err
	}
	defer s.stop()
	startN := func(n, want int) error {
		for range n {
			if _, err := benchkit.Trigger(s.api, "hold"); err != nil {
				return s.withLog(err)
			}
		}
		// Running means the task process exists: count the server's children, then make sure
		// the API agrees.
		return s.withLog(benchkit.WaitFor(120*time.Second, 20*time.Millisecond, func() (bool, error) {
			if childCount(s.pid()) < want {
				return false, nil
			}
			l, err := s.api.ListInstances(bg, client.InstanceFilter{Workflow: "hold", Status: "running", Limit: 1})
			return err == nil && l.Total >= want, err
		}))
	}
	sample := func() (int64, map[string]float64, error) {
		rss, _, err := settledRSS(s.pid(), 20*time.Second)
		if err != nil {
			return 0, nil, err
		}
		m, err := s.metrics()
		return rss, m, err
	}
	if err := startN(baseInstances, baseInstances); err != nil {
		return runResult{}, err
	}
	rss0, m0, err := sample()
	if err != nil {
		return runResult{}, err
	}
	if err := startN(b.instances, baseInstances+b.instances); err != nil {
		return runResult{}, err
	}
	rss1, m1, err := sample()
	if err != nil {
		return runResult{}, err
	}
	n := float64(b.instances)
	return runResult{values: map[string]float64{
		"rss_kib":    float64(rss1-rss0) / n,
		"heap_kib":   (m1["go_memstats_heap_inuse_bytes"] - m0["go_memstats_heap_inuse_bytes"]) / 1024 / n,
		"goroutines": (m1["go_goroutines"] - m0["go_goroutines"]) / n,
		"base_mb":    float64(rss0) / 1024,
	}}, nil
}

func (b *bench) runCron(dir string) (runResult, error) {
	s, err := b.readyServer(dir, serverOpts{Slots: 8}, map[string]string{
		"tick.xml": benchkit.CronXML("tick", b.cronExpr, benchkit.KindScript, 10),
	})
	if err != nil {
		return runResult{}, err
	}
	defer s.stop()
	want := b.fires + 1
	var items []apiv1.Instance
	timeout := time.Duration(want)*b.cronEvery + 60*time.Second
	err = benchkit.WaitFor(timeout, 100*time.Millisecond, func() (bool, error) {
		l, err := s.api.ListInstances(bg, client.InstanceFilter{Workflow: "tick", Limit: 1000})
		if err != nil {
			return false, err
		}
		items = items[:0]
		for _, it := range l.Items {
			if it.Trigger == "schedule" && benchkit.Terminal(it.Status) {
				items = append(items, it)
			}
		}
		return len(items) >= want, nil
	})
	if err != nil {
		return runResult{}, s.withLog(fmt.Errorf("%d of %d fires finished: %w", len(items), want, err))
	}
	slices.SortFunc(items, func(a, b apiv1.Instance) int { return a.Scheduled.Compare(b.Scheduled.Time) })
	items = items[1:want] // the first fire is a warm-up
	var late, created []float64
	for _, it := range items {
		inst, err := s.api.GetInstance(bg, it.ID)
		if err != nil {
			return runResult{}, err
		}
		if inst.Status != "succeeded" {
			return runResult{}, fmt.Errorf("fire %s ended %s: %s", inst.Scheduled.Format(time.TimeOnly), inst.Status, inst.Message)
		}
		att := benchkit.FirstAttempts(inst)
		if len(att) == 0 || inst.Scheduled.IsZero() {
			return runResult{}, errors.New("cron instance without attempt or scheduled time")
		}
		late = append(late, benchkit.Ms(att[0].Started.Sub(inst.Scheduled.Time)))
		created = append(created, benchkit.Ms(inst.Created.Sub(inst.Scheduled.Time)))
	}
	return runResult{values: map[string]float64{
		"p50": benchkit.Percentile(late, 50), "max": benchkit.MaxOf(late), "created_p50": benchkit.Percentile(created, 50),
	}}, nil
}

// measured is one triggered instance with what the server did while it ran.
type measured struct {
	inst          apiv1.Instance
	att           []apiv1.Attempt   // the first attempt of each action, in document order
	cpu           benchkit.CPUTimes // server (and children) CPU from trigger to the end
	before, after map[string]float64
}

// measureOne starts a server with the workflow (plus a warm-up), triggers it once after the
// warm-up, waits for the end and collects timings, CPU and metrics around that one run.
func (b *bench) measureOne(dir string, opts serverOpts, name, xml string, actions int, timeout, poll time.Duration) (measured, error) {
	s, err := b.readyServer(dir, opts, map[string]string{
		name + ".xml": xml,
		"warm.xml":    benchkit.ChainXML("warm", benchkit.KindScript, "true", 3, 10),
	})
	if err != nil {
		return measured{}, err
	}
	defer s.stop()
	if err := warmUp(s); err != nil {
		return measured{}, s.withLog(err)
	}
	var m measured
	m.before, _ = s.metrics()
	cpu0, _ := benchkit.ProcCPU(s.pid())
	id, err := benchkit.Trigger(s.api, name)
	if err != nil {
		return measured{}, s.withLog(err)
	}
	if m.inst, err = benchkit.WaitInstance(s.api, name, id, timeout, poll); err != nil {
		return measured{}, s.withLog(err)
	}
	cpu1, _ := benchkit.ProcCPU(s.pid())
	m.cpu = cpu1.Sub(cpu0)
	m.after, _ = s.metrics()
	if m.att = benchkit.FirstAttempts(m.inst); len(m.att) != actions {
		return measured{}, fmt.Errorf("%s: %d action attempts, want %d", name, len(m.att), actions)
	}
	return m, nil
}
