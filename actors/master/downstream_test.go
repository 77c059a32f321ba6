package master

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors/mail"
)

// recordingNotifier keeps what it was told.
type recordingNotifier struct {
	mu      sync.Mutex
	reports []mail.InstanceReport
	alerts  []mail.RetryAlert
}

func (n *recordingNotifier) InstanceFinished(r mail.InstanceReport) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.reports = append(n.reports, r)
	return true
}

func (n *recordingNotifier) NodeRetry(a mail.RetryAlert) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.alerts = append(n.alerts, a)
	return true
}

// graphMaster is a master holding workflow definitions (name → receivers) and coordinators
// (name → enabled, upstreams, and for a standalone one its targets).
func graphMaster(n Notifier, receivers map[string]string, coords []coordinator) *master {
	m := newMaster(Config{Notifier: n})
	for name, rcv := range receivers {
		xml := fmt.Sprintf(`<?xml version="1.0"?>
<!-- a comment first -->
<work-flow name=%q mail-receivers=%q><start name="s" to="e"/><end name="e"/></work-flow>`, name, rcv)
		m.defs[name] = &definition{name: name, xml: []byte(xml), isWorkflow: true}
	}
	for _, c := range coords {
		c.heapIdx = -1
		if len(c.targets) == 0 {
			c.targets = []string{c.name}
		}
		m.setCoord(c.name, &c)
	}
	return m
}

func deps(names ...string) []workflows.Dependency {
	out := make([]workflows.Dependency, len(names))
	for i, n := range names {
		out[i] = workflows.Dependency{Workflow: n}
	}
	return out
}

func TestDownstreamOf(t *testing.T) {
	m := graphMaster(nil, map[string]string{
		"a": "a@x", "b": " b@x , ", "c": "c@x,b@x", "d": "d@x", "e": "e@x", "f": "",
	}, []coordinator{
		{name: "b", spec: workflows.Coordinator{Enabled: true, Depends: deps("a")}},
		{name: "c", spec: workflows.Coordinator{Enabled: true, Depends: deps("b", "b")}},
		{name: "a", spec: workflows.Coordinator{Enabled: true, Depends: deps("c")}}, // a cycle back to a
		{name: "d", spec: workflows.Coordinator{Enabled: false, Depends: deps("a")}},
		{name: "s", standalone: true, targets: []string{"e", "f"},
			spec: workflows.Coordinator{Enabled: true, Depends: deps("a")}},
	})
	names, receivers := m.downstreamOf("a")
	if want := []string{"b", "c", "e", "f"}; !slices.Equal(names, want) {
		t.Errorf("downstream of a = %q, want %q (d's coordinator is disabled, a itself is not listed)", names, want)
	}
	if want := []string{"b@x", "c@x", "e@x"}; !slices.Equal(receivers, want) {
		t.Errorf("receivers = %q, want %q", receivers, want)
	}
	if names, receivers := m.downstreamOf("e"); names != nil || receivers != nil {
		t.Errorf("a workflow nobody waits for: %q %q", names, receivers)
	}
}

func TestRootMailReceivers(t *testing.T) {
	cases := map[string][]string{
		`<work-flow name="x" mail-receivers="a@x, b@x,,"><start/></work-flow>`: {"a@x", "b@x"},
		`<work-flow name="x"><action mail-receivers="no@x"/></work-flow>`:      nil,
		`<<<`: nil,
		``:    nil,
	}
	for doc, want := range cases {
		if got := rootMailReceivers([]byte(doc)); !slices.Equal(got, want) {
			t.Errorf("rootMailReceivers(%q) = %q, want %q", doc, got, want)
		}
	}
}

