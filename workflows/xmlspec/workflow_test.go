package xmlspec

import (
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func TestWorkflowAttributes(t *testing.T) {
	def := Parse("wf.xml", []byte(`<work-flow name=" nightly " creator="Kent" desc="导入" dir="/etl/daily"
	    mail-level="W_SUCCESSED, 失败 ,killed" mail-receivers=" a@x.com, b@y.com ," instance-limit="3" priority="7"
	    create-time="2019-01-01 00:00:00">
	  <start name="s" to="e"/><end name="e"/>
	</work-flow>`))
	w := def.Workflow
	if w.Name != "nightly" || w.Creator != "Kent" || w.Desc != "导入" || w.Dir != "/etl/daily" ||
		w.InstanceLimit != 3 || w.Priority != 7 {
		t.Errorf("attributes: %s", dump(def))
	}
	wantLevels := []workflows.InstanceStatus{workflows.InstanceSucceeded, workflows.InstanceFailed, workflows.InstanceKilled}
	if !slices.Equal(w.MailLevel, wantLevels) {
		t.Errorf("mail-level = %v, want %v", w.MailLevel, wantLevels)
	}
	if !slices.Equal(w.MailReceivers, []string{"a@x.com", "b@y.com"}) {
		t.Errorf("mail-receivers = %q", w.MailReceivers)
	}
	if !sameCodes(def.Problems, []string{"warning:ignored"}) { // create-time
		t.Errorf("problems: %v", def.Problems)
	}
	if w.Pos != (workflows.Pos{File: "wf.xml", Line: 1, Col: 1}) {
		t.Errorf("pos = %v", w.Pos)
	}
}

func TestWorkflowDefaults(t *testing.T) {
	def := Parse("wf.xml", []byte(`<work-flow name="w"><start name="s" to="e"/><end name="e"/></work-flow>`))
	w := def.Workflow
	if w.InstanceLimit != 1 || !slices.Equal(w.MailLevel, []workflows.InstanceStatus{workflows.InstanceFailed}) ||
		w.Coordinator != nil || len(def.Problems) != 0 {
		t.Errorf("defaults: %s", dump(def))
	}
}

// A 2017 workflow (recognised by 2017-only constructs, no coordinator) mailed nobody unless
// told; an explicit empty mail-level means the same in any era.
func TestMailLevelDefaultByEra(t *testing.T) {
	cases := []struct {
		name, xml string
		want      []workflows.InstanceStatus
	}{
		{"head", `<work-flow name="w"><start name="s" to="e"/><end name="e"/></work-flow>`,
			[]workflows.InstanceStatus{workflows.InstanceFailed}},
		{"2017 content", `<work-flow name="w"><start name="s" to="a"/><action name="a"><script><content>x</content></script><ok to="e"/></action><end name="e"/></work-flow>`,
			nil},
		{"2017 construct but a coordinator", `<work-flow name="w"><coordinator/><start name="s" to="a"/><action name="a"><script><content>x</content></script><ok to="e"/></action><end name="e"/></work-flow>`,
			[]workflows.InstanceStatus{workflows.InstanceFailed}},
		{"explicit empty", `<work-flow name="w" mail-level=""><start name="s" to="e"/><end name="e"/></work-flow>`,
			nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			def := Parse("wf.xml", []byte(c.xml))
			if !slices.Equal(def.Workflow.MailLevel, c.want) {
				t.Errorf("mail-level = %v, want %v", def.Workflow.MailLevel, c.want)
			}
		})
	}
}

func TestRootNames(t *testing.T) {
	cases := []struct {
		root string
		want []string
	}{
		{"work-flow", nil},
		{"workflow", nil},
		{"flow", []string{"warning:unusual-root"}},
	}
	for _, c := range cases {
		def := Parse("wf.xml", []byte(`<`+c.root+` name="w"><start name="s" to="e"/><end name="e"/></`+c.root+`>`))
		if def.Workflow == nil || def.Workflow.Name != "w" || !sameCodes(def.Problems, c.want) {
			t.Errorf("<%s>: %s", c.root, dump(def))
		}
	}
}

