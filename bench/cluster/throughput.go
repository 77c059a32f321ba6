package main

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// measured is one triggered instance on a cluster with what each process did while it ran.
type measured struct {
	inst          apiv1.Instance
	att           []apiv1.Attempt
	leader        string
	cpu           map[string]benchkit.CPUTimes // per node, trigger → end
	before, after map[string]float64           // the leader's /metrics
	machineBusy   float64                      // % of all CPUs busy (every tenant), trigger → end
}

// measureOne starts a cluster with the workflow (plus a warm-up), runs the warm-up to
// completion, then triggers the workflow once through h1 and waits for its end, sampling every
// process's CPU times around it.
func (b *bench) measureOne(dir string, sh shape, name, xml string, actions int, timeout, poll time.Duration) (measured, error) {
	c, err := b.startCluster(dir, sh, map[string]string{
		name + ".xml": xml,
		"warm.xml":    benchkit.ChainXML("warm", benchkit.KindScript, "true", 3, 10),
	})
	if err != nil {
		return measured{}, err
	}
	defer c.stop()
	api := c.api()
	id, err := benchkit.Trigger(api, "warm")
	if err != nil {
		return measured{}, c.withLogs(fmt.Errorf("warm-up trigger: %w", err))
	}
	if _, err := benchkit.WaitInstance(api, "warm", id, 60*time.Second, 10*time.Millisecond); err != nil {
		return measured{}, c.withLogs(fmt.Errorf("warm-up: %w", err))
	}
	m := measured{leader: c.leader()}
	if m.leader == "" {
		return measured{}, c.withLogs(fmt.Errorf("no ready master after the warm-up"))
	}
	m.before, _ = c.metrics(m.leader)
	cpu0 := c.sampleCPU()
	busy0, total0, _ := benchkit.MachineCPU()
	if id, err = benchkit.Trigger(api, name); err != nil {
		return measured{}, c.withLogs(err)
	}
	if m.inst, err = benchkit.WaitInstance(api, name, id, timeout, poll); err != nil {
		return measured{}, c.withLogs(err)
	}
	cpu1 := c.sampleCPU()
	busy1, total1, _ := benchkit.MachineCPU()
	m.machineBusy = nan
	if total1 > total0 {
		m.machineBusy = 100 * float64(busy1-busy0) / float64(total1-total0)
	}
	m.after, _ = c.metrics(m.leader)
	m.cpu = map[string]benchkit.CPUTimes{}
	for n, t := range cpu1 {
		if t0, ok := cpu0[n]; ok {
			m.cpu[n] = t.Sub(t0)
		}
	}
	if l := c.leader(); l != m.leader {
		return measured{}, fmt.Errorf("the master changed from %s to %s during the measurement", m.leader, l)
	}
	if m.att = benchkit.FirstAttempts(m.inst); len(m.att) != actions {
		return measured{}, fmt.Errorf("%s: %d action attempts, want %d", name, len(m.att), actions)
	}
	return m, nil
}

// cpuValues are the per-process CPU figures of a run: CPU-seconds of the leader, of the
// standbys (together), of h1, of the worker processes (together) and of the task processes
// (the workers' reaped children), the leader's share of one core over the instance's
// lifetime, the whole machine's busy share, and a note naming every process.
func cpuValues(m measured, wall time.Duration) (map[string]float64, string) {
	v := map[string]float64{}
	var names []string
	for n := range m.cpu {
		names = append(names, n)
	}
	slices.Sort(names)
	var parts []string
	var total, busiest float64
	busiestName := ""
	for _, n := range names {
		t := m.cpu[n]
		total += t.Self + t.Children
		v["cpu_tasks"] += t.Children // a worker's (or the standalone server's) reaped tasks
		role := "worker"
		switch {
		case n == "s1":
			role = "standalone"
			v["cpu_leader"] += t.Self
		case n == m.leader:
			role = "leader"
			v["cpu_leader"] += t.Self
		case strings.HasPrefix(n, "c"):
			role = "standby"
			v["cpu_standby"] += t.Self
		case n == "h1":
			role = "http"
			v["cpu_http"] += t.Self
		default:
			v["cpu_workers"] += t.Self
			v["cpu_worker_max"] = max(v["cpu_worker_max"], t.Self)
		}
		if t.Self > busiest {
			busiest, busiestName = t.Self, n
		}
		p := fmt.Sprintf("%s(%s) %.2f s", n, role, t.Self)
		if t.Children > 0 {
			p += fmt.Sprintf(" + tasks %.2f s", t.Children)
		}
		parts = append(parts, p)
	}
	v["leader_core"] = 100 * v["cpu_leader"] / wall.Seconds()
	v["cpu_busy"] = 100 * total / (wall.Seconds() * float64(runtime.NumCPU()))
	v["machine_busy"] = m.machineBusy
	note := fmt.Sprintf("CPU over %.2f s: %s; busiest process %s (%.0f%% of one core)",
		wall.Seconds(), strings.Join(parts, ", "), busiestName, 100*busiest/wall.Seconds())
	return v, note
}

func (b *bench) runChain(dir string, sh shape) (runResult, error) {
	m, err := b.measureOne(dir, sh, "chain", benchkit.ChainXML("chain", benchkit.KindScript, "true", b.chainLen, 10),
		b.chainLen, 180*time.Second, 20*time.Millisecond)
	if err != nil {
		return runResult{}, err
	}
	cs := benchkit.Chain(m.att)
	wall := m.inst.Ended.Sub(m.inst.Created.Time)
	d := benchkit.HistDelta(m.before, m.after, "actorflow_dispatch_latency_seconds")
	v, note := cpuValues(m, wall)
	v["gap_p50"], v["gap_p99"], v["gap_mean"] = cs.GapP50, cs.GapP99, cs.GapMean
	v["task_p50"] = cs.TaskP50
	v["dispatch_mean"] = d.Mean() * 1000
	for _, k := range []string{"cpu_leader", "cpu_standby", "cpu_http", "cpu_workers", "cpu_tasks"} {
		v[k+"_per_task"] = v[k] * 1000 / float64(b.chainLen)
	}
	return runResult{values: v, notes: []string{note}}, nil
}

func (b *bench) runFanout(dir string, sh shape) (runResult, error) {
	m, err := b.measureOne(dir, sh, "fanout", benchkit.FanoutXML("fanout", benchkit.KindScript, b.fanout),
		b.fanout, 300*time.Second, 50*time.Millisecond)
	if err != nil {
		return runResult{}, err
	}
	fs := benchkit.Fanout(m.att)
	wall := m.inst.Ended.Sub(m.inst.Created.Time)
	d := benchkit.HistDelta(m.before, m.after, "actorflow_dispatch_latency_seconds")
	v, note := cpuValues(m, wall)
	v["tps"] = fs.Rate
	v["tps_wall"] = float64(b.fanout) / wall.Seconds()
	v["concurrency"] = fs.Concurrency
	v["task_p50"] = fs.TaskP50
	v["dispatch_p50"] = d.Quantile(0.5) * 1000
	// How evenly the workers shared the work: the busiest worker's share of the attempts.
	per := map[string]int{}
	for _, a := range m.att {
		per[a.Worker]++
	}
	most := 0
	for _, n := range per {
		most = max(most, n)
	}
	v["worker_share"] = 100 * float64(most) / float64(len(m.att))
	return runResult{values: v, notes: []string{note}}, nil
}
