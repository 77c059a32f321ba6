package xmlspec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func TestWriteRejectsWhatItCannotPrint(t *testing.T) {
	action := func(a *workflows.Action) *workflows.Definition {
		return &workflows.Definition{Workflow: &workflows.Workflow{Name: "w", InstanceLimit: 1,
			Nodes: []*workflows.Node{{Name: "a", Kind: workflows.KindAction, Action: a}}}}
	}
	cases := map[string]*workflows.Definition{
		"nil":                   nil,
		"empty":                 {},
		"both":                  {Workflow: &workflows.Workflow{}, Coordinator: &workflows.Coordinator{}},
		"nil node":              {Workflow: &workflows.Workflow{Nodes: []*workflows.Node{nil}}},
		"unknown kind":          {Workflow: &workflows.Workflow{Nodes: []*workflows.Node{{Name: "x", Kind: 99}}}},
		"action without action": action(nil),
		"type without body":     action(&workflows.Action{Type: workflows.ActionSQL}),
		"unknown type":          action(&workflows.Action{Type: "ftp"}),
		"email that is not XML": action(&workflows.Action{Type: workflows.ActionEmail, Email: &workflows.EmailBody{HTML: "<p>a<br></p>"}}),
	}
	for name, def := range cases {
		if out, err := Write(def); err == nil {
			t.Errorf("%s: Write succeeded:\n%s", name, out)
		}
	}
}

// Writing is the migration path: old files come out in current names, so reading the output
// warns about nothing but what cannot be migrated automatically (inline connections).
func TestWriteMigratesOldForms(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.xml")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Write(Parse(file, data))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, p := range Parse(file, out).Problems {
			inline := p.Code == CodeInline || (p.Code == CodeAlias && strings.Contains(p.Message, "inline"))
			if !inline {
				t.Errorf("%s: written form still has %s", filepath.Base(file), p)
			}
		}
	}
}

func TestWriteDefaultsAreLeftOut(t *testing.T) {
	def := Parse("wf.xml", []byte(wrapAction(` retry-times="0" host="-1" timeout="-1"`, `<file-monitor recheck-delay="10"><file min-num="1">/x</file></file-monitor>`)))
	out, err := Write(def)
	if err != nil {
		t.Fatal(err)
	}
	for _, attr := range []string{"retry-times", "host", "timeout", "recheck-delay", "min-num", "mail-level", "instance-limit"} {
		if strings.Contains(string(out), attr+"=") {
			t.Errorf("default %s is written:\n%s", attr, out)
		}
	}
}

// A window is written in the coordinator's own zone, so the file says what its author meant.
func TestWriteWindowInZone(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no time zone database")
	}
	c := &workflows.Coordinator{Name: "c", Enabled: true, Timezone: "Asia/Tokyo", Targets: []string{"t"},
		Catchup: workflows.CatchupLatest, DependReset: workflows.DependResetScheduled,
		Start: time.Date(2024, 3, 1, 8, 0, 0, 0, tokyo).UTC()}
	out, err := Write(&workflows.Definition{Coordinator: c})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `start-time="2024-03-01 08:00:00" timezone="Asia/Tokyo"`) {
		t.Errorf("window not in the coordinator's zone:\n%s", out)
	}
}

// Verbatim text survives every character XML can carry, including a carriage return (which
// CDATA cannot hold) and the CDATA terminator.
func TestWriteVerbatimText(t *testing.T) {
	for _, code := range []string{"", "x", "\n", "  indented\n\ttabs\n", "a ]]> b", "crlf\r\nline", " \nfirst line blank", "<&>\"'"} {
		def := Parse("wf.xml", []byte(wrapAction("", "<script><code>x</code></script>")))
		def.Workflow.Node("a").Action.Script.Code = code
		out, err := Write(def)
		if err != nil {
			t.Fatal(err)
		}
		back := Parse("wf.xml", out)
		if got := back.Workflow.Node("a").Action.Script.Code; got != code {
			t.Errorf("code %q came back as %q\n%s", code, got, out)
		}
	}
}
