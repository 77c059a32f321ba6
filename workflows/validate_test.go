package workflows_test

import (
	"testing"

	wf "github.com/actorflow/actorflow/workflows"
)

// Graph rules: start, names, transitions, reachability, joins. Node lines start at 2.
func TestValidateGraph(t *testing.T) {
	tests := []struct {
		name    string
		build   func() *wf.Workflow
		want    []string
		mention string
	}{
		{
			name:  "minimal workflow is valid",
			build: func() *wf.Workflow { return vldNew("w").start("s", "a").shell("a", "e", "").end("e").w },
		},
		{
			// akkaflow's wf_loop_job: a1 error→a2, a2 ok→a1.
			name: "loops are legal",
			build: func() *wf.Workflow {
				return vldNew("wf_loop_job").start("s", "a1").shell("a1", "e", "a2").shell("a2", "a1", "k").
					end("e").kill("k").w
			},
		},
		{
			name:  "self loop on error is legal",
			build: func() *wf.Workflow { return vldNew("w").start("s", "a").shell("a", "e", "a").end("e").w },
		},
		{
			name: "unicode names",
			build: func() *wf.Workflow {
				return vldNew("循环工作流").start("开始", "任务一").shell("任务一", "结束", "").end("结束").w
			},
		},
		{
			name:  "no start",
			build: func() *wf.Workflow { return vldNew("w").shell("a", "e", "").end("e").w },
			want:  []string{"no-start@1"},
		},
		{
			name: "multiple starts",
			build: func() *wf.Workflow {
				return vldNew("w").start("s1", "a").start("s2", "a").shell("a", "e", "").end("e").w
			},
			want:    []string{"multiple-starts@3"},
			mention: `already starts at "s1" at line 2`,
		},
		{
			name: "empty node name",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "a").shell("a", "e", "").end("e").shell(" ", "e", "").w
			},
			want: []string{"empty-node-name@5"},
		},
		{
			name: "duplicate node points at the second and names the first's line",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "a").shell("a", "e", "").shell("a", "e", "").end("e").w
			},
			want:    []string{"duplicate-node@4"},
			mention: "at line 3",
		},
		{
			name: "unknown node suggests the closest name, at the transition's position",
			build: func() *wf.Workflow {
				b := vldNew("w").start("s", "a")
				n := b.action("a", "ed", "", &wf.Action{Type: wf.ActionShell, Shell: &wf.ShellBody{Command: "x"}})
				n.RefPos = map[string]wf.Pos{"ok": {Line: 3, Col: 20}}
				return b.end("end").w
			},
			// The typo also leaves no end reachable: both are true and both are reported.
			want:    []string{"no-reachable-end@2", "unknown-node@3", "unreachable-node@4(w)"},
			mention: `"ed", which is not a node of this workflow (did you mean "end"?)`,
		},
		{
			name: "unknown node suggestion with unicode names",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "任务一").shell("任务一", "结束了", "").end("结束").w
			},
			want:    []string{"no-reachable-end@2", "unknown-node@3", "unreachable-node@4(w)"},
			mention: `(did you mean "结束"?)`,
		},
		{
			name: "unknown node suggestion ignores case",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "Task").shell("task", "e", "").end("e").w
			},
			want:    []string{"unknown-node@2", "no-reachable-end@2", "unreachable-node@3(w)", "unreachable-node@4(w)"},
			mention: `(did you mean "task"?)`,
		},
		{
			name: "unknown node without a close name suggests nothing",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "a").shell("a", "e", "zzzzzz").end("e").w
			},
			want:    []string{"unknown-node@3"},
			mention: `"zzzzzz", which is not a node of this workflow`,
		},
		{
			name: "fork path position comes from RefPos path[i]",
			build: func() *wf.Workflow {
				b := vldNew("w").start("s", "f").fork("f", "a", "nope")
				b.w.Nodes[1].RefPos = map[string]wf.Pos{"path[0]": {Line: 30}, "path[1]": {Line: 31}}
				return b.shell("a", "e", "").end("e").w
			},
			want:    []string{"unknown-node@31"},
			mention: `transition "path 2" goes to "nope"`,
		},
		{
			name: "missing targets",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "").shell("a", "", "").end("e").join("j", "").fork("f", "").w
			},
			want: []string{"missing-target@2", "no-reachable-end@2", "missing-target@3", "unreachable-node@3(w)",
				"unreachable-node@4(w)", "missing-target@5", "unreachable-node@5(w)", "missing-target@6",
				"unreachable-node@6(w)"},
		},
		{
			name:  "fork without paths",
			build: func() *wf.Workflow { return vldNew("w").start("s", "f").fork("f").end("e").w },
			want:  []string{"no-reachable-end@2", "fork-without-paths@3", "unreachable-node@4(w)"},
		},
		{
			name:  "only a kill is reachable",
			build: func() *wf.Workflow { return vldNew("w").start("s", "a").shell("a", "k", "").kill("k").w },
			want:  []string{"no-reachable-end@2"},
		},
		{
			name: "unreachable node is a warning",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "a").shell("a", "e", "").shell("orphan", "e", "").end("e").w
			},
			want:    []string{"unreachable-node@4(w)"},
			mention: `action "orphan" cannot be reached from start "s"`,
		},
		{
			name: "fork and join",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "f").fork("f", "a", "b").shell("a", "j", "").shell("b", "j", "").
					join("j", "e").end("e").w
			},
		},
		{
			name: "nested fork and join",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "f1").fork("f1", "a", "f2").fork("f2", "b", "c").
					shell("a", "j1", "").shell("b", "j2", "").shell("c", "j2", "").join("j2", "j1").join("j1", "e").
					end("e").w
			},
		},
		{
			name: "loop back above a fork keeps the join dominated",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "f").fork("f", "a", "b").shell("a", "j", "").shell("b", "j", "").
					join("j", "c").shell("c", "e", "f").end("e").w
			},
		},
		{
			name: "fork whose paths never meet a join",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "f").fork("f", "a", "b").shell("a", "e", "").shell("b", "e", "").
					end("e").w
			},
		},
		{
			name: "join reachable around its fork is rejected",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "x").shell("x", "f", "j").fork("f", "a", "b").
					shell("a", "j", "").shell("b", "j", "").join("j", "e").end("e").w
			},
			want:    []string{"join-without-fork@7"},
			mention: `join "j" can be reached from start without passing through a fork`,
		},
		{
			name: "join without any fork is rejected",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "a").shell("a", "j", "").join("j", "e").end("e").w
			},
			want: []string{"join-without-fork@4"},
		},
		{
			name: "inner join reachable from the outer branch is rejected",
			build: func() *wf.Workflow {
				// a (a path of f1, outside f2) jumps into j2 on error.
				return vldNew("w").start("s", "f1").fork("f1", "a", "f2").fork("f2", "b", "c").
					shell("a", "j1", "j2").shell("b", "j2", "").shell("c", "j2", "").join("j2", "j1").
					join("j1", "e").end("e").w
			},
			// j2 is still dominated by f1 (a fork): the rule asks for some dominating fork, so
			// this is accepted; the engine decides what waiting on a means.
		},
		{
			name: "unreachable join is only a warning",
			build: func() *wf.Workflow {
				return vldNew("w").start("s", "a").shell("a", "e", "").join("j", "e").end("e").w
			},
			want: []string{"unreachable-node@4(w)"},
		},
		{
			name: "unknown kind",
			build: func() *wf.Workflow {
				b := vldNew("w").start("s", "a").shell("a", "e", "").end("e")
				b.add(&wf.Node{Name: "odd"})
				return b.w
			},
			want: []string{"bad-node-kind@5", "unreachable-node@5(w)"},
		},
		{
			name: "nil node",
			build: func() *wf.Workflow {
				b := vldNew("w").start("s", "a").shell("a", "e", "").end("e")
				b.w.Nodes = append(b.w.Nodes, nil)
				return b.w
			},
			want: []string{"nil-node@1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vldExpect(t, wf.Validate(tc.build()), tc.want, tc.mention)
		})
	}
}

