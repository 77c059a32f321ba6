package workflows_test

import (
	"testing"
	"time"

	wf "github.com/actorflow/actorflow/workflows"
)

// vldValidActions returns one valid action of every type.
func vldValidActions() map[wf.ActionType]*wf.Action {
	db := wf.DBLinkRef{Name: "mysql1"}
	return map[wf.ActionType]*wf.Action{
		wf.ActionScript: {Type: wf.ActionScript, Script: &wf.ScriptBody{Code: "echo hi"}},
		wf.ActionShell:  {Type: wf.ActionShell, Shell: &wf.ShellBody{Command: "ls"}},
		wf.ActionSQL:    {Type: wf.ActionSQL, SQL: &wf.SQLBody{DB: db, Text: "delete from t"}},
		wf.ActionTransfer: {Type: wf.ActionTransfer, Transfer: &wf.TransferBody{
			Source: &wf.TransferSource{Kind: wf.EndpointDB, DB: db, Text: "t"},
			Target: &wf.TransferTarget{Kind: wf.EndpointFile, Path: "/tmp/out", TaskNum: 2}}},
		wf.ActionDataMonitor: {Type: wf.ActionDataMonitor, DataMonitor: &wf.DataMonitorBody{
			Source: wf.Probe{Kind: wf.ProbeSQL, DB: db, Text: "select count(1) from t"},
			Min:    &wf.Probe{Kind: wf.ProbeNum, Text: "10"},
			Max:    &wf.Probe{Kind: wf.ProbeCommand, Text: "echo 20"}}},
		wf.ActionFileMonitor: {Type: wf.ActionFileMonitor, FileMonitor: &wf.FileMonitorBody{Pattern: "/data/item_*.log", MinNum: 1}},
		wf.ActionEmail:       {Type: wf.ActionEmail, Email: &wf.EmailBody{HTML: "<p>done</p>"}},
		wf.ActionFileExecutor: {Type: wf.ActionFileExecutor, FileExecutor: &wf.FileExecutorBody{
			Command: "sh /opt/a.sh"}},
		wf.ActionMetadata: {Type: wf.ActionMetadata, Metadata: &wf.MetadataBody{DB: db, Table: "db.t"}},
		wf.ActionHTTP:     {Type: wf.ActionHTTP, HTTP: &wf.HTTPBody{Method: "GET", URL: "https://example.com/x", ExpectStatus: []int{200}}},
		wf.ActionSSH:      {Type: wf.ActionSSH, SSH: &wf.SSHBody{FileLink: "sftp1", Command: "uptime"}},
	}
}

// vldWithAction is start(2) → a(3) → e(4) with a's action replaced.
func vldWithAction(a *wf.Action) *wf.Workflow {
	b := vldNew("w").start("s", "a")
	b.action("a", "e", "", a)
	return b.end("e").w
}

func TestValidateEveryActionTypeValid(t *testing.T) {
	acts := vldValidActions()
	if len(acts) != len(wf.ActionTypes) {
		t.Fatalf("fixture covers %d types, model has %d", len(acts), len(wf.ActionTypes))
	}
	for typ, a := range acts {
		t.Run(string(typ), func(t *testing.T) {
			vldExpect(t, wf.Validate(vldWithAction(a)), nil, "")
		})
	}
}

