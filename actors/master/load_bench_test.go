package master

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/actorflow/actorflow/workflows/store"
)

// BenchmarkPutDefinitions10000 loads 10,000 small definitions (a daily cron coordinator with a
// param-list and three nodes, as bench/standalone's load10k files) through the master actor,
// 64 requests in flight as the xmlconfig scan sends them, over a Log that writes nothing: the
// master's own cost per definition (XML parsing included). It also reports the live heap the
// master keeps per definition once everything is loaded (after a GC).
func BenchmarkPutDefinitions10000(b *testing.B) {
	const n = 10000
	xmls := make([][]byte, n)
	for i := range xmls {
		xmls[i] = []byte(loadXML(i + 1))
	}
	var retained float64
	for range b.N {
		b.StopTimer()
		log := &countingLog{}
		h := newHarness(b, func(c *Config) { c.Log = log })
		before := liveHeap()
		b.StartTimer()
		putAll(b, h, xmls)
		b.StopTimer()
		retained = float64(liveHeap()-before) / n
		if st := h.status(); len(st.Coordinators) != n {
			b.Fatalf("%d coordinators, want %d", len(st.Coordinators), n)
		}
		b.ReportMetric(float64(log.applies.Load())/n, "applies/def")
		if err := h.sys.Root.StopFuture(h.master).Wait(); err != nil { // frees its state for the next round
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/def")
	b.ReportMetric(retained, "heapB/def")
}

// putAll puts every definition, 64 at a time (the scan loop's bound).
func putAll(tb testing.TB, h *harness, xmls [][]byte) {
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	var failed atomic.Value
	for i, x := range xmls {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			src := fmt.Sprintf("g%02d/wf_%05d.xml", i%100, i+1)
			// A copy, as the scanner reads each file anew: what the master keeps of it counts.
			if _, err := h.client.PutDefinition(context.Background(), bytes.Clone(x), src, store.OriginFile); err != nil {
				failed.Store(err)
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		tb.Fatal(err)
	}
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// countingLog commits everything at once and keeps nothing (not even the commands, which
// would otherwise count as the master's memory).
type countingLog struct{ applies atomic.Int64 }

func (l *countingLog) Apply(context.Context, ...store.Command) error {
	l.applies.Add(1)
	return nil
}

// loadXML is bench/standalone's load10k file number i.
func loadXML(i int) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<work-flow name="wf_%05d" creator="bench" desc="load10k workflow %d" dir="/bench/load/g%02d">
  <coordinator is-enabled="true">
    <depend-list cron="17 3 * * *"/>
    <param-list><param name="day" value="${time.today|yyyy-MM-dd|-1 day}"/></param-list>
  </coordinator>
  <start name="start" to="work"/>
  <action name="work"><shell><command>echo ${param:day}</command></shell><ok to="end"/></action>
  <end name="end"/>
</work-flow>
`, i, i, i%100)
}
