package workflows_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// expandFixture builds a workflow in which every text field is set, so that a field the walk
// forgets (or expands by mistake) shows up. It is called twice to compare against a pristine
// copy.
func expandFixture() *workflows.Workflow {
	db := func(p string) workflows.DBLinkRef {
		return workflows.DBLinkRef{Name: p + "-db", Inline: &workflows.InlineLink{
			Type: "MYSQL", URL: p + "-url", Username: p + "-user", Password: p + "-pw"}}
	}
	act := func(name string, a *workflows.Action) *workflows.Node {
		a.Ok, a.Error, a.Host, a.Labels = "end", "kill", "host-"+name, []string{"label"}
		a.Interval = time.Minute
		return &workflows.Node{Name: name, Kind: workflows.KindAction, Desc: "node desc", Action: a,
			Pos:    workflows.Pos{File: "wf.xml", Line: 7, Col: 3},
			RefPos: map[string]workflows.Pos{"ok": {Line: 8}}}
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	return &workflows.Workflow{
		Name: "wf", Creator: "me", Desc: "wf desc", Dir: "dir",
		MailLevel: []workflows.InstanceStatus{1}, MailReceivers: []string{"a@x", "b@x"},
		Coordinator: &workflows.Coordinator{Enabled: true, Cron: "* * * * *", Start: start,
			Params: []workflows.Param{{Name: "p", Value: "${time.today}"}}},
		Pos: workflows.Pos{File: "wf.xml", Line: 1},
		Nodes: []*workflows.Node{
			{Name: "start", Kind: workflows.KindStart, To: "fork",
				RefPos: map[string]workflows.Pos{"to": {Line: 2}}},
			{Name: "fork", Kind: workflows.KindFork, Paths: []string{"script", "shell"}},
			act("script", &workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{
				Code: "code", Attachments: []string{"att0", "att1"}, ParamLine: "args"}}),
			act("shell", &workflows.Action{Type: workflows.ActionShell, Shell: &workflows.ShellBody{Command: "cmd"}}),
			act("sql", &workflows.Action{Type: workflows.ActionSQL, SQL: &workflows.SQLBody{DB: db("sql"), Text: "select"}}),
			act("transfer", &workflows.Action{Type: workflows.ActionTransfer, Transfer: &workflows.TransferBody{
				Script: "legacy",
				Source: &workflows.TransferSource{Kind: workflows.EndpointDB, DB: db("src"), FileLink: "src-fl",
					Text: "src-text", Delimiter: ","},
				Target: &workflows.TransferTarget{Kind: workflows.EndpointFile, DB: workflows.DBLinkRef{Name: "tgt-db"},
					FileLink: "tgt-fl", Table: "tbl", Path: "/p", Delimiter: ";", Pre: "pre", After: "after", TaskNum: 2}}}),
			act("dm", &workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &workflows.DataMonitorBody{
				Source:  workflows.Probe{Kind: workflows.ProbeSQL, DB: workflows.DBLinkRef{Name: "dm-db"}, Text: "src-probe"},
				Min:     &workflows.Probe{Kind: workflows.ProbeNum, Text: "1"},
				Max:     &workflows.Probe{Kind: workflows.ProbeCommand, Text: "echo 9"},
				WarnMsg: "warn", Category: "cat", SourceName: "sn", RecheckDelay: time.Second}}),
			act("fm", &workflows.Action{Type: workflows.ActionFileMonitor, FileMonitor: &workflows.FileMonitorBody{
				FileLink: "fm-fl", Pattern: "/d/*.csv", MinNum: 1, WarnMsg: "fm-warn"}}),
			act("mail", &workflows.Action{Type: workflows.ActionEmail, Email: &workflows.EmailBody{
				Subject: "subj", To: []string{"to0"}, HTML: "<b>&</b>]]>"}}),
			act("fe", &workflows.Action{Type: workflows.ActionFileExecutor, FileExecutor: &workflows.FileExecutorBody{
				Command: "fe-cmd", Attachments: []string{"fe-att"}}}),
			act("meta", &workflows.Action{Type: workflows.ActionMetadata, Metadata: &workflows.MetadataBody{
				DB: workflows.DBLinkRef{Name: "meta-db"}, Table: "mt", From: []string{"from0"},
				ColumnComments: []workflows.ColumnComment{{Name: "col", Text: "comment"}}, TableComment: "tc"}}),
			act("http", &workflows.Action{Type: workflows.ActionHTTP, HTTP: &workflows.HTTPBody{
				Method: "GET", URL: "http://u", Headers: []workflows.Header{{Name: "H", Value: "v"}},
				Body: "body", ExpectStatus: []int{200}}}),
			act("ssh", &workflows.Action{Type: workflows.ActionSSH, SSH: &workflows.SSHBody{FileLink: "ssh-fl", Command: "ssh-cmd"}}),
			{Name: "end", Kind: workflows.KindEnd},
			{Name: "kill", Kind: workflows.KindKill, Message: "killed"},
		},
	}
}

