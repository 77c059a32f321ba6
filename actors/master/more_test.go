package master

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

func TestScriptAttachmentsAreShipped(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub", "conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(t.TempDir(), "lib.sh")
	must(t, os.WriteFile(filepath.Join(dir, "sub", "conf", "settings.ini"), []byte("k=v"), 0o644))
	must(t, os.WriteFile(abs, []byte("echo lib"), 0o644))
	h := newHarness(t, func(c *Config) { c.XMLConfigDir = dir })
	w := h.addWorker("w1", 4)
	script := func(name, ok, files string) string {
		return `<action name="` + name + `" retry-times="0"><script><code>echo hi</code><attach-list>` + files +
			`</attach-list></script><ok to="` + ok + `"/></action>`
	}
	body := script("a", "b", "<file>conf/settings.ini</file><file>"+abs+"</file>") +
		script("b", "end", "<file>conf/missing.ini</file>")
	if _, err := h.client.PutDefinition(h.ctx(), []byte(wfXML("att", "", "", "a", body)), "sub/att.xml", store.OriginFile); err != nil {
		t.Fatal(err)
	}
	id := h.trigger("att", nil)
	r := w.nextRun(t)
	got := map[string]string{}
	for _, a := range r.Attachments {
		got[a.Name] = string(a.Data)
	}
	if len(got) != 2 || got["settings.ini"] != "k=v" || got["lib.sh"] != "echo lib" {
		t.Fatalf("attachments = %v", got)
	}
	w.succeed(r)
	// b's attachment does not exist: the attempt fails without reaching a worker.
	rec := h.waitStatus(id, workflows.InstanceFailed)
	if m := nodeOf(rec, "b").Message; !strings.Contains(m, "missing.ini") {
		t.Fatalf("b = %q", m)
	}
	w.noRun(t, 10*time.Millisecond)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A master that knows no worker at activation waits for one before declaring in-flight
// attempts lost: a worker announced during the wait still runs them.
func TestRecoveryWaitsForAFirstWorker(t *testing.T) {
	h := newHarness(t, nil)
	w := h.addWorker("w1", 2)
	h.put(wfXML("g", "", "", "a", action("a", "end", `retry-times="1"`)))
	id := h.trigger("g", nil)
	r := w.nextRun(t)
	w.started(r)
	h.writeStarts()
	eventually(t, "started", func() bool { return nodeOf(h.instance(id), "a").Attempts[0].Status == workflows.AttemptRunning })
	w.setStatus(&messages.WorkerStatusResponse{Worker: "w1", Running: []*messages.TaskRef{r.Ref}}, false)
	h.restart(time.Time{}, func(c *Config) { c.Workers = nil })
	eventually(t, "the grace timer", func() bool { return h.clock.armed(h.clock.Now().Add(h.cfg.WorkerAskTimeout)) == 1 })
	w = h.workers["w1"]
	if err := h.client.WorkerUp(Worker{Name: "w1", PID: w.pid, Slots: 2}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "reconciled", func() bool { return h.status().Ready })
	w.noRun(t, 30*time.Millisecond) // still running there: not retried
	w.setMaster(h.master)
	w.succeed(r)
	h.waitStatus(id, workflows.InstanceSucceeded)
}

func TestCatchupAllFiresEveryMissedSlot(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RetentionEvery = 1000 * time.Hour })
	coord := strings.Replace(cronCoord("0 * * * *"), `is-enabled="true"`, `is-enabled="true" catchup="all"`, 1)
	h.put(chainXML("all", 1, `instance-limit="10"`, coord))
	h.clock.Set(t0.Add(time.Hour))
	eventually(t, "the 11:00 fire", func() bool { return len(h.byWorkflow("all")) == 1 })
	h.restart(t0.Add(4*time.Hour+10*time.Minute), func(c *Config) { c.Workers = nil })
	eventually(t, "catch-up", func() bool { return len(h.byWorkflow("all")) == 4 })
	for i, rec := range h.byWorkflow("all")[1:] {
		want := t0.Add(time.Duration(i+2) * time.Hour)
		if rec.Instance.Trigger != workflows.TriggerCatchup || !rec.Instance.Scheduled.Equal(want) {
			t.Fatalf("catch-up %d = %s %s", i, rec.Instance.Trigger, rec.Instance.Scheduled)
		}
	}
	// The next regular slot (15:00) fires as scheduled, once.
	eventually(t, "the wake-up at 15:00", func() bool { return h.clock.armed(t0.Add(5*time.Hour)) == 1 })
	h.clock.Set(t0.Add(5 * time.Hour))
	eventually(t, "the 15:00 fire", func() bool { return len(h.byWorkflow("all")) == 5 })
}
