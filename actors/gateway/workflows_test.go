package gateway

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/schedule"
	"github.com/actorflow/actorflow/workflows/store"
)

func names(ws []apiv1.Workflow) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Name
	}
	return out
}

func seedCatalog(f *fixture) {
	f.apply(
		putDef("report", "rep/report.xml", wfXML(wfSpec{name: "report", dir: "/example/reporting", desc: "Weekly numbers"})),
		putDef("etl_b", "etl/b.xml", wfXML(wfSpec{name: "etl_b", dir: "/example/etl", desc: "loads b"})),
		putDef("other", "other.xml", wfXML(wfSpec{name: "other", dir: "/other", desc: "misc"})),
		putDef("etl_a", "etl/a.xml", wfXML(wfSpec{name: "etl_a", dir: "/example/etl/", desc: "loads a"})),
	)
}

func TestListWorkflowsFiltersSortsAndPages(t *testing.T) {
	f := newFixture(t)
	seedCatalog(f)
	ctx := context.Background()
	cases := []struct {
		name  string
		q     httpapi.WorkflowQuery
		want  []string
		total int
	}{
		{"all, by name", httpapi.WorkflowQuery{Limit: 50}, []string{"etl_a", "etl_b", "other", "report"}, 4},
		{"first page", httpapi.WorkflowQuery{Limit: 2}, []string{"etl_a", "etl_b"}, 4},
		{"second page", httpapi.WorkflowQuery{Limit: 2, Offset: 2}, []string{"other", "report"}, 4},
		{"past the end", httpapi.WorkflowQuery{Limit: 2, Offset: 10}, []string{}, 4},
		{"dir prefix", httpapi.WorkflowQuery{Dir: "/example", Limit: 50}, []string{"etl_a", "etl_b", "report"}, 3},
		{"dir without slashes", httpapi.WorkflowQuery{Dir: "example/etl/", Limit: 50}, []string{"etl_a", "etl_b"}, 2},
		{"dir is a path prefix, not a string prefix", httpapi.WorkflowQuery{Dir: "/exam", Limit: 50}, []string{}, 0},
		{"q matches desc, any case", httpapi.WorkflowQuery{Q: "WEEKLY", Limit: 50}, []string{"report"}, 1},
		{"q matches dir", httpapi.WorkflowQuery{Q: "reporting", Limit: 50}, []string{"report"}, 1},
		{"q matches creator", httpapi.WorkflowQuery{Q: "ann", Limit: 50}, []string{"etl_a", "etl_b", "other", "report"}, 4},
		{"q and dir together, paged", httpapi.WorkflowQuery{Dir: "/example", Q: "loads", Limit: 1, Offset: 1}, []string{"etl_b"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := f.gw.ListWorkflows(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(got.Items), c.want) || got.Total != c.total {
				t.Fatalf("got %v total %d, want %v total %d", names(got.Items), got.Total, c.want, c.total)
			}
		})
	}
}

func TestListSeesChangesMadeThroughTheGatewayAtOnce(t *testing.T) {
	f := newFixture(t) // default ListMaxStale: 1 s
	seedCatalog(f)
	ctx := context.Background()
	if _, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 50}); err != nil {
		t.Fatal(err)
	}
	// The master commits the upload before it answers; the fake does the same.
	f.master.onCall = func(call string) {
		if call == "put api api" {
			f.apply(putDef("new", "api", wfXML(wfSpec{name: "new"})))
		}
	}
	if _, err := f.gw.PutWorkflow(ctx, []byte("<work-flow/>"), ""); err != nil {
		t.Fatal(err)
	}
	got, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names(got.Items), "new") {
		t.Fatalf("a definition uploaded through the gateway is missing from the next list: %v", names(got.Items))
	}
}

func TestListRereadsWhenTheStoreMoves(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.ListMaxStale = -1 })
	seedCatalog(f)
	ctx := context.Background()
	first, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	f.apply(store.DeleteDefinition{Name: "other"},
		putDef("etl_a", "etl/a.xml", wfXML(wfSpec{name: "etl_a", dir: "/example/etl", desc: "loads a, v2"})))
	got, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names(got.Items), []string{"etl_a", "etl_b", "report"}) {
		t.Fatalf("after a delete: %v", names(got.Items))
	}
	if got.Items[0].Desc != "loads a, v2" || got.Items[0].Version == first.Items[0].Version {
		t.Fatalf("a new version is not re-parsed: %+v", got.Items[0])
	}
}