// visit is one call of the expansion function.
type visit struct{ node, field, text string }

func recordingWrap(seen *[]visit) func(node, field, text string) (string, error) {
	return func(node, field, text string) (string, error) {
		*seen = append(*seen, visit{node, field, text})
		return "<" + text + ">", nil
	}
}

func TestExpandVisitsExactlyTheParameterisableFields(t *testing.T) {
	var seen []visit
	orig := expandFixture()
	got, err := orig.Expand(recordingWrap(&seen))
	if err != nil {
		t.Fatal(err)
	}
	want := []visit{
		{"", "desc", "wf desc"}, {"", "mail_receivers[0]", "a@x"}, {"", "mail_receivers[1]", "b@x"},
		{"script", "host", "host-script"}, {"script", "script.code", "code"},
		{"script", "script.attachments[0]", "att0"}, {"script", "script.attachments[1]", "att1"},
		{"script", "script.param_line", "args"},
		{"shell", "host", "host-shell"}, {"shell", "shell.command", "cmd"},
		{"sql", "host", "host-sql"}, {"sql", "sql.db.name", "sql-db"},
		{"sql", "sql.db.inline.type", "MYSQL"}, {"sql", "sql.db.inline.url", "sql-url"},
		{"sql", "sql.db.inline.username", "sql-user"}, {"sql", "sql.db.inline.password", "sql-pw"},
		{"sql", "sql.text", "select"},
		{"transfer", "host", "host-transfer"}, {"transfer", "transfer.script", "legacy"},
		{"transfer", "transfer.source.db.name", "src-db"},
		{"transfer", "transfer.source.db.inline.type", "MYSQL"},
		{"transfer", "transfer.source.db.inline.url", "src-url"},
		{"transfer", "transfer.source.db.inline.username", "src-user"},
		{"transfer", "transfer.source.db.inline.password", "src-pw"},
		{"transfer", "transfer.source.file_link", "src-fl"}, {"transfer", "transfer.source.text", "src-text"},
		{"transfer", "transfer.source.delimiter", ","},
		{"transfer", "transfer.target.db.name", "tgt-db"}, {"transfer", "transfer.target.file_link", "tgt-fl"},
		{"transfer", "transfer.target.table", "tbl"}, {"transfer", "transfer.target.path", "/p"},
		{"transfer", "transfer.target.delimiter", ";"}, {"transfer", "transfer.target.pre", "pre"},
		{"transfer", "transfer.target.after", "after"},
		{"dm", "host", "host-dm"}, {"dm", "data_monitor.source.db.name", "dm-db"},
		{"dm", "data_monitor.source.text", "src-probe"}, {"dm", "data_monitor.min.text", "1"},
		{"dm", "data_monitor.max.text", "echo 9"}, {"dm", "data_monitor.warn_msg", "warn"},
		{"dm", "data_monitor.category", "cat"}, {"dm", "data_monitor.source_name", "sn"},
		{"fm", "host", "host-fm"}, {"fm", "file_monitor.file_link", "fm-fl"},
		{"fm", "file_monitor.pattern", "/d/*.csv"}, {"fm", "file_monitor.warn_msg", "fm-warn"},
		{"mail", "host", "host-mail"}, {"mail", "email.subject", "subj"}, {"mail", "email.to[0]", "to0"},
		{"mail", "email.html", "<b>&</b>]]>"},
		{"fe", "host", "host-fe"}, {"fe", "file_executor.command", "fe-cmd"},
		{"fe", "file_executor.attachments[0]", "fe-att"},
		{"meta", "host", "host-meta"}, {"meta", "metadata.db.name", "meta-db"}, {"meta", "metadata.table", "mt"},
		{"meta", "metadata.from[0]", "from0"}, {"meta", "metadata.column_comments[0].name", "col"},
		{"meta", "metadata.column_comments[0].text", "comment"}, {"meta", "metadata.table_comment", "tc"},
		{"http", "host", "host-http"}, {"http", "http.method", "GET"}, {"http", "http.url", "http://u"},
		{"http", "http.headers[0].name", "H"}, {"http", "http.headers[0].value", "v"}, {"http", "http.body", "body"},
		{"ssh", "host", "host-ssh"}, {"ssh", "ssh.file_link", "ssh-fl"}, {"ssh", "ssh.command", "ssh-cmd"},
	}
	if !slices.Equal(seen, want) {
		t.Errorf("visited fields differ\n got: %v\nwant: %v", seen, want)
	}

	// The copy carries the results; what is not expandable is copied verbatim.
	if got.Desc != "<wf desc>" || got.MailReceivers[1] != "<b@x>" {
		t.Errorf("workflow texts not replaced: %q %q", got.Desc, got.MailReceivers)
	}
	sql := got.Node("sql").Action
	if sql.SQL.Text != "<select>" || sql.SQL.DB.Inline.Password != "<sql-pw>" || sql.Host != "<host-sql>" {
		t.Errorf("sql body not replaced: %+v %+v", sql.SQL, sql.SQL.DB.Inline)
	}
	if got.Node("mail").Action.Email.HTML != "<<b>&</b>]]>>" {
		t.Errorf("html = %q", got.Node("mail").Action.Email.HTML)
	}
	tr := got.Node("transfer").Action
	if tr.Type != workflows.ActionTransfer || tr.Ok != "end" || tr.Error != "kill" ||
		tr.Transfer.Source.Kind != workflows.EndpointDB || tr.Transfer.Target.TaskNum != 2 ||
		!slices.Equal(tr.Labels, []string{"label"}) || tr.Interval != time.Minute {
		t.Errorf("non-text fields changed: %+v", tr)
	}
	if got.Name != "wf" || got.Node("kill").Message != "killed" || got.Node("script").Desc != "node desc" ||
		!slices.Equal(got.Node("fork").Paths, []string{"script", "shell"}) ||
		got.Coordinator.Params[0].Value != "${time.today}" ||
		!got.Coordinator.Start.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) ||
		got.Node("start").RefPos["to"].Line != 2 || got.Node("sql").Pos.Line != 7 {
		t.Errorf("names, transitions, coordinator or positions changed: %+v", got)
	}
	if !reflect.DeepEqual(orig, expandFixture()) {
		t.Error("Expand modified its receiver")
	}
}