func TestControlNodes(t *testing.T) {
	def := Parse("wf.xml", []byte(`<work-flow name="w">
  <start name="begin" to="f" desc="the start"/>
  <fork name="f"><path to="a"/>
    <path to="b"/></fork>
  <join name="j" to="done"> <!-- a comment is fine --> </join>
  <kill name="k"><message>  stopped by hand  </message></kill>
  <end name="done">
  </end>
</work-flow>`))
	if def.Problems.HasErrors() || len(def.Problems) > 0 {
		t.Fatalf("problems: %v", def.Problems)
	}
	w := def.Workflow
	want := []struct {
		name string
		kind workflows.NodeKind
	}{{"begin", workflows.KindStart}, {"f", workflows.KindFork}, {"j", workflows.KindJoin},
		{"k", workflows.KindKill}, {"done", workflows.KindEnd}}
	for i, n := range w.Nodes {
		if n.Name != want[i].name || n.Kind != want[i].kind {
			t.Errorf("node %d = %s %s, want %s %s", i, n.Kind, n.Name, want[i].kind, want[i].name)
		}
	}
	if s := w.Node("begin"); s.To != "f" || s.Desc != "the start" {
		t.Errorf("start: %+v", s)
	}
	if f := w.Node("f"); !slices.Equal(f.Paths, []string{"a", "b"}) {
		t.Errorf("fork paths = %q", f.Paths)
	}
	if k := w.Node("k"); k.Message != "stopped by hand" {
		t.Errorf("kill message = %q", k.Message)
	}
}

// RefPos locates each transition at its attribute, under the keys Validate uses.
func TestRefPositions(t *testing.T) {
	def := Parse("wf.xml", []byte(`<work-flow name="w">
<start name="s" to="f"/>
<fork name="f">
  <path to="a"/>
  <path   to="j"/>
</fork>
<action name="a"><shell><command>x</command></shell>
  <ok to="j"/>
  <error  to="k"/>
</action>
<join name="j"   to="e"/>
<kill name="k"/>
<end name="e"/>
</work-flow>`))
	w := def.Workflow
	check := func(node, key string, line, col int) {
		t.Helper()
		want := workflows.Pos{File: "wf.xml", Line: line, Col: col}
		if got := w.Node(node).RefPos[key]; got != want {
			t.Errorf("%s RefPos[%s] = %v, want %v", node, key, got, want)
		}
	}
	check("s", "to", 2, 17)
	check("f", "path[0]", 4, 9)
	check("f", "path[1]", 5, 11)
	check("a", "ok", 8, 7)
	check("a", "error", 9, 11)
	check("j", "to", 11, 18)
	if got := w.Node("a").Pos; got != (workflows.Pos{File: "wf.xml", Line: 7, Col: 1}) {
		t.Errorf("action pos = %v", got)
	}
}

// Columns count characters, so that they match an editor on lines with Chinese text.
func TestColumnsCountCharacters(t *testing.T) {
	def := Parse("wf.xml", []byte("<work-flow name=\"工作流\"><start name=\"开始\" to=\"结束\" bogus=\"1\"/><end name=\"结束\"/></work-flow>"))
	errs := def.Problems.Errors()
	if len(errs) != 1 || errs[0].Pos.Col != 48 {
		t.Fatalf("problems: %v", def.Problems)
	}
}

