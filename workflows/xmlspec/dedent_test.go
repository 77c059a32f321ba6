package xmlspec

import "testing"

func TestDedent(t *testing.T) {
	cases := []struct{ in, want string }{
		{"    #!/usr/bin/env python3\n    if x:\n        y()\n", "#!/usr/bin/env python3\nif x:\n    y()\n"},
		{"echo a\n  echo b\n", "echo a\n  echo b\n"},
		{"\t\tline1\n\n\t\t\tline2\n\t\t", "line1\n\n\tline2\n"},
		{"  a\n b\n", " a\nb\n"},
		{"", ""},
		{"   \n  ", "   \n  "},
		{"\t a\n  b\n", "\t a\n  b\n"}, // tab and space do not mix into a common prefix
	}
	for _, c := range cases {
		if got := dedent(c.in); got != c.want {
			t.Errorf("dedent(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := dedent(dedent(c.in)); again != dedent(c.in) {
			t.Errorf("dedent is not idempotent on %q", c.in)
		}
	}
}

func TestIndentedPythonScriptIsDedented(t *testing.T) {
	xml := `<work-flow name="w">
  <start name="s" to="a"/>
  <action name="a">
    <script>
      <code><![CDATA[
          #!/usr/bin/env python3
          for i in range(2):
              print(i)
      ]]></code>
    </script>
    <ok to="e"/>
  </action>
  <end name="e"/>
</work-flow>`
	def := Load("w.xml", []byte(xml))
	if def.Problems.HasErrors() {
		t.Fatal(def.Problems)
	}
	got := def.Workflow.Node("a").Action.Script.Code
	want := "#!/usr/bin/env python3\nfor i in range(2):\n    print(i)\n"
	if got != want {
		t.Errorf("code = %q, want %q", got, want)
	}
}