func TestExpandCopySharesNothingWithTheOriginal(t *testing.T) {
	orig := expandFixture()
	cp, err := orig.Expand(nil) // nil f: a plain deep copy
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(orig, cp) {
		t.Fatal("copy with nil f differs from the original")
	}
	// Mutate every kind of reference in the copy; the original must not see it.
	cp.MailReceivers[0] = "x"
	cp.MailLevel[0] = 9
	cp.Coordinator.Params[0].Value = "x"
	cp.Nodes[0].RefPos["to"] = workflows.Pos{Line: 99}
	cp.Nodes[0].RefPos["new"] = workflows.Pos{}
	cp.Nodes[1].Paths[0] = "x"
	cp.Nodes[2].Action.Labels[0] = "x"
	cp.Nodes[2].Action.Script.Attachments[0] = "x"
	cp.Node("sql").Action.SQL.DB.Inline.URL = "x"
	cp.Node("dm").Action.DataMonitor.Min.Text = "x"
	cp.Node("http").Action.HTTP.ExpectStatus[0] = 500
	cp.Node("meta").Action.Metadata.ColumnComments[0].Text = "x"
	cp.Nodes = cp.Nodes[:1]
	if !reflect.DeepEqual(orig, expandFixture()) {
		t.Error("mutating the copy changed the original")
	}
}

