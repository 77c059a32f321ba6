package xmlspec

import (
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Every old name is read as its current equivalent, with a warning that says so.
func TestAliases(t *testing.T) {
	inline := func(typ string) *workflows.InlineLink {
		return &workflows.InlineLink{Type: typ, URL: "jdbc:x://h/db", Username: "u", Password: "p"}
	}
	jdbc := ` jdbc-url="jdbc:x://h/db" username="u" password="p"`
	runBodyCases(t, []bodyCase{
		{"<content> is <code>", "<script><content><![CDATA[echo 1]]></content></script>",
			workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{Code: "echo 1"}}, []string{"warning:alias"}},
		{"<location> is ignored", "<script><location>/tmp/x.sh</location><content>echo 1</content></script>",
			workflows.Action{Type: workflows.ActionScript, Script: &workflows.ScriptBody{Code: "echo 1"}}, []string{"warning:alias", "warning:ignored"}},
		{"<host-script> is a pinned <script>", "<host-script><host>10.0.0.7</host><path>/opt/run.sh ${wf.date}</path></host-script>",
			workflows.Action{Type: workflows.ActionScript, Host: "10.0.0.7", Script: &workflows.ScriptBody{Code: "/opt/run.sh ${wf.date}"}}, []string{"warning:alias"}},
		{"<host-script> with <script>", "<host-script><host>h</host><script>/opt/run.sh</script></host-script>",
			workflows.Action{Type: workflows.ActionScript, Host: "h", Script: &workflows.ScriptBody{Code: "/opt/run.sh"}}, []string{"warning:alias"}},
		{"<file-watcher> is <file-monitor>", `<file-watcher><file dir="/log/${param:d}/" num-threshold="3">item_*.out</file><size-warn-message enable="true" size-threshold="2MB">too small</size-warn-message></file-watcher>`,
			workflows.Action{Type: workflows.ActionFileMonitor, FileMonitor: &workflows.FileMonitorBody{Pattern: "/log/${param:d}/item_*.out",
				MinNum: 3, MinEachSize: 2 << 20, WarnMsg: "too small", RecheckDelay: 10 * time.Second}}, []string{"warning:alias"}},
		{"<file-watcher> size check disabled", `<file-watcher><file dir="d">p</file><size-warn-message enable="false" size-threshold="2MB"/></file-watcher>`,
			workflows.Action{Type: workflows.ActionFileMonitor, FileMonitor: &workflows.FileMonitorBody{Pattern: "d/p", MinNum: 1, RecheckDelay: 10 * time.Second}},
			[]string{"warning:alias"}},
		{"num-threshold and size-threshold on file-monitor", `<file-monitor><file num-threshold="2" size-threshold="1B">/etc/*</file></file-monitor>`,
			workflows.Action{Type: workflows.ActionFileMonitor, FileMonitor: &workflows.FileMonitorBody{Pattern: "/etc/*", MinNum: 2, MinEachSize: 1, RecheckDelay: 10 * time.Second}},
			[]string{"warning:alias", "warning:alias"}},
		{"dir on file-monitor's file", `<file-monitor><file dir="/etc">*.conf</file></file-monitor>`,
			workflows.Action{Type: workflows.ActionFileMonitor, FileMonitor: &workflows.FileMonitorBody{Pattern: "/etc/*.conf", MinNum: 1, RecheckDelay: 10 * time.Second}},
			[]string{"warning:alias"}},
		{"min-threshold and max-threshold", `<data-monitor><source type="COMMAND">echo 3</source><min-threshold type="NUM">2</min-threshold><max-threshold type="SQL" db-link="m">select 9</max-threshold></data-monitor>`,
			workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &workflows.DataMonitorBody{Source: workflows.Probe{Kind: workflows.ProbeCommand, Text: "echo 3"},
				Min: &workflows.Probe{Kind: workflows.ProbeNum, Text: "2"}, Max: &workflows.Probe{Kind: workflows.ProbeSQL, DB: workflows.DBLinkRef{Name: "m"}, Text: "select 9"},
				RecheckDelay: 10 * time.Second, ExceedError: true}}, []string{"warning:alias", "warning:alias"}},
		{"2017 data-monitor", `<data-monitor category="mysql" source-name="t" is-saved="true" time-mark="${param:d}" is-exceed-error="false"><source type="MYSQL"` + jdbc + `><code>select 1</code></source><min-threshold type="NUM"><code>5</code></min-threshold><max-threshold type="ORACLE"` + jdbc + `>select 2</max-threshold></data-monitor>`,
			workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &workflows.DataMonitorBody{
				Source:   workflows.Probe{Kind: workflows.ProbeSQL, DB: workflows.DBLinkRef{Inline: inline("MYSQL")}, Text: "select 1"},
				Min:      &workflows.Probe{Kind: workflows.ProbeNum, Text: "5"},
				Max:      &workflows.Probe{Kind: workflows.ProbeSQL, DB: workflows.DBLinkRef{Inline: inline("ORACLE")}, Text: "select 2"},
				Category: "mysql", SourceName: "t", RecheckDelay: 10 * time.Second}},
			[]string{"warning:ignored", "warning:ignored", "warning:alias", "warning:inline-connection", "warning:alias", "warning:alias", "warning:alias", "warning:inline-connection"}},
		{"2017 threshold borrows the source's connection", `<data-monitor><source type="HIVE"` + jdbc + `>select 1</source><max-threshold type="HIVE">select 2</max-threshold></data-monitor>`,
			workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &workflows.DataMonitorBody{
				Source:       workflows.Probe{Kind: workflows.ProbeSQL, DB: workflows.DBLinkRef{Inline: inline("HIVE")}, Text: "select 1"},
				Max:          &workflows.Probe{Kind: workflows.ProbeSQL, DB: workflows.DBLinkRef{Inline: inline("HIVE")}, Text: "select 2"},
				RecheckDelay: 10 * time.Second, ExceedError: true}},
			[]string{"warning:alias", "warning:inline-connection", "warning:alias", "warning:alias", "warning:inline-connection", "warning:inline-connection"}},
		{"data-monitor name is source-name", `<data-monitor category="c" is-saved="true" name="job1监控"><source type="NUM">1</source></data-monitor>`,
			workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &workflows.DataMonitorBody{Source: workflows.Probe{Kind: workflows.ProbeNum, Text: "1"},
				Category: "c", SourceName: "job1监控", RecheckDelay: 10 * time.Second, ExceedError: true}}, []string{"warning:alias", "warning:ignored"}},
		{"2017 transfer LFS to MYSQL with pre-sql", `<transfer><source type="LFS" path="/tmp/o.result" delimited=","></source><target type="MYSQL"` + jdbc + ` table="t"><pre-sql>delete from t</pre-sql><after-sql>commit</after-sql></target></transfer>`,
			workflows.Action{Type: workflows.ActionTransfer, Transfer: &workflows.TransferBody{
				Source: &workflows.TransferSource{Kind: workflows.EndpointFile, Text: "/tmp/o.result", Delimiter: ","},
				Target: &workflows.TransferTarget{Kind: workflows.EndpointDB, DB: workflows.DBLinkRef{Inline: inline("MYSQL")}, Table: "t", Pre: "delete from t", After: "commit"}}},
			[]string{"warning:alias", "warning:alias", "warning:alias", "warning:inline-connection", "warning:alias", "warning:alias"}},
		{"2017 transfer ORACLE source, LFS target", `<transfer><source type="oracle"` + jdbc + `>t</source><target type="LFS" path="/out" is-pre-del="true"/></transfer>`,
			workflows.Action{Type: workflows.ActionTransfer, Transfer: &workflows.TransferBody{
				Source: &workflows.TransferSource{Kind: workflows.EndpointDB, DB: workflows.DBLinkRef{Inline: inline("ORACLE")}, Text: "t"},
				Target: &workflows.TransferTarget{Kind: workflows.EndpointFile, Path: "/out", PreDelete: true}}},
			[]string{"warning:alias", "warning:inline-connection", "warning:alias"}},
	})
}

