package scan

import (
	"path"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// TestExamplesLoad loads every file under the module's xmlconfig/ through the scanner and
// xmlspec.Load. Examples are what users copy, so they must load without errors and without
// warnings, each workflow is named after its file, and each still shows the feature it is
// there for.
func TestExamplesLoad(t *testing.T) {
	s := newTestScanner(t, "../../xmlconfig", nil)
	changes := s.ScanOnce()
	if len(changes) < len(exampleFeatures) {
		t.Fatalf("found %d example files under %s, want at least %d", len(changes), s.Dir(), len(exampleFeatures))
	}
	names := map[string]string{}
	for _, c := range changes {
		def := c.Definition
		for _, p := range def.Problems {
			t.Errorf("%s", p)
		}
		w := def.Workflow
		if w == nil {
			t.Errorf("%s: not a workflow", c.Path)
			continue
		}
		if want := strings.TrimSuffix(path.Base(c.Path), ".xml"); w.Name != want {
			t.Errorf("%s: workflow %q should be named after its file, %q", c.Path, w.Name, want)
		}
		if other, dup := names[w.Name]; dup {
			t.Errorf("%s and %s both define %q", other, c.Path, w.Name)
		}
		names[w.Name] = c.Path
		if w.Coordinator == nil {
			t.Errorf("%s: HEAD-era examples embed a <coordinator>", c.Path)
			continue
		}
		for _, n := range w.Nodes {
			if n.Action != nil && n.Action.Type != workflows.ActionScript && n.Action.Type != workflows.ActionShell {
				t.Errorf("%s: node %q is a %s action; examples must run without external services", c.Path, n.Name, n.Action.Type)
			}
		}
		if check, ok := exampleFeatures[c.Path]; ok && !def.Problems.HasErrors() {
			if msg := check(w); msg != "" {
				t.Errorf("%s: %s", c.Path, msg)
			}
		}
	}
	for p := range exampleFeatures {
		if _, ok := names[strings.TrimSuffix(path.Base(p), ".xml")]; !ok {
			t.Errorf("example %s is missing", p)
		}
	}
}

// exampleFeatures says what each example is there to show.
var exampleFeatures = map[string]func(*workflows.Workflow) string{
	"example/hello.xml": func(w *workflows.Workflow) string {
		if w.Coordinator.Enabled || len(w.Nodes) != 3 {
			return "want a disabled coordinator and start → one script → end"
		}
		return ""
	},
	"example/daily_etl.xml": func(w *workflows.Workflow) string {
		c := w.Coordinator
		if c.Cron != "0 2 * * *" || len(c.Params) == 0 || !strings.Contains(c.Params[0].Value, "${time.today|yyyy-MM-dd|-1 day}") {
			return "want cron 0 2 * * * and a time-expression param"
		}
		fork := w.Node("extract")
		if fork == nil || fork.Kind != workflows.KindFork || len(fork.Paths) != 3 || w.Node("merge") == nil {
			return "want a fork of three scripts and a join"
		}
		for _, p := range fork.Paths {
			if a := w.Node(p).Action; a == nil || a.Error != "cleanup" || !strings.Contains(a.Script.Code, "${param:") {
				return "want each extract to use ${param:…} and to fail to cleanup"
			}
		}
		return ""
	},
	"example/retry_demo.xml": func(w *workflows.Workflow) string {
		a := w.Node("flaky").Action
		if a.RetryTimes != 2 || a.Interval <= 0 || !strings.Contains(a.Script.Code, "ACTORFLOW_ATTEMPT") {
			return "want retry-times 2, an interval and a script that reads ACTORFLOW_ATTEMPT"
		}
		return ""
	},
	"example/depends_on_daily.xml": func(w *workflows.Workflow) string {
		c := w.Coordinator
		if c.Cron != "" || len(c.Depends) != 1 || c.Depends[0].Workflow != "daily_etl" {
			return "want a dependency-only coordinator on daily_etl"
		}
		return ""
	},
	"example/outputs.xml": func(w *workflows.Workflow) string {
		if !strings.Contains(w.Node("extract").Action.Script.Code, "rows=42") ||
			!strings.Contains(w.Node("check").Action.Script.Code, "${output:extract.rows}") {
			return "want extract to write rows=42 and check to read ${output:extract.rows}"
		}
		return ""
	},
	"example/timeout_and_kill.xml": func(w *workflows.Workflow) string {
		a := w.Node("slow").Action
		if a.Timeout != 5*time.Second || w.Node(a.Error) == nil || w.Node(a.Error).Kind != workflows.KindKill || w.Node(a.Error).Message == "" {
			return "want a 5 s timeout whose error path is a kill node with a message"
		}
		return ""
	},
	"example/python_and_unicode.xml": func(w *workflows.Workflow) string {
		n := w.Node("统计")
		if n == nil || !strings.HasPrefix(n.Action.Script.Code, "#!/usr/bin/env python3\n") || !strings.Contains(n.Action.Script.Code, "\n    ") {
			return "want node 统计 with an indented python3 script"
		}
		return ""
	},
}