func TestGetWorkflowGraphAndSource(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.XMLConfigDir = "/srv/xmlconfig" })
	xml := wfXML(wfSpec{name: "etl", dir: "/example", desc: "nightly", cron: "30 2 * * *"})
	f.apply(putDef("etl", "etl/etl.xml", xml))
	d, err := f.gw.GetWorkflow(context.Background(), "etl")
	if err != nil {
		t.Fatal(err)
	}
	if d.XML != xml || d.Origin != "file" || d.SourceFile != filepath.Join("/srv/xmlconfig", "etl/etl.xml") {
		t.Fatalf("source: origin %q file %q", d.Origin, d.SourceFile)
	}
	if d.Cron != "30 2 * * *" || d.CronText == "" || d.CronText == d.Cron {
		t.Fatalf("cron %q in words %q", d.Cron, d.CronText)
	}
	if !slices.Equal(d.Params, []string{"day", "region"}) {
		t.Fatalf("params %v: want day and region (the commented-out reference is not one)", d.Params)
	}
	if len(d.Warnings) != 0 {
		t.Fatalf("the fixture loads cleanly, got warnings %+v", d.Warnings)
	}
	if d.NodeCount != 8 || d.InstanceLimit != 1 || d.Creator != "ann" || d.Version == 0 || d.Updated.IsZero() {
		t.Fatalf("header: %+v", d.Workflow)
	}
	want := []apiv1.NodeDef{
		{Name: "start", Kind: "start", Next: []string{"split"}},
		{Name: "split", Kind: "fork", Next: []string{"a", "b"}},
		{Name: "a", Kind: "action", Type: "shell", Ok: "merge"},
		{Name: "b", Kind: "action", Type: "script", Ok: "merge"},
		{Name: "merge", Kind: "join", Next: []string{"c"}},
		{Name: "c", Kind: "action", Type: "shell", Ok: "end", Error: "k"},
		{Name: "k", Kind: "kill"},
		{Name: "end", Kind: "end"},
	}
	got, _ := json.Marshal(d.Nodes)
	exp, _ := json.Marshal(want)
	if string(got) != string(exp) {
		t.Fatalf("nodes\n got %s\nwant %s", got, exp)
	}

	_, err = f.gw.GetWorkflow(context.Background(), "nope")
	if codeOf(err) != workflows.CodeNotFound {
		t.Fatalf("unknown workflow: %v (code %q)", err, codeOf(err))
	}
}

func coordinatorRecord(tb testing.TB, name string, st schedule.State, nextFire time.Time) store.PutCoordinator {
	tb.Helper()
	// The master stores its coordState: schedule.State plus fields a reader may ignore.
	raw, err := json.Marshal(struct {
		schedule.State
		LastReset time.Time `json:"last_reset"`
	}{st, t0})
	if err != nil {
		tb.Fatal(err)
	}
	return store.PutCoordinator{Name: name, NextFire: nextFire, State: raw}
}

func TestNextFireAndDependencyReadiness(t *testing.T) {
	f := newFixture(t)
	next := time.Date(2024, 5, 2, 2, 0, 0, 0, time.UTC)
	f.apply(
		putDef("down", "down.xml", wfXML(wfSpec{name: "down", cron: "0 2 * * *", depends: []string{"up1", "up2"}})),
		putDef("fallback", "fallback.xml", wfXML(wfSpec{name: "fallback", cron: "0 3 * * *"})),
		putDef("off", "off.xml", wfXML(wfSpec{name: "off", cron: "0 4 * * *", disabled: true})),
		putDef("plain", "plain.xml", wfXML(wfSpec{name: "plain", noCoordinator: true})),
		coordinatorRecord(t, "down", schedule.State{Next: next, Deps: schedule.DepState{Upstreams: map[string]schedule.Satisfaction{
			"up1": {Scheduled: next.Add(-time.Hour), At: t0.Add(-time.Minute)}}}}, next),
		store.PutCoordinator{Name: "fallback", NextFire: next.Add(time.Hour), State: json.RawMessage(`"not a state"`)},
		coordinatorRecord(t, "off", schedule.State{Next: next.Add(2 * time.Hour)}, next.Add(2*time.Hour)),
	)
	list, err := f.gw.ListWorkflows(context.Background(), httpapi.WorkflowQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]apiv1.Workflow{}
	for _, w := range list.Items {
		rows[w.Name] = w
	}

	down := rows["down"]
	if !down.Enabled || !down.NextFire.Equal(next) {
		t.Fatalf("down: enabled %t next %v, want %v", down.Enabled, down.NextFire, next)
	}
	wantDeps := []apiv1.Dependency{{Workflow: "up1", Ready: true}, {Workflow: "up2", Ready: false}}
	if !slices.Equal(down.Dependencies, wantDeps) {
		t.Fatalf("down deps %+v, want %+v", down.Dependencies, wantDeps)
	}
	if fb := rows["fallback"]; !fb.NextFire.Equal(next.Add(time.Hour)) {
		t.Fatalf("an unreadable state falls back to the indexed next fire: %v", fb.NextFire)
	}
	if off := rows["off"]; off.Enabled || !off.NextFire.IsZero() {
		t.Fatalf("a disabled coordinator shows no next fire: enabled %t next %v", off.Enabled, off.NextFire)
	}
	if p := rows["plain"]; p.Enabled || p.Cron != "" || !p.NextFire.IsZero() || p.Dependencies != nil {
		t.Fatalf("a workflow without a coordinator: %+v", p)
	}

	// The detail agrees with the list.
	d, err := f.gw.GetWorkflow(context.Background(), "down")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Dependencies, wantDeps) || !d.NextFire.Equal(next) {
		t.Fatalf("detail: deps %+v next %v", d.Dependencies, d.NextFire)
	}
}

