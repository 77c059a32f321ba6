package xmlspec

import (
	"reflect"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func TestActionAttributes(t *testing.T) {
	cases := []struct {
		name  string
		attrs string
		want  workflows.Action
	}{
		{"defaults", ``, workflows.Action{Backoff: workflows.BackoffFixed}},
		{"akkaflow attributes", ` host="10.0.0.5" retry-times="3" interval="10" timeout="500" is-ignore="TRUE" desc="d"`,
			workflows.Action{Host: "10.0.0.5", RetryTimes: 3, Interval: 10 * time.Second, Timeout: 500 * time.Second,
				IsIgnore: true, Backoff: workflows.BackoffFixed}},
		{"akkaflow 'any' values", ` host="-1" timeout="-1"`, workflows.Action{Backoff: workflows.BackoffFixed}},
		{"new attributes", ` retry-backoff="exponential" max-interval="1m30s" interval="500ms" labels="gpu, big ," priority="-2"`,
			workflows.Action{Backoff: workflows.BackoffExponential, MaxInterval: 90 * time.Second, Interval: 500 * time.Millisecond,
				Labels: []string{"gpu", "big"}, Priority: -2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, ps := parseAction(t, c.attrs, `<shell><command>true</command></shell>`)
			if len(ps) != 0 {
				t.Fatalf("problems: %v", ps)
			}
			got := *a
			got.Shell, got.Type, got.Ok = nil, "", ""
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// bodyCase is one type element and the action it must produce (Type, body and nothing else).
type bodyCase struct {
	name     string
	body     string
	want     workflows.Action
	problems []string
}

func runBodyCases(t *testing.T, cases []bodyCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, ps := parseAction(t, "", c.body)
			if !sameCodes(ps, c.problems) {
				t.Errorf("problems = %v, want codes %v", ps, c.problems)
			}
			got := *a
			got.Ok, got.Backoff = "", ""
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %s\nwant %s", dumpAction(&got), dumpAction(&c.want))
			}
		})
	}
}

func dumpAction(a *workflows.Action) string {
	return dump(&workflows.Definition{Workflow: &workflows.Workflow{Nodes: []*workflows.Node{{Action: a}}}})
}

func TestScriptBodies(t *testing.T) {
	runBodyCases(t, []bodyCase{
		{"CDATA keeps relative indentation, drops the blank first line", "<script><code><![CDATA[\n    if true; then\n        echo hi\n    fi\n  ]]></code></script>",
			workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{Code: "if true; then\n    echo hi\nfi\n"}}, nil},
		{"indentation around CDATA is not code", "<script><code>\n      <![CDATA[#!/usr/bin/perl\nprint 1;]]>\n    </code></script>",
			workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{Code: "#!/usr/bin/perl\nprint 1;"}}, nil},
		{"plain text is verbatim but for common indentation", "<script><code>\n  a &lt; b\n   c</code></script>",
			workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{Code: "a < b\n c"}}, nil},
		{"a blank first line with spaces", "<script><code><![CDATA[  \npython3 -c 'print(1)']]></code></script>",
			workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{Code: "python3 -c 'print(1)'"}}, nil},
		{"attachments and param-line", "<script><code>x</code><attach-list><file> /a/b.sh </file><!-- c --><file>c.txt</file></attach-list><param-line> -v 1 </param-line></script>",
			workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{Code: "x", Attachments: []string{"/a/b.sh", "c.txt"}, ParamLine: "-v 1"}}, nil},
		{"empty attachment is ignored", "<script><code>x</code><attach-list><file> </file></attach-list></script>",
			workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{Code: "x"}}, []string{"warning:ignored"}},
		{"shell", "<shell><command>\n  /bin/run.sh ${param:day}\n</command></shell>",
			workflows.Action{Type: workflows.ActionShell, Shell: &workflows.ShellBody{Command: "/bin/run.sh ${param:day}"}}, nil},
		{"file-executor", "<file-executor><command>perl /m/a.pl</command><attach-list><file>/m/x</file></attach-list></file-executor>",
			workflows.Action{Type: workflows.ActionFileExecutor, FileExecutor: &workflows.FileExecutorBody{Command: "perl /m/a.pl", Attachments: []string{"/m/x"}}}, nil},
		{"ssh", `<ssh file-link="s1"> df -h /data </ssh>`,
			workflows.Action{Type: workflows.ActionSSH, SSH: &workflows.SSHBody{FileLink: "s1", Command: "df -h /data"}}, nil},
	})
}

