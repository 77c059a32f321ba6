package main

import (
	"fmt"
	"math"
)

// Reference figures. Standalone: README.md's Performance section (`go run ./bench/standalone
// -runs 3`, 2026-11-21). Floors: ARCHITECTURE.md §9 (spawn ≈ 0.9 ms, bbolt fsync commit
// ≈ 0.5 ms, remote round trip ≈ 0.3 ms, ≈ 1,600 spawns/s) and §3 (a new master active ≤ 2 s
// after the old one is SIGKILLed).
const (
	standaloneGapP50  = 2.0  // ms, chain100-script
	standaloneGapP99  = 5.0  // ms
	standaloneGapMean = 2.32 // ms
	standaloneTPS     = 860. // tasks/s, fanout1000-s16

	floorSpawnMs  = 0.9
	floorCommitMs = 0.5
	floorRTTMs    = 0.3
	floorSpawnsPS = 1600.
	failoverS     = 2.0 // §3 target, s
)

var nan = math.NaN()

// The reference scenarios: `actorflow standalone` run by this program in the same rounds as
// the cluster, so a loaded machine weighs on both alike.
const (
	refChain  = "chain100-standalone"
	refFanout = "fanout1000-standalone-s16"
)

// String describes the shape for the scenario list.
func (sh shape) String() string {
	if sh.standalone {
		return fmt.Sprintf("one `actorflow standalone` process (--slots %d)", sh.slots)
	}
	return fmt.Sprintf("%d controllers, %d worker(s) × %d slots, 1 http node", sh.controllers, sh.workers, sh.slots)
}

// metricDef describes one number a scenario reports per run.
type metricDef struct {
	key, label, unit string
	prec             int
	target           float64 // NaN: informational
	higher           bool    // higher is better
	standalone       float64 // README's standalone figure it compares with; NaN: none
	now              string  // the scenario measured in this invocation it compares with ("": none)
	floor            float64 // NaN: no floor
	readme           bool    // informational, but worth a README row
}

// runResult is what one run of a scenario measured.
type runResult struct {
	values map[string]float64
	notes  []string
}

// scenario is one benchmark, run on a fresh cluster each time.
type scenario struct {
	name, about string
	metrics     []metricDef
	run         func(b *bench, dir string) (runResult, error)
}

// cpuMetrics are the per-process CPU rows of a throughput scenario.
func cpuMetrics() []metricDef {
	return []metricDef{
		{key: "cpu_leader", label: "CPU-s leader (master)", unit: "s", prec: 2, target: nan, standalone: nan, floor: nan, readme: true},
		{key: "cpu_standby", label: "CPU-s standbys (2 together)", unit: "s", prec: 2, target: nan, standalone: nan, floor: nan, readme: true},
		{key: "cpu_http", label: "CPU-s http node", unit: "s", prec: 2, target: nan, standalone: nan, floor: nan, readme: true},
		{key: "cpu_workers", label: "CPU-s worker processes (together)", unit: "s", prec: 2, target: nan, standalone: nan, floor: nan, readme: true},
		{key: "cpu_worker_max", label: "CPU-s busiest worker process", unit: "s", prec: 2, target: nan, standalone: nan, floor: nan},
		{key: "cpu_tasks", label: "CPU-s task processes (workers' children)", unit: "s", prec: 2, target: nan, standalone: nan, floor: nan, readme: true},
		{key: "leader_core", label: "leader's share of one core", unit: "%", prec: 0, target: nan, standalone: nan, floor: nan, readme: true},
		{key: "cpu_busy", label: "CPU busy (all processes) / (wall × cores)", unit: "%", prec: 0, target: nan, standalone: nan, floor: nan, readme: true},
		{key: "machine_busy", label: "machine CPU busy, every tenant (/proc/stat)", unit: "%", prec: 0, target: nan, standalone: nan, floor: nan, readme: true},
	}
}

