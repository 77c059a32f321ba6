package raftfsm

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
)

// BenchmarkLogApplyOneVoter: one UpdateInstance (one changed node) end to end: encode, raft
// log append with real fsync, commit in a one-voter group on loopback, FSM apply into the
// NoSync store, response. ns/op is the latency of one command for "serial" and the
// throughput cost per command for "concurrent16" (16 proposers, raft's group commit and
// ApplyBatch share the fsync and the store commit). This is the floor of the gap between
// one task's exit and the next one's dispatch (ARCHITECTURE §9: 2 ms).
func BenchmarkLogApplyOneVoter(b *testing.B) {
	c := openController(b, b.TempDir())
	ctx := context.Background()
	const instances = 64
	for i := range instances {
		if err := c.log.Apply(ctx, createCmd(instanceID(i), "wf")); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			if err := c.log.Apply(ctx, nodeUpdate(instanceID(i%instances), i+1)); err != nil {
				b.Fatal(err)
			}
		}
	})
	var next atomic.Int64
	b.Run("concurrent16", func(b *testing.B) {
		b.ReportAllocs()
		// RunParallel starts parallelism × GOMAXPROCS goroutines: 16 proposers.
		b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := int(next.Add(1))
				if err := c.log.Apply(ctx, nodeUpdate(instanceID(i%instances), i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