func TestDatabaseBodies(t *testing.T) {
	inline := &workflows.InlineLink{Type: "MYSQL", URL: "jdbc:mysql://h/wf", Username: "root", Password: " secret "}
	runBodyCases(t, []bodyCase{
		{"sql", "<sql db-link=\"local_mysql\">\n  select 1;\n  delete from t where 2 &gt; 3;\n</sql>",
			workflows.Action{Type: workflows.ActionSQL, SQL: &workflows.SQLBody{DB: workflows.DBLinkRef{Name: "local_mysql"},
				Text: "select 1;\n  delete from t where 2 > 3;"}}, nil},
		{"sql in CDATA", `<sql db-link="x"><![CDATA[select * from t where a < 3]]></sql>`,
			workflows.Action{Type: workflows.ActionSQL, SQL: &workflows.SQLBody{DB: workflows.DBLinkRef{Name: "x"}, Text: "select * from t where a < 3"}}, nil},
		{"sql with inline 2017 connection", `<sql type="mysql" jdbc-url="jdbc:mysql://h/wf" username="root" password=" secret ">drop table t</sql>`,
			workflows.Action{Type: workflows.ActionSQL, SQL: &workflows.SQLBody{DB: workflows.DBLinkRef{Inline: inline}, Text: "drop table t"}},
			[]string{"warning:inline-connection"}},
		{"metadata", `<metadata table="db.t" db-link="hive" from="db.a, db.b"><column-comment name="id"> 标识 </column-comment><column-comment name="n">name</column-comment><table-comment>表</table-comment></metadata>`,
			workflows.Action{Type: workflows.ActionMetadata, Metadata: &workflows.MetadataBody{DB: workflows.DBLinkRef{Name: "hive"}, Table: "db.t",
				From: []string{"db.a", "db.b"}, ColumnComments: []workflows.ColumnComment{{Name: "id", Text: "标识"}, {Name: "n", Text: "name"}}, TableComment: "表"}}, nil},
		{"transfer script", "<transfer><script>\n  sqoop import \\\n    --table t\n</script></transfer>",
			workflows.Action{Type: workflows.ActionTransfer, Transfer: &workflows.TransferBody{Script: "sqoop import \\\n  --table t\n"}}, nil},
		{"transfer DB to DB", `<transfer><source type="db" db-link="a">select x from y</source><target type="DB" db-link="b" table="t" is-pre-truncate="true" task-num="4"><pre>delete from t</pre><after>analyze t</after></target></transfer>`,
			workflows.Action{Type: workflows.ActionTransfer, Transfer: &workflows.TransferBody{
				Source: &workflows.TransferSource{Kind: workflows.EndpointDB, DB: workflows.DBLinkRef{Name: "a"}, Text: "select x from y"},
				Target: &workflows.TransferTarget{Kind: workflows.EndpointDB, DB: workflows.DBLinkRef{Name: "b"}, Table: "t", PreTruncate: true, TaskNum: 4,
					Pre: "delete from t", After: "analyze t"}}}, nil},
		{"transfer FILE to FILE", `<transfer><source type="FILE" file-link="hdfs" delimited=" " header="true">/in/a.txt</source><target type="FILE" path="/out/b.txt" delimited="\t" is-pre-del="true"/></transfer>`,
			workflows.Action{Type: workflows.ActionTransfer, Transfer: &workflows.TransferBody{
				Source: &workflows.TransferSource{Kind: workflows.EndpointFile, FileLink: "hdfs", Delimiter: " ", Header: true, Text: "/in/a.txt"},
				Target: &workflows.TransferTarget{Kind: workflows.EndpointFile, Path: "/out/b.txt", Delimiter: `\t`, PreDelete: true}}}, nil},
	})
}

