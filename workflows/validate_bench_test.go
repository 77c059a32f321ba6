package workflows_test

import (
	"fmt"
	"testing"

	wf "github.com/actorflow/actorflow/workflows"
)

// vldBig builds a valid workflow of about n nodes: a chain of fork/join blocks with three
// actions each, every action failing to a kill or looping back to the previous fork, and each
// action reading an output of the previous block.
func vldBig(n int) *wf.Workflow {
	b := vldNew("big")
	blocks := max(1, (n-3)/5)
	fork := func(i int) string { return fmt.Sprintf("f%d", i) }
	join := func(i int) string { return fmt.Sprintf("j%d", i) }
	act := func(i, k int) string { return fmt.Sprintf("a%d_%d", i, k) }
	b.start("s", fork(0))
	for i := range blocks {
		b.fork(fork(i), act(i, 0), act(i, 1), act(i, 2))
		for k := range 3 {
			errTo := "k"
			if k == 2 && i > 0 {
				errTo = fork(i - 1) // a loop: legal
			}
			cmd := "echo start"
			if i > 0 {
				cmd = fmt.Sprintf("echo ${output:%s.rows} ${param:x}", act(i-1, k))
			}
			b.action(act(i, k), join(i), errTo, &wf.Action{Type: wf.ActionShell, Shell: &wf.ShellBody{Command: cmd}})
		}
		next := "e"
		if i+1 < blocks {
			next = fork(i + 1)
		}
		b.join(join(i), next)
	}
	return b.end("e").kill("k").w
}

// vldChain is start → n actions in a line → end: the deepest possible search.
func vldChain(n int) *wf.Workflow {
	b := vldNew("chain").start("s", "a0")
	for i := range n {
		next := fmt.Sprintf("a%d", i+1)
		if i == n-1 {
			next = "e"
		}
		b.shell(fmt.Sprintf("a%d", i), next, "")
	}
	return b.end("e").w
}

func TestValidateLargeWorkflows(t *testing.T) {
	for _, w := range []*wf.Workflow{vldBig(10_000), vldChain(10_000)} {
		if ps := wf.Validate(w); len(ps) != 0 {
			t.Errorf("%s (%d nodes): unexpected problems\n%s", w.Name, len(w.Nodes), vldDump(ps[:min(len(ps), 5)]))
		}
	}
	// A detour from start straight to the last join: it now bypasses every fork.
	w := vldBig(1_000)
	last := w.Nodes[len(w.Nodes)-3] // …, last join, e, k
	b := &vldB{w: w, line: len(w.Nodes) + 1}
	b.action("detour", w.Nodes[0].To, last.Name, &wf.Action{Type: wf.ActionShell, Shell: &wf.ShellBody{Command: "x"}})
	w.Nodes[0].To = "detour"
	vldExpect(t, wf.Validate(w), []string{fmt.Sprintf("join-without-fork@%d", last.Pos.Line)}, "")
}

func BenchmarkValidate1000Nodes(b *testing.B)  { vldBench(b, vldBig(1_000)) }
func BenchmarkValidate10000Nodes(b *testing.B) { vldBench(b, vldBig(10_000)) }

func vldBench(b *testing.B, w *wf.Workflow) {
	b.ReportAllocs()
	for b.Loop() {
		if ps := wf.Validate(w); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}