func TestEmbeddedCoordinator(t *testing.T) {
	def := Parse("wf.xml", []byte(`<work-flow name="w">
  <coordinator is-enabled="" start-time="2024-01-01 00:00:00" end-time="2030-12-31 23:59:59"
      timezone="Asia/Shanghai" catchup="ALL" depend-reset="daily">
    <depend-list cron="0 1 * * *">
      <workflow name="up_1"/>
      <workflow name=" up_2 "/>
    </depend-list>
    <param-list>
      <param name="day" value="${time.today|yyyy-MM-dd|-1 day}"/>
      <param name="blank"/>
    </param-list>
  </coordinator>
  <start name="s" to="e"/><end name="e"/>
</work-flow>`))
	if len(def.Problems) != 0 {
		t.Fatalf("problems: %v", def.Problems)
	}
	c := def.Workflow.Coordinator
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	if !c.Enabled || c.Cron != "0 1 * * *" || c.Timezone != "Asia/Shanghai" || c.Catchup != workflows.CatchupAll ||
		c.DependReset != workflows.DependResetDaily || c.Name != "" || len(c.Targets) != 0 {
		t.Errorf("coordinator: %s", dump(def))
	}
	if !c.Start.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, shanghai)) || !c.End.Equal(time.Date(2030, 12, 31, 23, 59, 59, 0, shanghai)) {
		t.Errorf("window %v – %v is not read in the coordinator's zone", c.Start, c.End)
	}
	if len(c.Depends) != 2 || c.Depends[1].Workflow != "up_2" || c.Depends[0].Pos.Line != 5 {
		t.Errorf("depends: %+v", c.Depends)
	}
	if len(c.Params) != 2 || c.Params[0].Value != "${time.today|yyyy-MM-dd|-1 day}" || c.Params[1].Value != "" {
		t.Errorf("params: %+v", c.Params)
	}
	if c.CronPos != (workflows.Pos{File: "wf.xml", Line: 4, Col: 18}) {
		t.Errorf("cron pos = %v", c.CronPos)
	}
}

func TestCoordinatorDefaults(t *testing.T) {
	def := Parse("wf.xml", []byte(`<work-flow name="w"><coordinator><param-list/></coordinator><start name="s" to="e"/><end name="e"/></work-flow>`))
	c := def.Workflow.Coordinator
	if !c.Enabled || c.Cron != "" || !c.Start.IsZero() || !c.End.IsZero() || c.Catchup != workflows.CatchupLatest ||
		c.DependReset != workflows.DependResetScheduled || len(def.Problems) != 0 {
		t.Errorf("defaults: %s", dump(def))
	}
}

func TestStandaloneCoordinatorShapes(t *testing.T) {
	cases := []struct {
		name     string
		xml      string
		cron     string
		depends  []string
		targets  []string
		warnings int
	}{
		{"E0 first prototype: cron inside depend-list", `<coordinator name="c" start="2016-09-10 10:00:00" end="2017-09-10 10:00:00">
  <trigger><depend-list><depend wf="a"/><cron config="* * * * * *"/></depend-list></trigger>
  <workflow-list><workflow path="t1"></workflow><workflow path="t2"/></workflow-list>
</coordinator>`, "* * * * * *", []string{"a"}, []string{"t1", "t2"}, 4},
		{"E1", `<coordinator name="c" start="2016-09-10 10:00:00" end="2017-09-10 10:00:00" is-enabled="true" dir="/x" desc="d">
  <trigger><cron config="*/10 * * * *"/><depend-list><depend wf="a"/><depend wf="b"/></depend-list></trigger>
  <workflow-list><workflow path="t"/></workflow-list>
  <param-list><param name="p" value="v"/></param-list>
</coordinator>`, "*/10 * * * *", []string{"a", "b"}, []string{"t"}, 4},
		{"E2", `<coordinator name="c" is-enabled="false" start-time="2018-01-01 00:00:00" dir="/x">
  <depend-list cron="*/30 * * * *"><workflow name="a"/></depend-list>
  <trigger-list><workflow name="t"/></trigger-list>
</coordinator>`, "*/30 * * * *", []string{"a"}, []string{"t"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			def := Parse("c.xml", []byte(c.xml))
			if def.Problems.HasErrors() || len(def.Problems.Warnings()) != c.warnings {
				t.Fatalf("problems: %v", def.Problems)
			}
			co := def.Coordinator
			var deps []string
			for _, d := range co.Depends {
				deps = append(deps, d.Workflow)
			}
			if co.Name != "c" || co.Cron != c.cron || !slices.Equal(deps, c.depends) || !slices.Equal(co.Targets, c.targets) || co.Start.IsZero() {
				t.Errorf("coordinator: %s", dump(def))
			}
		})
	}
}
