package master

import (
	"testing"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// BenchmarkChain100 runs a 100-action chain end to end with a worker that answers every
// RunTask at once (TaskStarted, then TaskFinished). ns/hop is the time from one task's result
// to the next task's result, every step committed: result → supervisor → one UpdateInstance
// commit → RunTask → worker → result. commits/hop counts Log.Apply calls (Raft entries, i.e.
// fsyncs in production) per hop: 1, since the TaskStarted of a task that ends at once rides
// with its result's commit (it was 2 while TaskStarted was committed on its own).
//
//	store:   the log applies every batch to a real bbolt store (NoSync, as the raft FSM runs it)
//	nolog:   the log applies nothing: the master's own cost
func BenchmarkChain100(b *testing.B) {
	b.Run("store", func(b *testing.B) { benchChain(b, false) })
	b.Run("nolog", func(b *testing.B) { benchChain(b, true) })
}

func benchChain(b *testing.B, discard bool) {
	const hops = 100
	h := newHarness(b, nil)
	w := h.addWorker("w1", 4)
	w.mu.Lock()
	w.auto = true
	w.mu.Unlock()
	h.put(chainXML("c100", hops, "", ""))
	done := make(chan string, 16)
	h.log.mu.Lock()
	h.log.discard = discard
	h.log.onApply = func(cmds []store.Command) {
		for _, c := range cmds {
			if up, ok := c.(store.UpdateInstance); ok && up.Instance.Status == workflows.InstanceSucceeded {
				done <- up.Instance.ID
			}
		}
	}
	h.log.mu.Unlock()
	run := func() {
		id, err := h.client.Trigger(h.ctx(), "c100", nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		if got := <-done; got != id {
			b.Fatalf("finished %s, want %s", got, id)
		}
	}
	run() // warm up
	applies := h.log.applies()
	b.ResetTimer()
	for range b.N {
		run()
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*hops), "ns/hop")
	b.ReportMetric(float64(h.log.applies()-applies)/float64(b.N*hops), "commits/hop")
}
