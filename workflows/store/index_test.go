package store

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func TestInstancesListsFollowStatusChanges(t *testing.T) {
	s := openTemp(t)
	a := createN(t, s, "alpha", "g1", 6, workflows.InstancePrep, t0) // alpha-0 … alpha-5
	b := createN(t, s, "beta", "", 4, workflows.InstancePrep, t0)    // beta-0 … beta-3, created after
	setStatus(t, s, "alpha-1", workflows.InstanceRunning)
	setStatus(t, s, "alpha-1", workflows.InstanceSucceeded)
	setStatus(t, s, "alpha-4", workflows.InstanceRunning)
	setStatus(t, s, "alpha-4", workflows.InstanceFailed)
	setStatus(t, s, "beta-2", workflows.InstanceRunning)

	newestFirst := func(xs ...[]string) []string {
		var all []string
		for _, x := range xs {
			all = append(all, x...)
		}
		slices.Reverse(all)
		return all
	}
	succeeded, failed, running, prep := workflows.InstanceSucceeded, workflows.InstanceFailed, workflows.InstanceRunning, workflows.InstancePrep
	cases := []struct {
		name string
		q    InstanceQuery
		want []string // the whole list, newest first
	}{
		{"all", InstanceQuery{}, newestFirst(a, b)},
		{"workflow", InstanceQuery{Workflow: "alpha"}, newestFirst(a)},
		{"status", InstanceQuery{Status: &running}, []string{"beta-2"}},
		{"status prep", InstanceQuery{Status: &prep}, []string{"beta-3", "beta-1", "beta-0", "alpha-5", "alpha-3", "alpha-2", "alpha-0"}},
		{"workflow+status", InstanceQuery{Workflow: "alpha", Status: &succeeded}, []string{"alpha-1"}},
		{"workflow+status none", InstanceQuery{Workflow: "beta", Status: &failed}, nil},
		{"group", InstanceQuery{Group: "g1"}, newestFirst(a)},
		{"group+status", InstanceQuery{Group: "g1", Status: &failed}, []string{"alpha-4"}},
		{"group+workflow", InstanceQuery{Group: "g1", Workflow: "beta"}, nil},
		{"unknown workflow", InstanceQuery{Workflow: "alp"}, nil}, // a prefix of a name is not a match
	}
	for _, c := range cases {
		// Every page of 3, then check the concatenation and the totals.
		var got []string
		for off := 0; ; off += 3 {
			q := c.q
			q.Limit, q.Offset = 3, off
			items, total, err := s.Instances(q)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if total != len(c.want) {
				t.Errorf("%s: total = %d, want %d", c.name, total, len(c.want))
			}
			for _, it := range items {
				if it.Instance.Nodes != nil || it.Definition != nil {
					t.Errorf("%s: list item carries nodes or definition without Full", c.name)
				}
			}
			got = append(got, ids(items)...)
			if len(items) < 3 {
				break
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: pages = %v, want %v", c.name, got, c.want)
		}
	}

	items, _, _ := s.Instances(InstanceQuery{Workflow: "alpha", Limit: 1, Full: true})
	if len(items) != 1 || len(items[0].Instance.Nodes) != 3 || items[0].Definition == nil {
		t.Errorf("Full list item = %+v, want nodes and definition", items)
	}
	if items, _, _ := s.Instances(InstanceQuery{}); len(items) != 10 {
		t.Errorf("default limit returned %d of 10", len(items))
	}
	if items, _, _ := s.Instances(InstanceQuery{Offset: 100}); len(items) != 0 {
		t.Errorf("offset past the end returned %d", len(items))
	}
}

func TestDefaultLimit(t *testing.T) {
	s := openTemp(t)
	createN(t, s, "wf", "", DefaultLimit+5, workflows.InstancePrep, t0)
	items, total, err := s.Instances(InstanceQuery{})
	if err != nil || len(items) != DefaultLimit || total != DefaultLimit+5 {
		t.Fatalf("Instances() = %d items, total %d, %v", len(items), total, err)
	}
	if items[0].Instance.ID != fmt.Sprintf("wf-%d", DefaultLimit+4) {
		t.Errorf("first item %s, want the newest", items[0].Instance.ID)
	}
}

func TestUnfinishedInCreationOrder(t *testing.T) {
	s := openTemp(t)
	createN(t, s, "wf", "", 5, workflows.InstancePrep, t0)
	must(t, s, create(inst("z-first-of-next-entry", "other", workflows.InstancePrep, t0)))
	setStatus(t, s, "wf-3", workflows.InstanceRunning)
	setStatus(t, s, "wf-1", workflows.InstanceRunning)
	setStatus(t, s, "wf-1", workflows.InstanceKilled)
	setStatus(t, s, "wf-0", workflows.InstanceRunning)

	un, err := s.Unfinished()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"wf-0", "wf-2", "wf-3", "wf-4", "z-first-of-next-entry"}; !reflect.DeepEqual(ids(un), want) {
		t.Fatalf("Unfinished = %v, want %v (creation order, prep and running mixed)", ids(un), want)
	}
	if len(un[0].Instance.Nodes) != 3 || un[0].Definition == nil {
		t.Errorf("Unfinished records must be complete: %+v", un[0])
	}
}

func TestCountsByDay(t *testing.T) {
	s := openTemp(t)
	shanghai := time.FixedZone("CST", 8*3600)
	day1 := time.Date(2024, 3, 10, 23, 30, 0, 0, time.UTC) // 2024-03-11 07:30 in Shanghai
	must(t, s,
		create(inst("old", "wf", workflows.InstanceSucceeded, day1.Add(-48*time.Hour))),
		create(inst("a", "wf", workflows.InstanceSucceeded, day1)),
		create(inst("b", "wf", workflows.InstancePrep, day1.Add(10*time.Minute))),
		create(inst("c", "wf", workflows.InstancePrep, day1.Add(2*time.Hour))),
	)
	setStatus(t, s, "b", workflows.InstanceRunning)
	setStatus(t, s, "b", workflows.InstanceFailed)

	from := day1.Add(-time.Hour)
	utc, err := s.CountsByDay(from, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[workflows.InstanceStatus]int{
		"2024-03-10": {workflows.InstanceSucceeded: 1, workflows.InstanceFailed: 1},
		"2024-03-11": {workflows.InstancePrep: 1},
	}
	if !reflect.DeepEqual(utc, want) {
		t.Errorf("UTC = %v, want %v", utc, want)
	}
	cst, _ := s.CountsByDay(from, shanghai)
	want = map[string]map[workflows.InstanceStatus]int{
		"2024-03-11": {workflows.InstanceSucceeded: 1, workflows.InstanceFailed: 1, workflows.InstancePrep: 1},
	}
	if !reflect.DeepEqual(cst, want) {
		t.Errorf("Shanghai = %v, want %v", cst, want)
	}
}
