package raftstore

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/raft"
	raftbench "github.com/hashicorp/raft/bench"
)

// raft's shared store benchmarks (the ones raft-boltdb runs), with fsync.
func BenchmarkRaftBench(b *testing.B) {
	for name, fn := range map[string]func(*testing.B, *Store){
		"FirstIndex":  func(b *testing.B, s *Store) { raftbench.FirstIndex(b, s) },
		"LastIndex":   func(b *testing.B, s *Store) { raftbench.LastIndex(b, s) },
		"GetLog":      func(b *testing.B, s *Store) { raftbench.GetLog(b, s) },
		"StoreLog":    func(b *testing.B, s *Store) { raftbench.StoreLog(b, s) },
		"StoreLogs":   func(b *testing.B, s *Store) { raftbench.StoreLogs(b, s) },
		"DeleteRange": func(b *testing.B, s *Store) { raftbench.DeleteRange(b, s) },
		"Set":         func(b *testing.B, s *Store) { raftbench.Set(b, s) },
		"Get":         func(b *testing.B, s *Store) { raftbench.Get(b, s) },
		"SetUint64":   func(b *testing.B, s *Store) { raftbench.SetUint64(b, s) },
		"GetUint64":   func(b *testing.B, s *Store) { raftbench.GetUint64(b, s) },
	} {
		b.Run(name, func(b *testing.B) { fn(b, openTemp(b, Options{})) })
	}
}

// BenchmarkStoreLogs measures one StoreLogs call of n entries with ~100-byte
// commands (the size of an actorflow FSM command), real fsync. ns/op is per
// call; entries/s shows what batching buys.
func BenchmarkStoreLogs(b *testing.B) {
	for _, n := range []int{1, 64} {
		for _, sync := range []bool{true, false} {
			name := fmt.Sprintf("entries=%d/fsync=%v", n, sync)
			b.Run(name, func(b *testing.B) {
				s := openTemp(b, Options{NoSync: !sync})
				data := bytes.Repeat([]byte("c"), 100)
				logs := make([]*raft.Log, n)
				for i := range logs {
					logs[i] = &raft.Log{Term: 1, Type: raft.LogCommand, Data: data, AppendedAt: time.Now()}
				}
				next := uint64(1)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					for _, l := range logs {
						l.Index = next
						next++
					}
					if err := s.StoreLogs(logs); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(next-1)/b.Elapsed().Seconds(), "entries/s")
			})
		}
	}
}