func TestValidateAction(t *testing.T) {
	valid := vldValidActions
	tests := []struct {
		name    string
		act     func() *wf.Action
		want    []string
		mention string
	}{
		// body shape
		{"unknown type", func() *wf.Action { a := valid()[wf.ActionShell]; a.Type = "ftp"; return a },
			[]string{"action-body@3"}, `unknown action type "ftp"`},
		{"no body", func() *wf.Action { return &wf.Action{Type: wf.ActionSQL} },
			[]string{"action-body@3"}, "type sql but no sql body"},
		{"two bodies", func() *wf.Action {
			a := valid()[wf.ActionShell]
			a.Script = &wf.ScriptBody{Code: "x"}
			return a
		}, []string{"action-body@3"}, "several bodies (script, shell)"},
		{"body does not match type", func() *wf.Action {
			return &wf.Action{Type: wf.ActionShell, Script: &wf.ScriptBody{Code: "x"}}
		}, []string{"action-body@3"}, "type shell but the body is script"},

		// common attributes
		{"negative retry-times", func() *wf.Action { a := valid()[wf.ActionShell]; a.RetryTimes = -1; return a },
			[]string{"out-of-range@3"}, "retry-times is -1"},
		{"negative interval and timeout", func() *wf.Action {
			a := valid()[wf.ActionShell]
			a.Interval, a.Timeout = -time.Second, -time.Second
			return a
		}, []string{"out-of-range@3", "out-of-range@3"}, "timeout is -1s"},
		{"exponential max-interval below interval", func() *wf.Action {
			a := valid()[wf.ActionShell]
			a.Backoff, a.Interval, a.MaxInterval = wf.BackoffExponential, time.Minute, time.Second
			return a
		}, []string{"out-of-range@3"}, "max-interval 1s is shorter than interval 1m0s"},
		{"exponential without cap", func() *wf.Action {
			a := valid()[wf.ActionShell]
			a.Backoff, a.Interval = wf.BackoffExponential, time.Minute
			return a
		}, nil, ""},
		{"fixed backoff ignores max-interval", func() *wf.Action {
			a := valid()[wf.ActionShell]
			a.Backoff, a.Interval, a.MaxInterval = wf.BackoffFixed, time.Minute, time.Second
			return a
		}, nil, ""},
		{"negative max-interval", func() *wf.Action { a := valid()[wf.ActionShell]; a.MaxInterval = -1; return a },
			[]string{"out-of-range@3"}, "max-interval"},
		{"unknown backoff", func() *wf.Action { a := valid()[wf.ActionShell]; a.Backoff = "linear"; return a },
			[]string{"bad-value@3"}, `backoff "linear"`},
		{"any priority", func() *wf.Action { a := valid()[wf.ActionShell]; a.Priority = -100; return a }, nil, ""},

		// script, shell, sql
		{"blank script", func() *wf.Action { return &wf.Action{Type: wf.ActionScript, Script: &wf.ScriptBody{Code: " \n"}} },
			[]string{"missing-field@3"}, "script code is empty"},
		{"blank shell", func() *wf.Action { return &wf.Action{Type: wf.ActionShell, Shell: &wf.ShellBody{}} },
			[]string{"missing-field@3"}, "shell command is empty"},
		{"sql without text or db", func() *wf.Action { return &wf.Action{Type: wf.ActionSQL, SQL: &wf.SQLBody{}} },
			[]string{"missing-field@3", "missing-field@3"}, "sql has no db-link"},
		{"sql with inline db", func() *wf.Action {
			return &wf.Action{Type: wf.ActionSQL, SQL: &wf.SQLBody{Text: "select 1",
				DB: wf.DBLinkRef{Inline: &wf.InlineLink{Type: "MYSQL", URL: "jdbc:mysql://h/db"}}}}
		}, nil, ""},
		{"sql with incomplete inline db", func() *wf.Action {
			return &wf.Action{Type: wf.ActionSQL, SQL: &wf.SQLBody{Text: "select 1", DB: wf.DBLinkRef{Inline: &wf.InlineLink{}}}}
		}, []string{"missing-field@3", "missing-field@3"}, "sql inline connection url is empty"},
		{"sql with link and inline db", func() *wf.Action {
			return &wf.Action{Type: wf.ActionSQL, SQL: &wf.SQLBody{Text: "select 1",
				DB: wf.DBLinkRef{Name: "x", Inline: &wf.InlineLink{Type: "MYSQL", URL: "u"}}}}
		}, []string{"bad-value@3"}, "give one"},

		// transfer
		{"transfer script only", func() *wf.Action {
			return &wf.Action{Type: wf.ActionTransfer, Transfer: &wf.TransferBody{Script: "sqoop import"}}
		}, nil, ""},
		{"transfer script wins over source", func() *wf.Action {
			a := valid()[wf.ActionTransfer]
			a.Transfer.Script = "sqoop import"
			return a
		}, []string{"ignored-field@3(w)"}, "ignored"},
		{"transfer source without target", func() *wf.Action {
			a := valid()[wf.ActionTransfer]
			a.Transfer.Target = nil
			return a
		}, []string{"missing-field@3"}, "a script, or both a source and a target"},
		{"transfer empty", func() *wf.Action { return &wf.Action{Type: wf.ActionTransfer, Transfer: &wf.TransferBody{}} },
			[]string{"missing-field@3"}, ""},
		{"transfer ends incomplete", func() *wf.Action {
			return &wf.Action{Type: wf.ActionTransfer, Transfer: &wf.TransferBody{
				Source: &wf.TransferSource{Kind: wf.EndpointDB},
				Target: &wf.TransferTarget{Kind: wf.EndpointDB, TaskNum: -1}}}
		}, []string{"missing-field@3", "missing-field@3", "missing-field@3", "missing-field@3", "out-of-range@3"},
			"task-num is -1"},
		{"transfer file ends", func() *wf.Action {
			return &wf.Action{Type: wf.ActionTransfer, Transfer: &wf.TransferBody{
				Source: &wf.TransferSource{Kind: wf.EndpointFile},
				Target: &wf.TransferTarget{Kind: "HDFS"}}}
		}, []string{"missing-field@3", "bad-value@3"}, `target type "HDFS"`},

		// data-monitor
		{"data-monitor without source", func() *wf.Action {
			return &wf.Action{Type: wf.ActionDataMonitor, DataMonitor: &wf.DataMonitorBody{}}
		}, []string{"missing-field@3"}, "source has no type"},
		{"data-monitor SQL probe needs a db", func() *wf.Action {
			a := valid()[wf.ActionDataMonitor]
			a.DataMonitor.Min = &wf.Probe{Kind: wf.ProbeSQL, Text: "select 1"}
			return a
		}, []string{"missing-field@3"}, "data-monitor min has no db-link"},
		{"data-monitor NUM must be a number", func() *wf.Action {
			a := valid()[wf.ActionDataMonitor]
			a.DataMonitor.Max = &wf.Probe{Kind: wf.ProbeNum, Text: "ten"}
			return a
		}, []string{"bad-value@3"}, `"ten" is not a number`},
		{"data-monitor NUM may be a placeholder", func() *wf.Action {
			a := valid()[wf.ActionDataMonitor]
			a.DataMonitor.Max = &wf.Probe{Kind: wf.ProbeNum, Text: "${param:max}"}
			return a
		}, nil, ""},
		{"data-monitor bad probe kind and blank text", func() *wf.Action {
			a := valid()[wf.ActionDataMonitor]
			a.DataMonitor.Source = wf.Probe{Kind: "MYSQL"}
			a.DataMonitor.Max = &wf.Probe{Kind: wf.ProbeCommand}
			return a
		}, []string{"bad-value@3", "missing-field@3"}, ""},
		{"data-monitor negative recheck", func() *wf.Action {
			a := valid()[wf.ActionDataMonitor]
			a.DataMonitor.RecheckDelay = -time.Second
			return a
		}, []string{"out-of-range@3"}, ""},

		// file-monitor
		{"file-monitor ranges", func() *wf.Action {
			return &wf.Action{Type: wf.ActionFileMonitor, FileMonitor: &wf.FileMonitorBody{
				MinNum: -1, MinEachSize: -1, Wait: -1, PollInterval: -1, RecheckDelay: -1}}
		}, []string{"missing-field@3", "out-of-range@3", "out-of-range@3", "out-of-range@3", "out-of-range@3", "out-of-range@3"},
			"min-each-size is -1"},
		{"file-monitor min-num 0 is fine", func() *wf.Action {
			return &wf.Action{Type: wf.ActionFileMonitor, FileMonitor: &wf.FileMonitorBody{Pattern: "/x/*"}}
		}, nil, ""},

		// email, file-executor, metadata, ssh
		{"email without html and blank recipient", func() *wf.Action {
			return &wf.Action{Type: wf.ActionEmail, Email: &wf.EmailBody{To: []string{""}}}
		}, []string{"missing-field@3", "missing-field@3"}, "email html is empty"},
		{"file-executor without command", func() *wf.Action {
			return &wf.Action{Type: wf.ActionFileExecutor, FileExecutor: &wf.FileExecutorBody{}}
		}, []string{"missing-field@3"}, ""},
		{"metadata incomplete", func() *wf.Action {
			return &wf.Action{Type: wf.ActionMetadata, Metadata: &wf.MetadataBody{
				ColumnComments: []wf.ColumnComment{{Text: "x"}}}}
		}, []string{"missing-field@3", "missing-field@3", "missing-field@3"}, "column-comment name"},
		{"ssh incomplete", func() *wf.Action { return &wf.Action{Type: wf.ActionSSH, SSH: &wf.SSHBody{}} },
			[]string{"missing-field@3", "missing-field@3"}, "ssh file-link is empty"},

		// http
		{"http without method and url", func() *wf.Action { return &wf.Action{Type: wf.ActionHTTP, HTTP: &wf.HTTPBody{}} },
			[]string{"missing-field@3", "missing-field@3"}, "http url is empty"},
		{"http bad url, method, header, status, timeout", func() *wf.Action {
			return &wf.Action{Type: wf.ActionHTTP, HTTP: &wf.HTTPBody{Method: "GE T", URL: "example.com/x",
				Headers: []wf.Header{{Value: "v"}}, ExpectStatus: []int{200, 42}, Timeout: -1}}
		}, []string{"bad-value@3", "bad-value@3", "missing-field@3", "out-of-range@3", "out-of-range@3"},
			`"example.com/x" is not an absolute http or https URL`},
		{"http url with placeholder is checked at run time", func() *wf.Action {
			return &wf.Action{Type: wf.ActionHTTP, HTTP: &wf.HTTPBody{Method: "POST", URL: "${param:base}/x"}}
		}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vldExpect(t, wf.Validate(vldWithAction(tc.act())), tc.want, tc.mention)
		})
	}
}

func TestValidateActionWithoutAction(t *testing.T) {
	b := vldNew("w").start("s", "a")
	b.add(&wf.Node{Name: "a", Kind: wf.KindAction})
	b.end("e")
	vldExpect(t, wf.Validate(b.w), []string{"no-reachable-end@2", "action-body@3", "unreachable-node@4(w)"},
		`action "a": the node has no action`)
}