func TestValidateWorkflowAttributes(t *testing.T) {
	valid := func() *vldB { return vldNew("w").start("s", "a").shell("a", "e", "").end("e") }
	tests := []struct {
		name    string
		edit    func(w *wf.Workflow)
		want    []string
		mention string
	}{
		{"name required", func(w *wf.Workflow) { w.Name = " " }, []string{"missing-field@1"}, "no name"},
		{"instance-limit 0", func(w *wf.Workflow) { w.InstanceLimit = 0 }, []string{"out-of-range@1"}, "instance-limit is 0"},
		{"instance-limit 5", func(w *wf.Workflow) { w.InstanceLimit = 5 }, nil, ""},
		{"mail-level terminal statuses", func(w *wf.Workflow) {
			w.MailLevel = []wf.InstanceStatus{wf.InstanceSucceeded, wf.InstanceFailed, wf.InstanceKilled}
		}, nil, ""},
		{"mail-level running never mails", func(w *wf.Workflow) {
			w.MailLevel = []wf.InstanceStatus{wf.InstanceRunning}
		}, []string{"useless-mail-level@1(w)"}, "W_RUNNING"},
		{"mail-level unknown status", func(w *wf.Workflow) {
			w.MailLevel = []wf.InstanceStatus{2, 9}
		}, []string{"bad-value@1", "bad-value@1"}, ""},
		{"priority is free", func(w *wf.Workflow) { w.Priority = -7 }, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := valid().w
			tc.edit(w)
			vldExpect(t, wf.Validate(w), tc.want, tc.mention)
		})
	}
}

