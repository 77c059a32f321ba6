package xmlspec

import (
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

// want is one expected error: its code, line:col, and a fragment of its message.
type want struct {
	code      string
	line, col int
	fragment  string
}

func checkErrors(t *testing.T, src string, wants []want) {
	t.Helper()
	def := Parse("f.xml", []byte(src))
	errs := def.Problems.Errors()
	if len(errs) != len(wants) {
		t.Fatalf("got %d errors, want %d:\n%s", len(errs), len(wants), strings.Join(lines(errs), "\n"))
	}
	for i, w := range wants {
		p := errs[i]
		if p.Code != w.code || p.Pos.Line != w.line || (w.col != 0 && p.Pos.Col != w.col) || !strings.Contains(p.Message, w.fragment) {
			t.Errorf("error %d = %s\n  want %s at %d:%d containing %q", i, p, w.code, w.line, w.col, w.fragment)
		}
	}
}

func lines(ps workflows.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want want
	}{
		{"attribute without =", "<work-flow name=\"w\">\n  <max-thresholdtype=\"MYSQL\"/>\n</work-flow>", want{CodeXMLSyntax, 2, 20, "expected attribute name"}},
		{"several roots", "<work-flow name=\"w\"/>\n\n<action name=\"x\"/>", want{CodeXMLSyntax, 3, 1, "second root element <action>"}},
		{"text outside the root", "<work-flow name=\"w\"/>\n  oops", want{CodeXMLSyntax, 2, 3, "text outside the root"}},
		{"mismatched end tag", "<work-flow name=\"w\">\n<end name=\"e\">\n</work-flow>", want{CodeXMLSyntax, 3, 0, "closed by </work-flow>"}},
		{"unclosed", "<work-flow name=\"w\">\n<end name=\"e\"/>", want{CodeXMLSyntax, 2, 0, "the file ends before <work-flow> (line 1) is closed"}},
		{"empty file", "  \n", want{CodeXMLSyntax, 2, 1, "no root element"}},
		{"HTML entity", "<work-flow name=\"w\">&nbsp;</work-flow>", want{CodeXMLSyntax, 1, 0, "&nbsp;"}},
		{"invalid UTF-8", "<work-flow name=\"\xff\"/>", want{CodeXMLSyntax, 1, 0, "UTF-8"}},
		{"GBK declared", "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<work-flow name=\"w\"/>", want{CodeEncoding, 1, 1, "GBK"}},
		{"registry file", "<db-links><link name=\"x\"/></db-links>", want{CodeNotDefinition, 1, 1, "connection registry"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkErrors(t, c.src, []want{c.want})
			def := Parse("f.xml", []byte(c.src))
			if def.Workflow != nil || def.Coordinator != nil {
				t.Errorf("a rejected file still yields a model")
			}
		})
	}
}

func TestBOMAndDeclarationAreFine(t *testing.T) {
	def := Parse("f.xml", []byte("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<work-flow name=\"w\"><start name=\"s\" to=\"e\"/><end name=\"e\"/></work-flow>"))
	if len(def.Problems) != 0 || def.Workflow.Nodes[0].Pos.Line != 2 {
		t.Errorf("problems %v", def.Problems)
	}
}

func TestUnknownNames(t *testing.T) {
	checkErrors(t, `<work-flow name="w" mail-levl="W_FAILED">
  <coordinator name="c"><depend-lst/></coordinator>
  <start name="s" to="a"/>
  <actoin name="x"/>
  <action name="a" retry-time="2">
    <scirpt><code>x</code></scirpt>
    <ok to="e"/>
  </action>
  <action name="b"><script><code>x</code><attach><file>f</file></attach></script><ok to="e"/></action>
  <script/>
  <end name="e"/>
</work-flow>`, []want{
		{CodeUnknownAttribute, 1, 21, `did you mean "mail-level"?`},
		{CodeUnknownAttribute, 2, 16, `"name" is not allowed on <coordinator>`},
		{CodeUnknownElement, 2, 25, "<depend-lst> is not allowed in <coordinator> (did you mean <depend-list>?)"},
		{CodeUnknownElement, 4, 3, "(did you mean <action>?)"},
		{CodeMissingElement, 5, 3, `action "a" has no type element`},
		{CodeUnknownAttribute, 5, 20, `did you mean "retry-times"?`},
		{CodeUnknownElement, 6, 5, "(did you mean <script>?)"},
		{CodeUnknownElement, 9, 42, "<attach> is not allowed in <script>"},
		{CodeUnknownElement, 10, 3, "an action type and belongs inside <action"},
	})
}

