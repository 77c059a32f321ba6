package store

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// pruneFixture: per workflow, instances created a day apart (index = days since t0), with
// the statuses given in creation order.
func pruneFixture(t *testing.T, s *Store, wf string, statuses ...workflows.InstanceStatus) {
	t.Helper()
	var cmds []Command
	for i, st := range statuses {
		cmds = append(cmds, create(inst(wf+"-"+string(rune('a'+i)), wf, st, t0.Add(time.Duration(i)*24*time.Hour), "n")))
	}
	must(t, s, cmds...)
}

func remaining(t *testing.T, s *Store) []string {
	t.Helper()
	items, _, err := s.Instances(InstanceQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := ids(items)
	slices.Sort(out)
	return out
}

// Short status names for the fixtures.
const (
	sOK   = workflows.InstanceSucceeded
	sBad  = workflows.InstanceFailed
	sKill = workflows.InstanceKilled
	sRun  = workflows.InstanceRunning
	sPrep = workflows.InstancePrep
)

func TestPruneByAge(t *testing.T) {
	s := openTemp(t)
	pruneFixture(t, s, "x", sOK, sRun, sBad, sPrep, sKill, sOK) // x-a … x-f, days 0 … 5
	must(t, s, Prune{Before: t0.Add(3 * 24 * time.Hour)})       // days 0, 1, 2 are older
	want := []string{"x-b", "x-d", "x-e", "x-f"}                // x-b runs, x-d is queued
	if got := remaining(t, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("after prune by age: %v, want %v", got, want)
	}
	days, _ := s.CountsByDay(time.Time{}, time.UTC)
	if days["2024-03-10"] != nil {
		t.Errorf("CountsByDay still counts pruned day: %v", days)
	}
}

func TestPruneKeepPerWorkflow(t *testing.T) {
	s := openTemp(t)
	pruneFixture(t, s, "x", sOK, sBad, sRun, sKill, sOK, sPrep) // finished: a, b, d, e
	pruneFixture(t, s, "y", sOK)
	must(t, s, Prune{KeepPerWorkflow: 2})
	// x keeps its two newest finished (e, d) and everything unfinished (c, f).
	want := []string{"x-c", "x-d", "x-e", "x-f", "y-a"}
	if got := remaining(t, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("after keep 2: %v, want %v", got, want)
	}
	_, total, _ := s.Instances(InstanceQuery{Workflow: "x"})
	if total != 4 {
		t.Errorf("total for x = %d, want 4", total)
	}
}

func TestPruneBothAndNothingUnfinished(t *testing.T) {
	s := openTemp(t)
	pruneFixture(t, s, "x", sOK, sOK, sOK, sOK)
	pruneFixture(t, s, "y", sRun, sPrep)
	// Age removes x-a; count keeps x-d, x-c of the rest.
	must(t, s, Prune{Before: t0.Add(12 * time.Hour), KeepPerWorkflow: 2})
	if got, want := remaining(t, s), []string{"x-c", "x-d", "y-a", "y-b"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// A prune that could remove everything still leaves unfinished instances alone.
	must(t, s, Prune{Before: t0.Add(1000 * 24 * time.Hour), KeepPerWorkflow: 1})
	if got, want := remaining(t, s), []string{"y-a", "y-b"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if err := ApplyDirect(s, Prune{KeepPerWorkflow: -1}); workflows.CodeOf(err) != workflows.CodeInvalid {
		t.Errorf("negative keep: %v", err)
	}
}
