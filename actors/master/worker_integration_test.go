package master

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/worker"
	"github.com/actorflow/actorflow/workflows"
)

// The real worker actor (actors/worker) running real shell actions: the protocol as the two
// sides implement it, not as the fakes assume.
func TestWithTheRealWorker(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes")
	}
	h := newHarness(t, nil)
	dir := t.TempDir()
	props, err := worker.Props(worker.Config{Name: "real", Slots: 2, WorkRoot: filepath.Join(dir, "work"),
		LogRoot: filepath.Join(dir, "logs"), Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	pid, err := h.sys.Root.SpawnNamed(props, worker.ActorName)
	if err != nil {
		t.Fatal(err)
	}
	h.sys.Root.Send(pid, &worker.MasterChanged{PID: h.master})
	if err := h.client.WorkerUp(Worker{Name: "real", PID: pid, Slots: 2}); err != nil {
		t.Fatal(err)
	}
	h.put(chainXML("real", 3, "", ""))
	id := h.trigger("real", nil)
	rec := h.waitStatus(id, workflows.InstanceSucceeded)
	for _, n := range []string{"a1", "a2", "a3"} {
		nr := nodeOf(rec, n)
		if nr.Status != workflows.NodeSucceeded || len(nr.Attempts) != 1 || nr.Attempts[0].Worker != "real" {
			t.Fatalf("%s = %+v", n, nr)
		}
	}
	eventually(t, "the worker's slots free", func() bool { return h.status().Workers[0].Used == 0 })

	// Kill: the worker kills the process group and reports it; the instance is killed.
	body := `<action name="s"><shell><command>sleep 30</command></shell><ok to="end"/></action>`
	h.put(wfXML("sleepy", "", "", "s", body))
	id = h.trigger("sleepy", nil)
	h.writeStarts()
	eventually(t, "the process running", func() bool {
		a := nodeOf(h.instance(id), "s").Attempts
		return len(a) == 1 && a[0].Status == workflows.AttemptRunning
	})
	start := time.Now()
	if err := h.client.Kill(h.ctx(), id, "test"); err != nil {
		t.Fatal(err)
	}
	h.waitStatus(id, workflows.InstanceKilled)
	eventually(t, "the slot released by the worker's report", func() bool { return h.status().Workers[0].Used == 0 })
	if time.Since(start) > 20*time.Second {
		t.Fatal("the process was not killed")
	}
}