func TestMissingParts(t *testing.T) {
	checkErrors(t, `<work-flow>
  <start name="s"/>
  <fork name="f"/>
  <join to="e"/>
  <action name="a"><shell/><ok/></action>
  <action name="b"><script/></action>
  <action name="c"><transfer><source type="DB" db-link="x">t</source></transfer><ok to="e"/></action>
  <action name="d"><data-monitor/><ok to="e"/></action>
  <action name="g"><file-monitor/><ok to="e"/></action>
  <end name=" "/>
</work-flow>`, []want{
		{CodeMissingAttribute, 1, 1, `<work-flow> needs a "name" attribute`},
		{CodeMissingAttribute, 2, 3, `<start> needs a "to" attribute`},
		{CodeMissingElement, 3, 3, `fork "f" has no <path`},
		{CodeMissingAttribute, 4, 3, `<join> needs a "name" attribute`},
		{CodeMissingElement, 5, 20, "<shell> has no <command>"},
		{CodeMissingAttribute, 5, 28, `<ok> needs a "to" attribute`},
		{CodeMissingElement, 6, 3, `action "b" has no <ok`},
		{CodeMissingElement, 6, 20, "<script> has no <code>"},
		{CodeMissingElement, 7, 20, "has a <source> but no <target>"},
		{CodeMissingElement, 8, 20, "<data-monitor> has no <source>"},
		{CodeMissingElement, 9, 20, "<file-monitor> has no <file>"},
		{CodeMissingAttribute, 10, 8, `<end> has an empty "name" attribute`},
	})
}

func TestDuplicates(t *testing.T) {
	checkErrors(t, `<work-flow name="w" name="v">
  <coordinator/>
  <coordinator/>
  <start name="s" to="a"/>
  <action name="a">
    <script><code>x</code><content>y</content></script>
    <shell><command>z</command></shell>
    <ok to="e"/><ok to="e"/>
    <error to="e"/><error to="e"/>
  </action>
  <end name="e"/>
</work-flow>`, []want{
		{CodeDuplicateAttr, 1, 21, `"name" is written twice`},
		{CodeDuplicateElement, 3, 3, "a second <coordinator>"},
		{CodeDuplicateElement, 6, 27, "a second <content> in <script> (the first, <code>, is at line 6)"},
		{CodeDuplicateElement, 7, 5, `second type element <shell> (the first is <script> at line 6)`},
		{CodeDuplicateElement, 8, 17, "a second <ok>"},
		{CodeDuplicateElement, 9, 20, "a second <error>"},
	})
}

func TestBadValues(t *testing.T) {
	checkErrors(t, `<work-flow name="w" instance-limit="one" mail-level="W_FAILED,W_DONE">
  <coordinator is-enabled="yes" start-time="2024-13-01" timezone="Mars/Base" catchup="sometimes" depend-reset="weekly"/>
  <start name="s" to="a"/>
  <action name="a" retry-times="x" interval="5x" timeout="${param:t}" is-ignore="1" retry-backoff="linear">
    <file-monitor poll-interval="soon"><file min-num="many" min-each-size="2XB">/x/*</file></file-monitor>
    <ok to="e"/>
  </action>
  <action name="b"><transfer><source type="FTP">x</source><target type="DB" db-link="d" table="t" task-num="two"/></transfer><ok to="e"/></action>
  <action name="c"><data-monitor><source type="SQLITE3">x</source></data-monitor><ok to="e"/></action>
  <action name="d"><http url="http://h/" expect-status="ok"/><ok to="e"/></action>
  <action name="f"><sql type="DB2" jdbc-url="jdbc:db2://h">x</sql><ok to="e"/></action>
  <end name="e"/>
</work-flow>`, []want{
		{CodeBadValue, 1, 21, `instance-limit="one" on <work-flow>: want a whole number`},
		{CodeBadValue, 1, 42, `mail-level="W_DONE"`},
		{CodeBadValue, 2, 16, `is-enabled="yes" on <coordinator>: want true or false`},
		{CodeBadValue, 2, 33, `start-time="2024-13-01"`},
		{CodeBadValue, 2, 57, `timezone="Mars/Base"`},
		{CodeBadValue, 2, 78, "want one of latest, all, none"},
		{CodeBadValue, 2, 98, "want one of scheduled, daily"},
		{CodeBadValue, 4, 20, `retry-times="x"`},
		{CodeBadValue, 4, 36, `interval="5x" on <action>: want seconds (e.g. 30) or a duration (e.g. 1m30s)`},
		{CodeBadValue, 4, 50, "parameters are expanded per instance"},
		{CodeBadValue, 4, 71, `is-ignore="1"`},
		{CodeBadValue, 4, 85, "want one of fixed, exponential"},
		{CodeBadValue, 5, 19, `poll-interval="soon"`},
		{CodeBadValue, 5, 46, `min-num="many"`},
		{CodeBadValue, 5, 61, `min-each-size="2XB"`},
		{CodeBadValue, 8, 38, `type="FTP" on <source>: want DB or FILE`},
		{CodeBadValue, 8, 99, `task-num="two"`},
		{CodeBadValue, 9, 42, "want SQL, COMMAND or NUM"},
		{CodeBadValue, 10, 42, "a comma list of HTTP status codes"},
		{CodeBadValue, 11, 25, "want one of MYSQL, ORACLE, HIVE, POSTGRES, SQLITE"},
	})
}

