package xmlspec

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// fakeLoader records what Load hands its collaborators and answers with canned findings.
type fakeLoader struct {
	validated      *workflows.Workflow
	coordinatorArg *workflows.Coordinator
	owner          string
	cronSpec       string
	cronLoc        *time.Location
	findings       func(*workflows.Workflow) workflows.Problems
	cronWarnings   []string
	cronErr        error
}

func (f *fakeLoader) loader() loader {
	return loader{
		validate: func(w *workflows.Workflow) workflows.Problems {
			f.validated = w
			if f.findings != nil {
				return f.findings(w)
			}
			return nil
		},
		validateCoordinator: func(c *workflows.Coordinator, owner string) workflows.Problems {
			f.coordinatorArg, f.owner = c, owner
			return workflows.Problems{{Pos: c.Pos, Severity: workflows.SeverityWarning, Code: "coordinator-checked"}}
		},
		parseCron: func(spec string, loc *time.Location) ([]string, error) {
			f.cronSpec, f.cronLoc = spec, loc
			return f.cronWarnings, f.cronErr
		},
	}
}

func TestLoadChecksCronInTheCoordinatorsZone(t *testing.T) {
	f := &fakeLoader{cronWarnings: []string{"6-field cron: the 6th field is ignored"}, cronErr: errors.New("day-of-month 32 is out of range")}
	def := f.loader().load("wf.xml", []byte(`<work-flow name="w">
  <coordinator timezone="Asia/Tokyo"><depend-list cron="0 0 32 * * *"/></coordinator>
  <start name="s" to="e"/><end name="e"/>
</work-flow>`))
	if f.validated != def.Workflow || f.cronSpec != "0 0 32 * * *" || f.cronLoc.String() != "Asia/Tokyo" {
		t.Fatalf("collaborators got workflow %p (want %p), cron %q in %v", f.validated, def.Workflow, f.cronSpec, f.cronLoc)
	}
	want := []string{
		"wf.xml:2:51: warning: 6-field cron: the 6th field is ignored (cron-legacy)",
		`wf.xml:2:51: error: cron "0 0 32 * * *": day-of-month 32 is out of range (bad-cron)`,
	}
	if got := lines(def.Problems); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadUsesLocalTimeWithoutZone(t *testing.T) {
	f := &fakeLoader{}
	f.loader().load("wf.xml", []byte(`<work-flow name="w"><coordinator><depend-list cron="0 1 * * *"/></coordinator><start name="s" to="e"/><end name="e"/></work-flow>`))
	if f.cronLoc != time.Local {
		t.Errorf("cron read in %v, want time.Local", f.cronLoc)
	}
	f = &fakeLoader{}
	f.loader().load("wf.xml", []byte(`<work-flow name="w"><coordinator/><start name="s" to="e"/><end name="e"/></work-flow>`))
	if f.cronSpec != "" {
		t.Errorf("an empty cron was checked: %q", f.cronSpec)
	}
}

func TestLoadValidatesStandaloneCoordinators(t *testing.T) {
	f := &fakeLoader{}
	def := f.loader().load("c.xml", []byte(`<coordinator name="c"><depend-list cron="0 1 * * *"/><trigger-list><workflow name="t"/></trigger-list></coordinator>`))
	if f.coordinatorArg != def.Coordinator || f.owner != "" || f.validated != nil || f.cronSpec != "0 1 * * *" {
		t.Errorf("standalone coordinator: validated with owner %q, workflow validate called: %v, cron %q", f.owner, f.validated != nil, f.cronSpec)
	}
	if !sameCodes(def.Problems, []string{"warning:coordinator-checked"}) {
		t.Errorf("problems: %v", def.Problems)
	}
}

// Validate's findings inside a node that the reader already rejected are consequences of
// that error and are dropped; findings elsewhere are kept, and everything comes back in
// source order.
func TestLoadDropsConsequencesOfReadingErrors(t *testing.T) {
	f := &fakeLoader{findings: func(w *workflows.Workflow) workflows.Problems {
		var ps workflows.Problems
		for _, n := range w.Nodes {
			ps = append(ps, workflows.Problem{Pos: n.Pos, Severity: workflows.SeverityError, Code: "validate-" + n.Name})
		}
		ps = append(ps, workflows.Problem{Pos: w.Node("b").RefPos["ok"], Severity: workflows.SeverityError, Code: "validate-ref-b"})
		return ps
	}}
	def := f.loader().load("wf.xml", []byte(`<work-flow name="w">
<start name="s" to="a"/>
<action name="a"><shell><command>x</command></shell></action>
<action name="b" typo="1"><shell><command>x</command></shell><ok to="nowhere"/></action>
<end name="e"/>
</work-flow>`))
	want := []string{"error:validate-s", "error:missing-element", "error:validate-b", "error:unknown-attribute", "error:validate-ref-b", "error:validate-e"}
	if got := codes(def.Problems); !slices.Equal(got, want) {
		t.Errorf("codes = %v\nwant    %v", got, want)
	}
}

// Load with the real collaborators: a broken reference is found, and the corpus test covers
// the rest.
func TestLoadReal(t *testing.T) {
	def := Load("wf.xml", []byte(`<work-flow name="w"><start name="s" to="missing"/><end name="e"/></work-flow>`))
	if !def.Problems.HasErrors() {
		t.Fatalf("a dangling transition loads: %v", def.Problems)
	}
}
