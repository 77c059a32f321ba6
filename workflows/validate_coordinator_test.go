package workflows_test

import (
	"testing"
	"time"

	wf "github.com/actorflow/actorflow/workflows"
)

// vldCoord is a valid embedded coordinator at line 10; dependencies and params sit on the
// following lines.
func vldCoord() *wf.Coordinator {
	return &wf.Coordinator{Enabled: true, Cron: "0 1 * * *", Pos: wf.Pos{Line: 10, Col: 3}}
}

func vldDep(name string, line int) wf.Dependency {
	return wf.Dependency{Workflow: name, Pos: wf.Pos{Line: line, Col: 5}}
}

func vldParam(name, value string, line int) wf.Param {
	return wf.Param{Name: name, Value: value, Pos: wf.Pos{Line: line, Col: 5}}
}

func TestValidateCoordinator(t *testing.T) {
	day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		owner   string
		edit    func(c *wf.Coordinator)
		want    []string
		mention string
	}{
		{"valid embedded", "job", func(c *wf.Coordinator) {
			c.Depends = []wf.Dependency{vldDep("up1", 11), vldDep("上游", 12)}
			c.Params = []wf.Param{vldParam("d", "${time.today}", 13)}
			c.Start, c.End = day, day.AddDate(1, 0, 0)
			c.Catchup, c.DependReset = wf.CatchupAll, wf.DependResetDaily
		}, nil, ""},
		{"self-dependency", "job", func(c *wf.Coordinator) {
			c.Depends = []wf.Dependency{vldDep("up", 11), vldDep("job", 12)}
		}, []string{"self-dependency@12"}, `workflow "job", which it triggers itself`},
		{"duplicate dependency", "job", func(c *wf.Coordinator) {
			c.Depends = []wf.Dependency{vldDep("up", 11), vldDep("up", 12)}
		}, []string{"duplicate-dependency@12(w)"}, "already listed at line 11"},
		{"dependency without a name", "job", func(c *wf.Coordinator) {
			c.Depends = []wf.Dependency{vldDep(" ", 11)}
		}, []string{"missing-field@11"}, ""},
		{"dependency position falls back to the coordinator", "job", func(c *wf.Coordinator) {
			c.Depends = []wf.Dependency{{Workflow: "job"}}
		}, []string{"self-dependency@10"}, ""},
		{"start after end", "job", func(c *wf.Coordinator) { c.Start, c.End = day.AddDate(0, 0, 1), day },
			[]string{"bad-window@10"}, "start time 2024-01-03 00:00:00 is after end time 2024-01-02 00:00:00"},
		{"start equal to end", "job", func(c *wf.Coordinator) { c.Start, c.End = day, day }, nil, ""},
		{"open window ends", "job", func(c *wf.Coordinator) { c.Start = day.AddDate(5, 0, 0) }, nil, ""},
		{"duplicate param: later wins", "job", func(c *wf.Coordinator) {
			c.Params = []wf.Param{vldParam("p", "1", 11), vldParam("q", "2", 12), vldParam("p", "3", 13)}
		}, []string{"duplicate-param@13(w)"}, "already defined at line 11; this later value wins"},
		{"param without a name", "job", func(c *wf.Coordinator) {
			c.Params = []wf.Param{vldParam("", "1", 11)}
		}, []string{"missing-field@11"}, ""},
		{"bad catchup and depend-reset", "job", func(c *wf.Coordinator) {
			c.Catchup, c.DependReset = "sometimes", "weekly"
		}, []string{"bad-value@10", "bad-value@10"}, `catchup "sometimes"`},
		{"embedded coordinator with targets", "job", func(c *wf.Coordinator) { c.Targets = []string{"x"} },
			[]string{"ignored-field@10(w)"}, ""},

		{"valid standalone", "", func(c *wf.Coordinator) {
			c.Name, c.Targets = "coor_import", []string{"wf_import_order", "wf_import_item"}
			c.Depends = []wf.Dependency{vldDep("up", 11)}
		}, nil, ""},
		{"standalone without targets or name", "", func(c *wf.Coordinator) {}, []string{"missing-field@10", "no-targets@10"}, ""},
		{"standalone duplicate and blank targets", "", func(c *wf.Coordinator) {
			c.Name, c.Targets = "c", []string{"a", "", "a"}
		}, []string{"missing-field@10", "duplicate-target@10(w)"}, `triggers workflow "a" twice`},
		{"standalone depending on its own target", "", func(c *wf.Coordinator) {
			c.Name, c.Targets = "c", []string{"a", "b"}
			c.Depends = []wf.Dependency{vldDep("b", 11)}
		}, []string{"self-dependency@11"}, ""},
		{"standalone may depend on a workflow named like nothing", "", func(c *wf.Coordinator) {
			c.Name, c.Targets = "c", []string{"a"}
			c.Depends = []wf.Dependency{vldDep("c", 11)} // the coordinator's own name is not a workflow
		}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := vldCoord()
			tc.edit(c)
			vldExpect(t, wf.ValidateCoordinator(c, tc.owner), tc.want, tc.mention)
		})
	}
}

func TestValidateCoordinatorNil(t *testing.T) {
	if ps := wf.ValidateCoordinator(nil, "x"); len(ps) != 0 {
		t.Errorf("nil coordinator: %v", ps)
	}
}

// Validate includes the embedded coordinator, as embedded even when the workflow's own name
// is missing (that is its own error, not "a standalone coordinator without targets").
func TestValidateIncludesEmbeddedCoordinator(t *testing.T) {
	b := vldNew("job").start("s", "a").shell("a", "e", "").end("e")
	b.w.Coordinator = vldCoord()
	b.w.Coordinator.Depends = []wf.Dependency{vldDep("job", 11)}
	vldExpect(t, wf.Validate(b.w), []string{"self-dependency@11"}, "")

	b.w.Name = ""
	b.w.Coordinator.Depends = nil
	vldExpect(t, wf.Validate(b.w), []string{"missing-field@1"}, "workflow has no name")
}
