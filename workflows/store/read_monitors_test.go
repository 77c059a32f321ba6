package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// monitorWorkflowJSON is the definition an instance of wf runs: a shell node "s" and the
// data-monitor nodes named, each with the given 2017 category/source-name (may be empty).
func monitorWorkflowJSON(tb testing.TB, wf string, monitors ...[3]string) json.RawMessage {
	tb.Helper()
	w := workflows.Workflow{Name: wf, Nodes: []*workflows.Node{
		{Name: "start", Kind: workflows.KindStart, To: "s"},
		{Name: "s", Kind: workflows.KindAction, Action: &workflows.Action{Type: workflows.ActionShell,
			Shell: &workflows.ShellBody{Command: `echo '"data_monitor":{'`}}},
	}}
	for _, m := range monitors {
		w.Nodes = append(w.Nodes, &workflows.Node{Name: m[0], Kind: workflows.KindAction,
			Action: &workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &workflows.DataMonitorBody{
				Source: workflows.Probe{Kind: workflows.ProbeNum, Text: "1"}, Category: m[1], SourceName: m[2]}}})
	}
	js, err := json.Marshal(w)
	if err != nil {
		tb.Fatal(err)
	}
	return js
}

// ran is a node record that ran once and ended with st at end.
func ran(name string, st workflows.NodeStatus, end time.Time, outputs map[string]string) workflows.NodeRun {
	ast := workflows.AttemptSucceeded
	if st != workflows.NodeSucceeded {
		ast = workflows.AttemptFailed
	}
	return workflows.NodeRun{Name: name, Status: st, Visit: 1, Started: end.Add(-time.Second), Ended: end,
		Attempts: []workflows.Attempt{{Number: 1, Visit: 1, Status: ast, Started: end.Add(-time.Second), Ended: end}},
		Message:  name + " " + st.String(), Outputs: outputs}
}

// createMonitored creates instance id of wf running def, with nodes (their records as given;
// every other node of names stays prep).
func createMonitored(tb testing.TB, s *Store, id, wf string, def json.RawMessage, created time.Time, names []string, nodes ...workflows.NodeRun) {
	tb.Helper()
	in := inst(id, wf, workflows.InstanceRunning, created, names...)
	must(tb, s, CreateInstance{Instance: in, Definition: def, Version: 1})
	if len(nodes) > 0 {
		in.Nodes = nodes
		must(tb, s, UpdateInstance{Instance: in})
	}
}

func resultKeys(rs []MonitorResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%s/%s %s/%s %s", r.InstanceID, r.Node.Name, r.Category, r.SourceName, r.Node.Status)
	}
	return out
}

