package master

import (
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// decisions counts coordinator evaluations by name (Config.onDecide).
type decisions struct {
	mu     sync.Mutex
	byName map[string]int
}

func (d *decisions) hook(name string) {
	d.mu.Lock()
	d.byName[name]++
	d.mu.Unlock()
}

// take returns the evaluations since the last take and forgets them.
func (d *decisions) take() map[string]int {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := d.byName
	d.byName = map[string]int{}
	return out
}

// TestEventsEvaluateOnlyTheAffectedCoordinators: with 1,000 coordinators loaded, adding a
// definition, a dependency success and a wake-up each evaluate O(1) coordinators, not all.
func TestEventsEvaluateOnlyTheAffectedCoordinators(t *testing.T) {
	dec := &decisions{byName: map[string]int{}}
	h := newHarness(t, func(c *Config) { c.onDecide = dec.hook })
	w := h.addWorker("w1", 4)
	xmls := make([][]byte, 1000)
	for i := range xmls {
		xmls[i] = []byte(loadXML(i + 1)) // daily at 03:17
	}
	putAll(t, h, xmls)
	if got := dec.take(); len(got) != 1000 {
		t.Fatalf("loading 1,000 definitions evaluated %d coordinators, want each once", len(got))
	}

	// The 1,001st definition: only its own coordinator.
	h.put(chainXML("up", 1, "", cronCoord("30 10 * * *"))) // t0 is 10:00
	if got := dec.take(); len(got) != 1 || got["up"] != 1 {
		t.Fatalf("putting one definition evaluated %v, want only up once", got)
	}
	h.put(chainXML("down", 1, "", depCoord("up")))
	dec.take()

	// Its wake-up at 10:30: only the due coordinator; its fire's success: only its dependent.
	h.clock.Set(t0.Add(30 * time.Minute))
	r := w.nextRun(t)
	if got := dec.take(); len(got) != 1 || got["up"] != 1 {
		t.Fatalf("the 10:30 wake-up evaluated %v, want only up", got)
	}
	w.succeed(r)
	h.waitStatus(r.Ref.InstanceId, workflows.InstanceSucceeded)
	d := w.nextRun(t) // down fired
	if got := dec.take(); len(got) != 1 || got["down"] != 1 {
		t.Fatalf("up's success evaluated %v, want only down", got)
	}
	if d.Ref.Node != "a1" || len(h.byWorkflow("down")) != 1 {
		t.Fatalf("down did not fire once: %v", d.Ref)
	}

	// A trigger and a reset: the workflow's own coordinator only.
	h.trigger("wf_00007", nil)
	if err := h.client.Reset(h.ctx(), "wf_00008"); err != nil {
		t.Fatal(err)
	}
	if got := dec.take(); len(got) != 2 || got["wf_00007"] != 1 || got["wf_00008"] != 1 {
		t.Fatalf("a trigger and a reset evaluated %v", got)
	}
}

// TestWakeHeapKeepsTheEarliestOnTop: the one timer follows the earliest wake-up as
// coordinators are added, replaced and deleted.
func TestWakeHeapKeepsTheEarliestOnTop(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RetentionEvery = 1000 * time.Hour }) // its timer would be at 11:00 too
	h.put(chainXML("late", 1, "", cronCoord("0 12 * * *")))
	h.put(chainXML("early", 1, "", cronCoord("0 11 * * *")))
	at11, at12 := t0.Add(time.Hour), t0.Add(2*time.Hour)
	eventually(t, "the timer at 11:00", func() bool { return h.clock.armed(at11) == 1 })
	if n := h.clock.armed(at12); n != 0 {
		t.Fatalf("%d timers at 12:00 while 11:00 comes first", n)
	}
	// Moving early after late: the timer follows to 12:00.
	h.put(chainXML("early", 1, "", cronCoord("0 13 * * *")))
	eventually(t, "the timer at 12:00", func() bool { return h.clock.armed(at12) == 1 && h.clock.armed(at11) == 0 })
	if _, err := h.client.DeleteDefinition(h.ctx(), "late"); err != nil {
		t.Fatal(err)
	}
	at13 := t0.Add(3 * time.Hour)
	eventually(t, "the timer at 13:00", func() bool { return h.clock.armed(at13) == 1 && h.clock.armed(at12) == 0 })
}