func TestMonitorBodies(t *testing.T) {
	runBodyCases(t, []bodyCase{
		{"data-monitor HEAD", `<data-monitor recheck-delay="0"><source type="SQL" db-link="m">select count(1) from t</source><min type="NUM">5</min><max type="command">echo 9</max><warn-msg> 请处理 </warn-msg></data-monitor>`,
			workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &workflows.DataMonitorBody{
				Source: workflows.Probe{Kind: workflows.ProbeSQL, DB: workflows.DBLinkRef{Name: "m"}, Text: "select count(1) from t"},
				Min:    &workflows.Probe{Kind: workflows.ProbeNum, Text: "5"}, Max: &workflows.Probe{Kind: workflows.ProbeCommand, Text: "echo 9"},
				WarnMsg: "请处理", ExceedError: true}}, nil},
		{"data-monitor defaults and <code> wrapper", "<data-monitor category=\"log\" source-name=\"sum\" is-exceed-error=\"false\"><source type=\"COMMAND\">\n <code>\n  wc -l f\n </code>\n</source></data-monitor>",
			workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &workflows.DataMonitorBody{
				Source:   workflows.Probe{Kind: workflows.ProbeCommand, Text: "wc -l f"},
				Category: "log", SourceName: "sum", RecheckDelay: 10 * time.Second}}, nil},
		{"NUM keeps parameters as text", `<data-monitor><source type="NUM">${param:n}</source></data-monitor>`,
			workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &workflows.DataMonitorBody{
				Source: workflows.Probe{Kind: workflows.ProbeNum, Text: "${param:n}"}, RecheckDelay: 10 * time.Second, ExceedError: true}}, nil},
		{"file-monitor", `<file-monitor wait="3600" poll-interval="1m" recheck-delay="5"><file file-link="sftp1" min-num="2" min-each-size="0.5g">/data/in/*.csv</file><warn-msg>late</warn-msg></file-monitor>`,
			workflows.Action{Type: workflows.ActionFileMonitor, FileMonitor: &workflows.FileMonitorBody{FileLink: "sftp1", Pattern: "/data/in/*.csv",
				MinNum: 2, MinEachSize: 512 << 20, WarnMsg: "late", Wait: time.Hour, PollInterval: time.Minute, RecheckDelay: 5 * time.Second}}, nil},
		{"file-monitor defaults", `<file-monitor><file>/etc/profile</file></file-monitor>`,
			workflows.Action{Type: workflows.ActionFileMonitor, FileMonitor: &workflows.FileMonitorBody{Pattern: "/etc/profile", MinNum: 1, RecheckDelay: 10 * time.Second}}, nil},
	})
}

func TestEmailAndHTTPBodies(t *testing.T) {
	runBodyCases(t, []bodyCase{
		{"email wrapped in html", "<email subject=\"日报\" to=\"a@x.com, b@x.com\">\n  <table><tr><td>a &amp; b</td></tr></table>\n</email>",
			workflows.Action{Type: workflows.ActionEmail, Email: &workflows.EmailBody{Subject: "日报", To: []string{"a@x.com", "b@x.com"},
				HTML: "<html><table><tr><td>a &amp; b</td></tr></table></html>"}}, nil},
		{"email with its own html", "<email>\n <html><body><p class=\"x\">hi</p><br/></body></html>\n</email>",
			workflows.Action{Type: workflows.ActionEmail, Email: &workflows.EmailBody{HTML: `<html><body><p class="x">hi</p><br/></body></html>`}}, nil},
		{"email text only", "<email>done</email>",
			workflows.Action{Type: workflows.ActionEmail, Email: &workflows.EmailBody{HTML: "<html>done</html>"}}, nil},
		{"http", "<http method=\"post\" url=\"https://h/api\" expect-status=\"200, 201\" timeout=\"30\"><header name=\"Content-Type\" value=\"application/json\"/><body><![CDATA[\n{\"day\": \"${param:day}\"}\n]]></body></http>",
			workflows.Action{Type: workflows.ActionHTTP, HTTP: &workflows.HTTPBody{Method: "POST", URL: "https://h/api", ExpectStatus: []int{200, 201},
				Timeout: 30 * time.Second, Headers: []workflows.Header{{Name: "Content-Type", Value: "application/json"}}, Body: "{\"day\": \"${param:day}\"}\n"}}, nil},
		{"http defaults", `<http url="http://h/"/>`,
			workflows.Action{Type: workflows.ActionHTTP, HTTP: &workflows.HTTPBody{Method: "GET", URL: "http://h/"}}, nil},
	})
}

func TestSizes(t *testing.T) {
	cases := map[string]int64{"10B": 10, "10": 10, "100K": 100 << 10, "100kb": 100 << 10, "2MB": 2 << 20, "0.5G": 512 << 20, "1532MB": 1532 << 20, "1t": 1 << 40, "0.3K": 307}
	for in, want := range cases {
		if got, ok := parseSize(in); !ok || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "-1B", "2XB", "MB", "1e3", "9999999999T"} {
		if _, ok := parseSize(bad); ok {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
	for _, n := range []int64{0, 1, 1023, 1024, 1536, 2 << 20, 512 << 20, 3 << 40} {
		if got, ok := parseSize(formatSize(n)); !ok || got != n {
			t.Errorf("formatSize(%d) = %q reads back as %d", n, formatSize(n), got)
		}
	}
}

func TestDurations(t *testing.T) {
	cases := map[string]time.Duration{"30": 30 * time.Second, " 0 ": 0, "-1": -time.Second, "1m30s": 90 * time.Second, "250ms": 250 * time.Millisecond}
	for in, want := range cases {
		if got, ok := parseDuration(in); !ok || got != want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"5x", "${param:t}", "99999999999999999"} {
		if _, ok := parseDuration(bad); ok {
			t.Errorf("parseDuration(%q) accepted", bad)
		}
	}
}