func TestMonitorResults(t *testing.T) {
	s := openTemp(t)
	names := []string{"start", "s", "m1", "m2"}
	defA := monitorWorkflowJSON(t, "a", [3]string{"m1"}, [3]string{"m2"})
	defB := monitorWorkflowJSON(t, "b", [3]string{"m1", "sales", "orders"})
	defC := monitorWorkflowJSON(t, "c") // no monitor; its shell command quotes the key

	ok := map[string]string{"monitor.value": "5", "monitor.ok": "true"}
	// a-1: m1 succeeded, m2 failed later: m2 is the newer result.
	createMonitored(t, s, "a-1", "a", defA, t0, names,
		ran("m1", workflows.NodeSucceeded, t0.Add(time.Minute), ok),
		ran("m2", workflows.NodeFailed, t0.Add(2*time.Minute), nil))
	// c-1: no monitor at all, though its definition contains the key's bytes.
	createMonitored(t, s, "c-1", "c", defC, t0.Add(time.Hour), []string{"start", "s"},
		ran("s", workflows.NodeSucceeded, t0.Add(time.Hour), nil))
	// b-1: the 2017 attributes name the result.
	createMonitored(t, s, "b-1", "b", defB, t0.Add(2*time.Hour), []string{"start", "s", "m1"},
		ran("m1", workflows.NodeSucceeded, t0.Add(2*time.Hour), ok))
	// a-2: m1 still running, m2 skipped (is-ignore), so neither is a result; m1 of a-3 ran.
	running := ran("m1", workflows.NodeRunning, time.Time{}, nil)
	running.Attempts[0].Status = workflows.AttemptRunning
	createMonitored(t, s, "a-2", "a", defA, t0.Add(3*time.Hour), names, running,
		workflows.NodeRun{Name: "m2", Status: workflows.NodeSkipped})
	createMonitored(t, s, "a-3", "a", defA, t0.Add(4*time.Hour), names,
		ran("m1", workflows.NodeSucceeded, t0.Add(4*time.Hour), ok))
	// a-4: killed before it measured anything: no result.
	killed := ran("m1", workflows.NodeKilled, t0.Add(5*time.Hour), nil)
	createMonitored(t, s, "a-4", "a", defA, t0.Add(5*time.Hour), names, killed)

	cases := []struct {
		name  string
		q     MonitorQuery
		want  []string
		total int
	}{
		{"all newest first", MonitorQuery{}, []string{
			"a-3/m1 a/m1 succeeded", "b-1/m1 sales/orders succeeded",
			"a-1/m2 a/m2 failed", "a-1/m1 a/m1 succeeded"}, 4},
		{"workflow", MonitorQuery{Workflow: "a"}, []string{
			"a-3/m1 a/m1 succeeded", "a-1/m2 a/m2 failed", "a-1/m1 a/m1 succeeded"}, 3},
		{"workflow without monitors", MonitorQuery{Workflow: "c"}, []string{}, 0},
		{"unknown workflow", MonitorQuery{Workflow: "nope"}, []string{}, 0},
		{"2017 category", MonitorQuery{Category: "sales"}, []string{"b-1/m1 sales/orders succeeded"}, 1},
		{"default category is the workflow", MonitorQuery{Category: "b"}, []string{}, 0},
		{"source name", MonitorQuery{Name: "m1"}, []string{"a-3/m1 a/m1 succeeded", "a-1/m1 a/m1 succeeded"}, 2},
		{"category and name", MonitorQuery{Category: "a", Name: "m2"}, []string{"a-1/m2 a/m2 failed"}, 1},
		{"page", MonitorQuery{Limit: 2, Offset: 1}, []string{
			"b-1/m1 sales/orders succeeded", "a-1/m2 a/m2 failed"}, 4},
		{"past the end", MonitorQuery{Offset: 10}, []string{}, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, total, err := s.MonitorResults(c.q)
			if err != nil {
				t.Fatal(err)
			}
			if keys := resultKeys(got); !slices.Equal(keys, c.want) || total != c.total {
				t.Fatalf("MonitorResults(%+v) = %q (total %d), want %q (total %d)", c.q, keys, total, c.want, c.total)
			}
		})
	}

	got, _, err := s.MonitorResults(MonitorQuery{Workflow: "a", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := got[0]
	if r.Workflow != "a" || r.Node.Outputs["monitor.value"] != "5" || r.Node.Message != "m1 succeeded" ||
		!r.Node.Ended.Equal(t0.Add(4*time.Hour)) || r.Seq == 0 {
		t.Fatalf("full result = %+v", r)
	}

	// Results go with their instance.
	must(t, s, DeleteInstance{ID: "a-3"})
	if _, total, err := s.MonitorResults(MonitorQuery{Workflow: "a"}); err != nil || total != 2 {
		t.Fatalf("after deleting a-3: total %d, err %v; want 2", total, err)
	}
}

func TestMonitorResultsUndecodableDefinition(t *testing.T) {
	s := openTemp(t)
	def := json.RawMessage(`{"name":"a","nodes":{"data_monitor":{}}}`) // nodes is not a list
	createMonitored(t, s, "a-1", "a", def, t0, []string{"m"},
		ran("m", workflows.NodeSucceeded, t0, nil))
	got, total, err := s.MonitorResults(MonitorQuery{})
	if err != nil || total != 0 || len(got) != 0 {
		t.Fatalf("MonitorResults = %v, %d, %v; want nothing, no error", got, total, err)
	}
}

// BenchmarkMonitorResults: a page of results among n instances, a tenth of them with two
// monitor nodes; the total walks every instance.
func BenchmarkMonitorResults(b *testing.B) {
	const n = 20000
	s := openTemp(b)
	defA := monitorWorkflowJSON(b, "a", [3]string{"m1"}, [3]string{"m2"})
	defC := monitorWorkflowJSON(b, "c")
	var cmds []Command
	for i := range n {
		wf, def := "c", defC
		in := inst(fmt.Sprintf("i-%d", i), "c", workflows.InstanceSucceeded, t0.Add(time.Duration(i)*time.Second), "start", "s")
		if i%10 == 0 {
			wf, def = "a", defA
			in = inst(fmt.Sprintf("i-%d", i), wf, workflows.InstanceSucceeded, t0.Add(time.Duration(i)*time.Second),
				"start", "s", "m1", "m2")
			in.Nodes[2] = ran("m1", workflows.NodeSucceeded, in.Created, map[string]string{"monitor.value": "1"})
			in.Nodes[3] = ran("m2", workflows.NodeFailed, in.Created, nil)
		}
		cmds = append(cmds, CreateInstance{Instance: in, Definition: def, Version: 1})
		if len(cmds) == 1000 {
			must(b, s, cmds...)
			cmds = nil
		}
	}
	for _, q := range []MonitorQuery{{}, {Workflow: "a"}, {Category: "a", Name: "m2"}} {
		b.Run(fmt.Sprintf("wf=%q,cat=%q", q.Workflow, q.Category), func(b *testing.B) {
			for b.Loop() {
				items, total, err := s.MonitorResults(q)
				if err != nil || len(items) == 0 || total == 0 {
					b.Fatalf("%d items, total %d, err %v", len(items), total, err)
				}
			}
		})
	}
}

// FuzzHasResult checks the byte scan of node records against decoding them, for records
// whose strings (name, message, outputs) hold anything, including the keys it looks for.
func FuzzHasResult(f *testing.F) {
	f.Add("m", `"status":"succeeded"`, "status", "failed", uint8(4), true)
	f.Add(`m"status":"failed"`, "", `"attempts":[`, "", uint8(1), false)
	f.Add("m", "", "", "", uint8(3), false)
	f.Fuzz(func(t *testing.T, name, msg, key, val string, st uint8, attempted bool) {
		n := workflows.NodeRun{Name: name, Status: workflows.NodeStatus(st % 10), Message: msg,
			Outputs: map[string]string{key: val}}
		if attempted {
			n.Attempts = []workflows.Attempt{{Number: 1, Visit: 1, Status: workflows.AttemptSucceeded}}
		}
		raw, err := json.Marshal(n)
		if err != nil {
			t.Skip() // invalid UTF-8 is replaced, not an error; nothing else fails
		}
		want := attempted && (n.Status == workflows.NodeSucceeded || n.Status == workflows.NodeFailed)
		if got := hasResult(raw); got != want {
			t.Fatalf("hasResult(%s) = %v, want %v", raw, got, want)
		}
	})
}