func TestCompletionNotifierAddsDownstream(t *testing.T) {
	rec := &recordingNotifier{}
	m := graphMaster(rec, map[string]string{"a": "a@x", "b": "b@x,a@x"}, []coordinator{
		{name: "b", spec: workflows.Coordinator{Enabled: true, Depends: deps("a")}},
	})
	n := m.completionNotifier("a", 1)
	n.InstanceFinished(mail.InstanceReport{InstanceID: "i-1", Workflow: "a", Receivers: []string{"a@x"}})
	n.NodeRetry(mail.RetryAlert{InstanceID: "i-1", Receivers: []string{"a@x"}})
	if len(rec.reports) != 1 || !slices.Equal(rec.reports[0].Downstream, []string{"b"}) ||
		!slices.Equal(rec.reports[0].Receivers, []string{"a@x", "b@x"}) {
		t.Fatalf("reports = %+v", rec.reports)
	}
	if len(rec.alerts) != 1 || !slices.Equal(rec.alerts[0].Receivers, []string{"a@x"}) {
		t.Fatalf("a retry alert changed: %+v", rec.alerts)
	}
	// Nothing to add, or no completion mail at all: the master's own notifier, unwrapped.
	if n := m.completionNotifier("b", 1); n != Notifier(rec) {
		t.Errorf("no downstream: got %T", n)
	}
	if n := m.completionNotifier("a", 0); n != Notifier(rec) {
		t.Errorf("empty mail-level: got %T", n)
	}
	if n := graphMaster(nil, nil, nil).completionNotifier("a", 1); n != nil {
		t.Errorf("no notifier: got %T", n)
	}
}

func TestFailureTail(t *testing.T) {
	at := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	att := func(n int, st workflows.AttemptStatus, msg string) workflows.Attempt {
		return workflows.Attempt{Number: n, Visit: 1, Status: st, Ended: at, Message: msg}
	}
	nodes := []workflows.NodeRun{
		{Name: "ok", Status: workflows.NodeSucceeded, Attempts: []workflows.Attempt{
			att(1, workflows.AttemptFailed, "transient"), att(2, workflows.AttemptSucceeded, "done")}},
		{Name: "load", Status: workflows.NodeFailed, Attempts: []workflows.Attempt{
			att(1, workflows.AttemptFailed, "exit status 1\nlast stderr lines:\nfirst try"),
			att(2, workflows.AttemptFailed, "exit status 3\nlast stderr lines:\nERROR: relation \"t\" does not exist\n")}},
		{Name: "never", Status: workflows.NodeUpstreamFailed},
		{Name: "slow", Status: workflows.NodeFailed, Attempts: []workflows.Attempt{
			att(1, workflows.AttemptTimedOut, "timed out after 1m0s")}},
	}
	want := strings.Join([]string{
		"==> node load, attempt 2 (failed) <==",
		"exit status 3", "last stderr lines:", `ERROR: relation "t" does not exist`,
		"",
		"==> node slow, attempt 1 (timed_out) <==",
		"timed out after 1m0s",
	}, "\n")
	if got := failureTail(nodes, 40); got != want {
		t.Errorf("failureTail =\n%s\nwant\n%s", got, want)
	}
	// The last lines are kept, and the cut is said.
	long := workflows.NodeRun{Name: "big", Status: workflows.NodeFailed, Attempts: []workflows.Attempt{
		att(1, workflows.AttemptFailed, strings.Repeat("line\n", 99)+"the end")}}
	got := strings.Split(failureTail([]workflows.NodeRun{long}, 40), "\n")
	if len(got) != 41 || got[0] != "[… 61 earlier lines not shown]" || got[40] != "the end" {
		t.Errorf("long tail: %d lines, first %q, last %q", len(got), got[0], got[len(got)-1])
	}
	if got := failureTail(nodes[:1], 40); got != "" {
		t.Errorf("nothing failed: %q", got)
	}
}

func FuzzRootMailReceivers(f *testing.F) {
	f.Add(`<work-flow mail-receivers="a@x, b@x"/>`)
	f.Add(`<?xml version="1.0"?><!DOCTYPE x><w mail-receivers=",,"/>`)
	f.Fuzz(func(t *testing.T, doc string) {
		for _, r := range rootMailReceivers([]byte(doc)) {
			if r == "" || r != strings.TrimSpace(r) || strings.Contains(r, ",") {
				t.Fatalf("rootMailReceivers(%q) gave %q", doc, r)
			}
		}
	})
}