func TestValidateNil(t *testing.T) {
	vldExpect(t, wf.Validate(nil), []string{"nil-workflow@0"}, "")
}

// Every problem is reported in one call, sorted by line then column, whatever check found it.
func TestValidateReportsEverythingSorted(t *testing.T) {
	b := vldNew("")
	b.w.InstanceLimit = 0
	b.w.Pos = wf.Pos{File: "t.xml", Line: 1, Col: 1}
	b.start("s", "a")
	n := b.action("a", "e", "ghost", &wf.Action{Type: wf.ActionSQL, SQL: &wf.SQLBody{Text: "select ${output:zz.k}"}, RetryTimes: -1})
	n.RefPos = map[string]wf.Pos{"ok": {Line: 3, Col: 30}, "error": {Line: 3, Col: 10}}
	b.shell("a", "e", "")
	b.end("e")
	b.w.Coordinator = &wf.Coordinator{Depends: []wf.Dependency{{Workflow: "", Pos: wf.Pos{Line: 9, Col: 2}}}, Pos: wf.Pos{Line: 8}}

	ps := wf.Validate(b.w)
	want := []string{
		"missing-field@1", "out-of-range@1", // workflow: name, instance-limit
		"out-of-range@3", "missing-field@3", "unknown-output-node@3", // action a: retry-times, db, ${output}
		"unknown-node@3",   // error→ghost, at col 10: after the node's own col 3
		"duplicate-node@4", // second "a"
		"missing-field@9",  // coordinator dependency without a name
	}
	vldExpect(t, ps, want, "")
	if ps[5].Pos.Col != 10 {
		t.Errorf("unknown-node col = %d, want 10 (from RefPos)", ps[5].Pos.Col)
	}
	if !ps.HasErrors() || len(ps.Errors()) != len(want) {
		t.Errorf("want %d errors, got %d", len(want), len(ps.Errors()))
	}
}