func TestInlineConnectionErrors(t *testing.T) {
	checkErrors(t, wrapAction("", `<sql type="MYSQL">select 1</sql>`), []want{
		{CodeMissingAttribute, 1, 62, "names database type MYSQL but has no jdbc-url"},
	})
	checkErrors(t, wrapAction("", `<transfer><source type="DB" jdbc-url="jdbc:x">t</source><target type="DB" db-link="d" table="t"/></transfer>`), []want{
		{CodeMissingAttribute, 1, 72, "no database type"},
	})
	checkErrors(t, wrapAction("", `<data-monitor><source type="NUM">1</source><max-threshold type="MYSQL">select 1</max-threshold></data-monitor>`), []want{
		{CodeMissingAttribute, 1, 105, "has no jdbc-url (and <source> has none to borrow)"},
	})
}

func TestUnsupported(t *testing.T) {
	checkErrors(t, wrapAction("", `<sub-workflow name="other"/>`), []want{{CodeUnsupported, 1, 62, "<sub-workflow> is not supported"}})
	checkErrors(t, `<work-flow name="w"><start name="s" to="x"/><sub-workflow name="x"/><end name="e"/></work-flow>`,
		[]want{{CodeUnsupported, 1, 45, "<sub-workflow> is not supported"}})
}

func TestStandaloneCoordinatorErrors(t *testing.T) {
	checkErrors(t, `<coordinator>
  <trigger><cron config="* * * * *"/><cron config="0 * * * *"/></trigger>
  <depend-list/>
  <param-list><param value="v"/></param-list>
</coordinator>`, []want{
		{CodeMissingAttribute, 1, 1, `<coordinator> needs a "name" attribute`},
		{CodeMissingElement, 1, 1, "has no <trigger-list>"},
		{CodeDuplicateElement, 2, 44, "a second cron (the first is at line 2)"},
		{CodeDuplicateElement, 3, 3, "both <trigger> (line 2) and <depend-list>"},
		{CodeMissingAttribute, 4, 15, `<param> needs a "name" attribute`},
	})
	checkErrors(t, `<work-flow name="w"><coordinator><trigger-list/></coordinator><start name="s" to="e"/><end name="e"/></work-flow>`,
		[]want{{CodeUnknownElement, 1, 34, "belongs to standalone 2017 coordinator files"}})
}

func TestStrayTextIsAWarning(t *testing.T) {
	def := Parse("f.xml", []byte(wrapAction("", `<file-monitor>8<file>/x</file></file-monitor>`)))
	if def.Problems.HasErrors() || !sameCodes(def.Problems, []string{"warning:ignored"}) ||
		!strings.Contains(def.Problems[0].Message, `text "8" inside <file-monitor> is ignored`) {
		t.Errorf("problems: %v", def.Problems)
	}
}

// Parse must survive anything; a recovered panic would show up as an internal-error problem.
func TestNoInternalErrorsOnOddInput(t *testing.T) {
	for _, src := range []string{"<a/>", "<coordinator/>", "<work-flow><action/></work-flow>", "<x:work-flow xmlns:x=\"u\" name=\"w\"/>",
		"<work-flow name=\"w\"><action name=\"a\"><email><html/><html/></email></action></work-flow>"} {
		for _, p := range Parse("f.xml", []byte(src)).Problems {
			if p.Code == CodeInternal {
				t.Errorf("%q: %s", src, p)
			}
		}
	}
}