func TestExpandErrorNamesNodeAndField(t *testing.T) {
	orig := expandFixture()
	fail := func(node, field, text string) (string, error) {
		if field == "transfer.target.pre" {
			return "", workflows.Errorf(workflows.CodeInvalid, "unknown param %q", "dt")
		}
		return "changed", nil
	}
	got, err := orig.Expand(fail)
	if got != nil {
		t.Errorf("got a workflow with an error: %v", got)
	}
	var e *workflows.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T is not *workflows.Error", err)
	}
	want := `node "transfer", field transfer.target.pre: unknown param "dt"`
	if e.Message != want || e.Code != workflows.CodeInvalid {
		t.Errorf("error = %q (%s), want %q (invalid)", e.Message, e.Code, want)
	}
	if len(e.Problems) != 1 || e.Problems[0].Pos.Line != 7 || e.Problems[0].Message != want {
		t.Errorf("problems = %+v, want one located at the node", e.Problems)
	}
	if !reflect.DeepEqual(orig, expandFixture()) {
		t.Error("a failed Expand modified its receiver")
	}

	// A workflow-level field has no node; a plain error becomes CodeInternal.
	_, err = orig.Expand(func(_, field, _ string) (string, error) { return "", errors.New("boom") })
	if err == nil || err.Error() != "field desc: boom" || workflows.CodeOf(err) != workflows.CodeInternal {
		t.Errorf("error = %v (%s)", err, workflows.CodeOf(err))
	}
}

func TestActionExpand(t *testing.T) {
	orig := expandFixture().Node("transfer").Action
	var seen []visit
	got, err := orig.Expand("load", recordingWrap(&seen))
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 17 || seen[0] != (visit{"load", "host", "host-transfer"}) {
		t.Errorf("visits = %v", seen)
	}
	if got.Transfer.Target.Pre != "<pre>" || orig.Transfer.Target.Pre != "pre" || got.Transfer == orig.Transfer {
		t.Errorf("copy %q / original %q", got.Transfer.Target.Pre, orig.Transfer.Target.Pre)
	}
	if !reflect.DeepEqual(orig, expandFixture().Node("transfer").Action) {
		t.Error("Action.Expand modified its receiver")
	}
	_, err = orig.Expand("load", func(_, field, _ string) (string, error) {
		if field == "transfer.source.text" {
			return "", errors.New("bad")
		}
		return "", nil
	})
	if err == nil || !strings.Contains(err.Error(), `node "load", field transfer.source.text: bad`) {
		t.Errorf("error = %v", err)
	}
	if a, err := (*workflows.Action)(nil).Expand("x", nil); a != nil || err != nil {
		t.Errorf("nil action: %v, %v", a, err)
	}
}

func TestExpandSkipsEmptyStringsAndNilWorkflow(t *testing.T) {
	w := &workflows.Workflow{Name: "w", Nodes: []*workflows.Node{{Name: "a", Kind: workflows.KindAction,
		Action: &workflows.Action{Type: workflows.ActionShell, Shell: &workflows.ShellBody{}}}}}
	calls := 0
	if _, err := w.Expand(func(_, _, s string) (string, error) { calls++; return s, nil }); err != nil || calls != 0 {
		t.Errorf("calls = %d, err = %v", calls, err)
	}
	if cp, err := (*workflows.Workflow)(nil).Expand(nil); cp != nil || err != nil {
		t.Errorf("nil workflow: %v, %v", cp, err)
	}
}

// TestExpandWalkCoversBodyTypes guards the reflection walk: it does not descend into maps, so a
// body type that gains one must teach the walk first.
func TestExpandWalkCoversBodyTypes(t *testing.T) {
	var check func(rt reflect.Type, path string)
	seen := map[reflect.Type]bool{}
	check = func(rt reflect.Type, path string) {
		if seen[rt] {
			return
		}
		seen[rt] = true
		switch rt.Kind() {
		case reflect.Map, reflect.Func, reflect.Chan, reflect.Interface:
			t.Errorf("%s: %s is not walked by Expand", path, rt)
		case reflect.Pointer, reflect.Slice, reflect.Array:
			check(rt.Elem(), path)
		case reflect.Struct:
			for i := range rt.NumField() {
				if f := rt.Field(i); f.IsExported() {
					check(f.Type, path+"."+f.Name)
				}
			}
		}
	}
	check(reflect.TypeFor[workflows.Action](), "Action")
}