const standaloneXML = `<coordinator name="nightly" is-enabled="true" dir="/legacy" desc="fires the report">
  <depend-list cron="0 1 * * *"><workflow name="up"/></depend-list>
  <trigger-list><workflow name="plain"/></trigger-list>
</coordinator>`

func TestStandaloneCoordinatorSchedulesItsTargets(t *testing.T) {
	f := newFixture(t)
	next := time.Date(2024, 5, 2, 1, 0, 0, 0, time.UTC)
	f.apply(
		putDef("plain", "plain.xml", wfXML(wfSpec{name: "plain", noCoordinator: true})),
		putDef("nightly", "nightly.xml", standaloneXML),
		coordinatorRecord(t, "nightly", schedule.State{Next: next}, next),
	)
	// Before any list: the detail finds the coordinator all the same.
	pd, err := f.gw.GetWorkflow(context.Background(), "plain")
	if err != nil {
		t.Fatal(err)
	}
	if pd.Cron != "0 1 * * *" || !pd.NextFire.Equal(next) {
		t.Fatalf("detail of a target: cron %q next %v", pd.Cron, pd.NextFire)
	}
	list, err := f.gw.ListWorkflows(context.Background(), httpapi.WorkflowQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names(list.Items), []string{"nightly", "plain"}) {
		t.Fatalf("list %v: the standalone coordinator is a definition too", names(list.Items))
	}
	coord, plain := list.Items[0], list.Items[1]
	if coord.NodeCount != 0 || coord.Dir != "/legacy" || coord.Cron != "0 1 * * *" {
		t.Fatalf("coordinator row: %+v", coord)
	}
	if plain.Cron != "0 1 * * *" || !plain.Enabled || !plain.NextFire.Equal(next) ||
		!slices.Equal(plain.Dependencies, []apiv1.Dependency{{Workflow: "up"}}) {
		t.Fatalf("the target shows its coordinator's schedule: %+v", plain)
	}
	d, err := f.gw.GetWorkflow(context.Background(), "nightly")
	if err != nil {
		t.Fatal(err)
	}
	if d.Nodes == nil || len(d.Nodes) != 0 {
		t.Fatalf("a coordinator's graph is empty, not null: %#v", d.Nodes)
	}
}

func TestXMLFiles(t *testing.T) {
	f := newFixture(t)
	f.apply(
		store.PutFile{Path: "b.xml", Status: store.FileError, Workflow: "b", At: t0, Problems: workflows.Problems{
			{Pos: workflows.Pos{File: "b.xml", Line: 4, Col: 2}, Severity: workflows.SeverityError, Code: "unknown-node", Message: "no node x"},
			{Pos: workflows.Pos{File: "b.xml", Line: 1}, Severity: workflows.SeverityWarning, Code: "alias", Message: "old name"}}},
		store.PutFile{Path: "a.xml", Status: store.FileLoaded, Workflow: "a", Hash: "abc", At: t0},
	)
	list, err := f.gw.ListXMLFiles(context.Background(), httpapi.XMLFileQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if list.Total != 2 || list.Items[0].Path != "a.xml" || list.Items[0].Status != "loaded" || list.Items[0].Hash != "abc" {
		t.Fatalf("files: %+v", list)
	}
	b := list.Items[1]
	if b.Status != "error" || len(b.Errors) != 1 || len(b.Warnings) != 1 ||
		b.Errors[0] != (apiv1.Problem{File: "b.xml", Line: 4, Col: 2, Severity: "error", Code: "unknown-node", Message: "no node x"}) {
		t.Fatalf("problems of b.xml: %+v", b)
	}
}
