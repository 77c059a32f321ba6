package raftgroup

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkApply measures Apply end to end (enqueue, fsync'd StoreLogs on
// the leader, replication and follower fsync when there are followers,
// commit, FSM apply, response) with real fsync and ~100-byte commands.
//
// ns/op is wall time per command: for callers=1 it is the latency, for
// callers=16 it is the inverse of throughput. p50-µs / p99-µs are per-call
// latencies; cmds/s is throughput; entries/fsync is the leader's mean
// group-commit size (entries per StoreLogs transaction).
func BenchmarkApply(b *testing.B) {
	for _, voters := range []int{1, 3} {
		for _, callers := range []int{1, 16} {
			b.Run(fmt.Sprintf("voters=%d/callers=%d", voters, callers), func(b *testing.B) {
				leader := benchGroup(b, voters)
				benchApply(b, leader, callers)
			})
		}
	}
}

// benchTuning is DefaultTuning with 1 s election timers. The measured path
// (append, fsync, replicate, commit, apply) does not depend on them; they
// only keep a loaded, shared 2-core box from deposing the leader mid-run,
// which would measure an election instead.
func benchTuning() Tuning {
	t := DefaultTuning()
	t.HeartbeatTimeout, t.ElectionTimeout, t.LeaderLeaseTimeout = time.Second, time.Second, time.Second
	return t
}

// benchGroup starts a group of n voters on loopback, each with its own
// fsync'd raft.db, and returns the leader.
func benchGroup(b *testing.B, n int) *Group {
	base := b.TempDir()
	open := func(id string, bootstrap bool) *node {
		return openCfg(b, Config{
			NodeID: id, Dir: filepath.Join(base, id), BindAddr: "127.0.0.1:0", Bootstrap: bootstrap,
			FSM: newKV(), Logger: testLogger(id), Tuning: benchTuning(),
		})
	}
	leader := open("n1", true)
	waitLeader(b, leader.LeaderCh(), 10*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := 2; i <= n; i++ {
		nd := open(fmt.Sprintf("n%d", i), false)
		if err := leader.AddVoter(ctx, nd.ID(), nd.Addr()); err != nil {
			b.Fatalf("AddVoter: %v", err)
		}
	}
	// Warm up: connections, pipelines, first pages of the bolt files.
	applyN(b, leader.Group, 0, 100)
	return leader.Group
}

func benchApply(b *testing.B, g *Group, callers int) {
	cmd := make([]byte, 100)
	copy(cmd, "bench=")
	ctx := context.Background()
	var (
		next int64 = -1
		mu   sync.Mutex
		lat  = make([]time.Duration, 0, b.N)
		wg   sync.WaitGroup
	)
	before := g.store.Counters()
	b.ReportAllocs()
	b.ResetTimer()
	for c := 0; c < callers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for atomic.AddInt64(&next, 1) < int64(b.N) {
				start := time.Now()
				if _, err := g.Apply(ctx, cmd); err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
	b.ReportMetric(q(0.50), "p50-µs")
	b.ReportMetric(q(0.99), "p99-µs")
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "cmds/s")
	after := g.store.Counters()
	if n := after.Batches - before.Batches; n > 0 {
		b.ReportMetric(float64(after.Entries-before.Entries)/float64(n), "entries/fsync")
	}
}
