package workflows_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	wf "github.com/actorflow/actorflow/workflows"
)

// vldB builds workflows in Go for validation tests. Each node gets its own source line
// (the workflow is line 1), so positions in results identify nodes.
type vldB struct {
	w    *wf.Workflow
	line int
}

func vldNew(name string) *vldB {
	return &vldB{w: &wf.Workflow{Name: name, InstanceLimit: 1, Pos: wf.Pos{File: "t.xml", Line: 1, Col: 1}}, line: 1}
}

// add appends n at the next line and returns it for further tweaking.
func (b *vldB) add(n *wf.Node) *wf.Node {
	b.line++
	n.Pos = wf.Pos{File: "t.xml", Line: b.line, Col: 3}
	b.w.Nodes = append(b.w.Nodes, n)
	return n
}

func (b *vldB) start(name, to string) *vldB {
	b.add(&wf.Node{Name: name, Kind: wf.KindStart, To: to})
	return b
}

func (b *vldB) end(name string) *vldB {
	b.add(&wf.Node{Name: name, Kind: wf.KindEnd})
	return b
}

func (b *vldB) kill(name string) *vldB {
	b.add(&wf.Node{Name: name, Kind: wf.KindKill})
	return b
}

func (b *vldB) fork(name string, paths ...string) *vldB {
	b.add(&wf.Node{Name: name, Kind: wf.KindFork, Paths: paths})
	return b
}

func (b *vldB) join(name, to string) *vldB {
	b.add(&wf.Node{Name: name, Kind: wf.KindJoin, To: to})
	return b
}

// shell adds a valid shell action; errTo may be "".
func (b *vldB) shell(name, ok, errTo string) *vldB {
	b.action(name, ok, errTo, &wf.Action{Type: wf.ActionShell, Shell: &wf.ShellBody{Command: "true"}})
	return b
}

// action adds an action with the given body; ok and errTo overwrite the action's transitions.
func (b *vldB) action(name, ok, errTo string, a *wf.Action) *wf.Node {
	a.Ok, a.Error = ok, errTo
	return b.add(&wf.Node{Name: name, Kind: wf.KindAction, Action: a})
}

// vldSummary renders problems as "code@line" (warnings as "code@line(w)") for compact
// comparisons.
func vldSummary(ps wf.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s@%d", p.Code, p.Pos.Line)
		if p.Severity == wf.SeverityWarning {
			out[i] += "(w)"
		}
	}
	return out
}

// vldExpect compares the summary of ps with want and, when mention is not empty, checks that
// some message contains it.
func vldExpect(t *testing.T, ps wf.Problems, want []string, mention string) {
	t.Helper()
	if got := vldSummary(ps); !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q\n%s", got, want, vldDump(ps))
	}
	if mention == "" {
		return
	}
	for _, p := range ps {
		if strings.Contains(p.Message, mention) {
			return
		}
	}
	t.Errorf("no message mentions %q\n%s", mention, vldDump(ps))
}

func vldDump(ps wf.Problems) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}
