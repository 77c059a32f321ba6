package workflows_test

import (
	"testing"

	wf "github.com/actorflow/actorflow/workflows"
)

// vldOutputWF is s(2) → a(3) → 任务一(4) → x.y(5) → b(6) → e(7); b carries the given action.
func vldOutputWF(b6 *wf.Action) *wf.Workflow {
	b := vldNew("w").start("s", "a").shell("a", "任务一", "").shell("任务一", "x.y", "").shell("x.y", "b", "")
	b.action("b", "e", "", b6)
	return b.end("e").w
}

func vldShellText(text string) *wf.Action {
	return &wf.Action{Type: wf.ActionShell, Shell: &wf.ShellBody{Command: text}}
}

func TestValidateOutputRefs(t *testing.T) {
	tests := []struct {
		name    string
		act     *wf.Action
		want    []string
		mention string
	}{
		{"earlier action", vldShellText("echo ${output:a.rows}"), nil, ""},
		{"blanks inside the braces", vldShellText("echo ${ output : a . rows }"), nil, ""},
		{"unicode node and key", vldShellText("echo ${output:任务一.行数}"), nil, ""},
		{"unknown node", vldShellText("echo ${output:ghost.rows}"),
			[]string{"unknown-output-node@6"}, `${output:ghost.rows} names no node of this workflow`},
		{"unknown node with suggestion", vldShellText("echo ${output:aa.rows}"),
			[]string{"unknown-output-node@6"}, `(did you mean "a"?)`},
		{"own node", vldShellText("echo ${output:b.rows}"),
			[]string{"self-output-node@6"}, "own output"},
		{"control node", vldShellText("echo ${output:s.rows}"),
			[]string{"unknown-output-node@6"}, `names the start node "s"; only actions have output`},
		{"missing key", vldShellText("echo ${output:a}"), []string{"bad-output-ref@6"}, "NODE.KEY"},
		{"missing node", vldShellText("echo ${output:.rows}"), []string{"bad-output-ref@6"}, ""},
		// The reference splits at the first dot, as package params resolves it.
		{"dotted node names cannot be referenced", vldShellText("echo ${output:x.y.rows}"),
			[]string{"unknown-output-node@6"}, `${output:x.y.rows} names no node`},
		{"shell modifier is not a reference", vldShellText("echo ${output:-none} ${output:=x}"), nil, ""},
		{"prefix is case-sensitive", vldShellText("echo ${OUTPUT:ghost.k} ${outputs:ghost.k}"), nil, ""},
		{"unterminated is plain text", vldShellText("echo ${output:ghost.k"), nil, ""},
		{"innermost placeholder wins", vldShellText("echo ${X:-${output:ghost.k}}"),
			[]string{"unknown-output-node@6"}, ""},
		{"same missing node reported once", vldShellText("${output:ghost.a} ${output:ghost.b} ${output:ghost.a}"),
			[]string{"unknown-output-node@6"}, ""},
		{"several missing nodes", vldShellText("${output:g1.a} ${output:g2.b}"),
			[]string{"unknown-output-node@6", "unknown-output-node@6"}, ""},
		{"nested body fields are scanned", &wf.Action{Type: wf.ActionTransfer, Transfer: &wf.TransferBody{
			Source: &wf.TransferSource{Kind: wf.EndpointDB, DB: wf.DBLinkRef{Name: "${output:g1.link}"}, Text: "t"},
			Target: &wf.TransferTarget{Kind: wf.EndpointFile, Path: "/o", Pre: "rm ${output:g2.f}"}}},
			[]string{"unknown-output-node@6", "unknown-output-node@6"}, "g2"},
		{"slices of structs are scanned", &wf.Action{Type: wf.ActionHTTP, HTTP: &wf.HTTPBody{Method: "GET",
			URL: "http://h/", Headers: []wf.Header{{Name: "X", Value: "${output:ghost.tok}"}}}},
			[]string{"unknown-output-node@6"}, "ghost"},
		{"data-monitor bounds are scanned", &wf.Action{Type: wf.ActionDataMonitor, DataMonitor: &wf.DataMonitorBody{
			Source: wf.Probe{Kind: wf.ProbeCommand, Text: "echo 1"},
			Min:    &wf.Probe{Kind: wf.ProbeNum, Text: "${output:ghost.min}"}}},
			[]string{"unknown-output-node@6"}, ""},
		{"host is scanned", &wf.Action{Type: wf.ActionShell, Host: "${output:ghost.host}", Shell: &wf.ShellBody{Command: "x"}},
			[]string{"unknown-output-node@6"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vldExpect(t, wf.Validate(vldOutputWF(tc.act)), tc.want, tc.mention)
		})
	}
}