func (b *bench) scenarios() []scenario {
	// A chain hop in a cluster: the result travels worker → master and the next task master →
	// worker (one round trip together), the commit is replicated to a standby (one more round
	// trip) besides the leader's fsync, then the spawn.
	hopFloor := floorSpawnMs + floorCommitMs + 2*floorRTTMs
	fanout := func(name string, sh shape, target float64, readme bool) scenario {
		ref := refFanout
		if sh.standalone {
			ref = ""
		}
		ms := []metricDef{
			{key: "tps", label: "tasks/s (first Started → last Ended)", unit: "/s", prec: 0, target: target, higher: true, standalone: standaloneTPS, now: ref, floor: floorSpawnsPS, readme: true},
			{key: "tps_wall", label: "tasks/s (instance created → ended)", unit: "/s", prec: 0, target: nan, higher: true, standalone: nan, floor: nan, readme: readme},
			{key: "concurrency", label: "mean tasks running", unit: "", prec: 2, target: nan, standalone: nan, floor: nan, readme: readme},
			{key: "worker_share", label: "busiest worker's share of the tasks", unit: "%", prec: 0, target: nan, standalone: nan, floor: nan},
			{key: "task_p50", label: "task run p50 (Started → Ended)", unit: "ms", prec: 1, target: nan, standalone: nan, floor: nan, readme: true},
			{key: "dispatch_p50", label: "dispatch histogram p50 (incl. slot wait)", unit: "ms", prec: 1, target: nan, standalone: nan, floor: nan},
		}
		return scenario{
			name:    name,
			about:   fmt.Sprintf("fork of %d `true` script actions → join → end on %s", b.fanout, sh),
			metrics: append(ms, cpuMetrics()...),
			run:     func(b *bench, dir string) (runResult, error) { return b.runFanout(dir, sh) },
		}
	}
	chain := func(name string, sh shape, target float64) scenario {
		ref, floor := refChain, hopFloor
		if sh.standalone {
			ref, floor = "", floorSpawnMs+floorCommitMs
		}
		return scenario{
			name: name,
			about: fmt.Sprintf("%d sequential `true` script actions on %s; gap = Started(n+1) − Ended(n)",
				b.chainLen, sh),
			metrics: []metricDef{
				{key: "gap_p50", label: "gap p50", unit: "ms", prec: 1, target: target, standalone: standaloneGapP50, now: ref, floor: floor},
				{key: "gap_p99", label: "gap p99", unit: "ms", prec: 1, target: nan, standalone: standaloneGapP99, now: ref, floor: floor, readme: true},
				{key: "gap_mean", label: "gap mean", unit: "ms", prec: 2, target: nan, standalone: standaloneGapMean, now: ref, floor: floor, readme: true},
				{key: "task_p50", label: "task run p50 (Started → Ended)", unit: "ms", prec: 1, target: nan, standalone: nan, floor: nan},
				{key: "dispatch_mean", label: "dispatch histogram mean (ready → placed)", unit: "ms", prec: 3, target: nan, standalone: nan, floor: nan},
				{key: "cpu_leader_per_task", label: "leader CPU per task", unit: "ms", prec: 2, target: nan, standalone: nan, floor: nan, readme: true},
				{key: "cpu_standby_per_task", label: "standbys' CPU per task (together)", unit: "ms", prec: 2, target: nan, standalone: nan, floor: nan},
				{key: "cpu_workers_per_task", label: "worker processes' CPU per task", unit: "ms", prec: 2, target: nan, standalone: nan, floor: nan, readme: true},
				{key: "cpu_http_per_task", label: "http node CPU per task (polling)", unit: "ms", prec: 2, target: nan, standalone: nan, floor: nan},
			},
			run: func(b *bench, dir string) (runResult, error) { return b.runChain(dir, sh) },
		}
	}
	def := shape{controllers: 3, workers: 2, slots: b.slots}
	all := []scenario{
		{
			name: "failover",
			about: fmt.Sprintf("default shape; %d × SIGKILL of the master (the controller whose /readyz is 200) while runs are submitted through h1 every 50 ms; restarted before the next kill",
				b.kills),
			metrics: []metricDef{
				{key: "dispatch_p50", label: "kill → first task start p50", unit: "s", prec: 2, target: failoverS, standalone: nan, floor: nan},
				{key: "dispatch_max", label: "kill → first task start max", unit: "s", prec: 2, target: failoverS, standalone: nan, floor: nan},
				{key: "ready_p50", label: "kill → new master /readyz 200 p50", unit: "s", prec: 2, target: failoverS, standalone: nan, floor: nan},
				{key: "ready_max", label: "kill → new master /readyz 200 max", unit: "s", prec: 2, target: failoverS, standalone: nan, floor: nan},
				{key: "lag_p50", label: "new master ready → first task start p50 (h1's gossip view, retry, commit, spawn)", unit: "s", prec: 2, target: nan, standalone: nan, floor: nan, readme: true},
				{key: "lag_max", label: "new master ready → first task start max", unit: "s", prec: 2, target: nan, standalone: nan, floor: nan},
				{key: "rejoin_p50", label: "restart of the killed controller → healthy p50", unit: "s", prec: 2, target: nan, standalone: nan, floor: nan, readme: true},
				{key: "kills", label: "kills measured", unit: "", prec: 0, target: nan, standalone: nan, floor: nan},
			},
			run: (*bench).runFailover,
		},
		chain(refChain, shape{standalone: true, slots: 8}, nan),
		chain("chain100", def, 5),
		fanout(refFanout, shape{standalone: true, slots: 16}, nan, true),
		fanout("fanout1000", def, 500, true),
	}
	for _, w := range b.scale {
		all = append(all, fanout(fmt.Sprintf("scale-w%d", w), shape{controllers: 3, workers: w, slots: b.scaleSlots}, nan, true))
	}
	return all
}