func TestForkPathStartAlias(t *testing.T) {
	def := Parse("wf.xml", []byte(`<work-flow name="w"><start name="s" to="f"/><fork name="f"><path start="e"/></fork><end name="e"/></work-flow>`))
	f := def.Workflow.Node("f")
	if len(f.Paths) != 1 || f.Paths[0] != "e" || f.RefPos["path[0]"].Col != 66 || !sameCodes(def.Problems, []string{"warning:alias"}) {
		t.Errorf("fork: %+v %v", f, def.Problems)
	}
}

// The E2 coordinator file is the canonical standalone form: no warnings. Older forms warn
// once per renamed construct.
func TestStandaloneCoordinatorAliases(t *testing.T) {
	def := Parse("c.xml", []byte(`<coordinator name="c" start="2016-09-10 10:00:00" end="2017-09-10 10:00:00" author="x" id="1">
  <trigger><cron config="0 * * * *"/></trigger>
  <trigger-list><workflow path="t"/></trigger-list>
</coordinator>`))
	want := []string{"warning:alias", "warning:alias", "warning:ignored", "warning:ignored", "warning:alias", "warning:alias"}
	if !sameCodes(def.Problems, want) || def.Coordinator.Targets[0] != "t" || def.Coordinator.Start.Year() != 2016 {
		t.Errorf("problems %v, coordinator %s", def.Problems, dump(def))
	}
}
