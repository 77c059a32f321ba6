package gateway

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

func TestFront(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	f := newFixture(t, func(c *Config) { c.Location = berlin })
	f.apply(
		putDef("etl", "etl.xml", wfXML(wfSpec{name: "etl"})),
		putDef("rep", "rep.xml", wfXML(wfSpec{name: "rep"})),
		putDef("fixed", "fixed.xml", wfXML(wfSpec{name: "fixed"})),
		store.PutFile{Path: "broken.xml", Status: store.FileError, At: t0},
		store.PutFile{Path: "etl.xml", Status: store.FileLoaded, At: t0},
	)
	def := definitionJSON(t, wfXML(wfSpec{name: "etl"}))
	var cmds []store.Command
	add := func(id, wf string, st workflows.InstanceStatus, created time.Time) {
		cmds = append(cmds, store.CreateInstance{Instance: instanceOfWF(id, wf, st, created), Definition: def})
	}
	// t0 is 12:00 in Berlin on 2024-05-01: 23:30 UTC on 04-30 is already 05-01 there.
	add("old", "etl", workflows.InstanceSucceeded, t0.Add(-8*24*time.Hour)) // before the window
	add("d6", "etl", workflows.InstanceSucceeded, time.Date(2024, 4, 24, 22, 30, 0, 0, time.UTC))
	add("fixed-1", "fixed", workflows.InstanceFailed, t0.Add(-5*time.Hour))
	add("fixed-2", "fixed", workflows.InstanceSucceeded, t0.Add(-4*time.Hour)) // a rerun fixed it
	add("etl-1", "etl", workflows.InstanceFailed, time.Date(2024, 4, 30, 23, 30, 0, 0, time.UTC))
	add("etl-2", "etl", workflows.InstanceRunning, t0.Add(-time.Hour))    // the latest finished one still failed
	add("gone-1", "gone", workflows.InstanceFailed, t0.Add(-3*time.Hour)) // no definition any more
	add("rep-1", "rep", workflows.InstancePrep, t0.Add(-time.Minute))
	add("rep-2", "rep", workflows.InstancePrep, t0)
	for i := range 25 {
		add(fmt.Sprintf("many-%02d", i), "rep", workflows.InstanceKilled, t0.Add(-10*time.Hour+time.Duration(i)*time.Minute))
	}
	f.apply(cmds...)

	front, err := f.gw.Front(context.Background(), t0)
	if err != nil {
		t.Fatal(err)
	}
	if front.Workflows != 3 || front.FileErrors != 1 || front.Queued != 2 {
		t.Fatalf("workflows %d file errors %d queued %d", front.Workflows, front.FileErrors, front.Queued)
	}
	if !slices.Equal(front.Failing, []string{"etl"}) {
		t.Fatalf("failing %v, want [etl]", front.Failing)
	}
	if len(front.Days) != 7 || front.Days[0].Day != "2024-04-25" || front.Days[6].Day != "2024-05-01" {
		t.Fatalf("days: %+v", front.Days)
	}
	if got := front.Days[0].Counts["succeeded"]; got != 1 {
		t.Fatalf("04-25 in Berlin holds d6 (22:30 UTC on 04-24): %+v", front.Days[0])
	}
	today := front.Days[6].Counts
	if today["failed"] != 3 || today["running"] != 1 || today["prep"] != 2 || today["succeeded"] != 1 || today["killed"] != 25 {
		t.Fatalf("today: %v", today)
	}
	if len(front.Days[3].Counts) != 0 || front.Days[3].Counts == nil {
		t.Fatalf("a quiet day has empty counts: %+v", front.Days[3])
	}
	if len(front.Running) != 1 || front.Running[0].ID != "etl-2" || len(front.Running[0].Nodes) != 8 ||
		front.Running[0].Nodes[2].Kind != "action" {
		t.Fatalf("running: %+v", front.Running)
	}
	if len(front.Recent) != frontRecent {
		t.Fatalf("recent: %d, want %d", len(front.Recent), frontRecent)
	}
	for i := 1; i < len(front.Recent); i++ {
		if front.Recent[i].Ended.After(front.Recent[i-1].Ended.Time) {
			t.Fatalf("recent not newest first at %d", i)
		}
	}
	if front.Recent[0].ID != "gone-1" {
		t.Fatalf("latest finish first: %s", front.Recent[0].ID)
	}
}
