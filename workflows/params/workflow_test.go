package params_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/params"
)

func twoStepWorkflow() *workflows.Workflow {
	return &workflows.Workflow{Name: "daily_load", MailReceivers: []string{"${param:owner}"},
		Nodes: []*workflows.Node{
			{Name: "start", Kind: workflows.KindStart, To: "extract"},
			{Name: "extract", Kind: workflows.KindAction, Action: &workflows.Action{Type: workflows.ActionSQL, Ok: "load",
				SQL: &workflows.SQLBody{DB: workflows.DBLinkRef{Name: "${param:db}"},
					Text: "insert into t select * from s where dt = '${time.yesterday}' and a < b"}}},
			{Name: "load", Kind: workflows.KindAction, Action: &workflows.Action{Type: workflows.ActionScript, Ok: "end",
				Script: &workflows.ScriptBody{Code: "echo ${output:extract.rows} rows for ${workflow.name} ${HOME}"}}},
			{Name: "end", Kind: workflows.KindEnd},
		}}
}

func TestExpandWorkflowThenResolveOutputs(t *testing.T) {
	env := testEnv(t)
	env.Params = map[string]string{"owner": "ops@x", "db": "dw"}
	orig := twoStepWorkflow()
	got, err := params.ExpandWorkflow(orig, env)
	if err != nil {
		t.Fatal(err)
	}
	if got.MailReceivers[0] != "ops@x" || got.Node("extract").Action.SQL.DB.Name != "dw" ||
		got.Node("extract").Action.SQL.Text != "insert into t select * from s where dt = '2024-03-14' and a < b" {
		t.Errorf("creation pass: %+v %+v", got.MailReceivers, got.Node("extract").Action.SQL)
	}
	load := got.Node("load").Action
	if want := "echo ${output:extract.rows} rows for daily_load ${HOME}"; load.Script.Code != want {
		t.Errorf("creation pass left %q, want %q", load.Script.Code, want)
	}
	if !reflect.DeepEqual(orig, twoStepWorkflow()) {
		t.Error("ExpandWorkflow modified the definition")
	}

	outputs := func(node, key string) (string, bool) { return "42", node == "extract" && key == "rows" }
	ready, err := params.ResolveActionOutputs(load, "load", outputs)
	if err != nil {
		t.Fatal(err)
	}
	if want := "echo 42 rows for daily_load ${HOME}"; ready.Script.Code != want || load.Script.Code == want {
		t.Errorf("dispatch pass: %q (source now %q), want %q", ready.Script.Code, load.Script.Code, want)
	}
	_, err = params.ResolveActionOutputs(load, "load", func(string, string) (string, bool) { return "", false })
	if err == nil || !strings.Contains(err.Error(), `node "load", field script.code: ${output:extract.rows}: no output extract.rows`) {
		t.Errorf("missing output: %v", err)
	}
}

func TestExpandWorkflowErrorNamesNodeFieldAndParam(t *testing.T) {
	env := testEnv(t)
	env.Params = map[string]string{"owner": "ops@x"}
	_, err := params.ExpandWorkflow(twoStepWorkflow(), env)
	const want = `node "extract", field sql.db.name: ${param:db}: unknown param "db"`
	if err == nil || err.Error() != want || workflows.CodeOf(err) != workflows.CodeInvalid {
		t.Errorf("err = %v (%s), want %q", err, workflows.CodeOf(err), want)
	}
}
