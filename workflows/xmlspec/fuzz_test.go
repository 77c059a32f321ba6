package xmlspec

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse survives any input, and that whatever it accepts without errors
// Write prints in a form that Parse reads back, without errors, as the same model.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/valid/*.xml", "testdata/invalid/*.xml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	for _, doc := range []string{
		`<work-flow name="w"><start name="s" to="e"/><end name="e"/></work-flow>`,
		`<coordinator name="c"><depend-list cron="0 1 * * *"><workflow name="u"/></depend-list><trigger-list><workflow name="t"/></trigger-list></coordinator>`,
		wrapAction(` retry-times="2" interval="1.5s"`, "<script><code><![CDATA[a]]>]]&gt;<![CDATA[b\r]]></code></script>"),
		wrapAction("", `<email>x<b>y</b><!-- c --></email>`),
		wrapAction("", `<http url="http://h" expect-status="200"><header name="a" value=""/><body>&#13;x</body></http>`),
		wrapAction("", `<data-monitor><source type="MYSQL" jdbc-url="j" password=" p "><code>1</code></source><max-threshold type="MYSQL">2</max-threshold></data-monitor>`),
		wrapAction("", `<file-watcher><file dir="d/">p</file><size-warn-message size-threshold="1.5K">m</size-warn-message></file-watcher>`),
	} {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		def := Parse("fuzz.xml", data)
		for _, p := range def.Problems {
			if p.Code == CodeInternal {
				t.Fatalf("Parse panicked: %s", p)
			}
		}
		if def.Problems.HasErrors() {
			return
		}
		out, err := Write(def)
		if err != nil {
			t.Fatalf("Write failed on an accepted definition: %v\ninput: %q", err, data)
		}
		again := Parse("fuzz.xml", out)
		if again.Problems.HasErrors() {
			t.Fatalf("Write output does not parse: %v\ninput: %q\noutput:\n%s", again.Problems.Errors(), data, out)
		}
		if first := Parse("fuzz.xml", data); !sameModel(first, again) {
			t.Fatalf("round trip changed the model\ninput: %q\noutput:\n%s\nbefore: %s\nafter: %s", data, out, dump(first), dump(again))
		}
	})
}
