package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// writeFile puts an XML file in a temp dir and returns its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWorkflowAdd(t *testing.T) {
	f := newFakeAPI(t)
	f.mux.HandleFunc("POST /api/v1/workflows", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(filepath.Base(r.URL.Query().Get("path")), ".xml")
		resp := apiv1.PutWorkflowResponse{Name: name, Created: name == "new"}
		if name == "old" {
			resp.Warnings = []apiv1.Problem{{Line: 3, Col: 5, Severity: "warning", Code: "alias",
				Message: "<work-flow> is the old name of <workflow>"}}
		}
		writeJSON(w, 200, resp)
	})
	a, b := writeFile(t, "new.xml", "<workflow name='new'/>"), writeFile(t, "old.xml", "<work-flow name='old'/>")

	r := f.run(t, "workflow", "add", a, b).expect(t, 0)

	got := f.requests()
	if len(got) != 2 {
		t.Fatalf("want one POST per file, got %d", len(got))
	}
	for i, file := range []string{a, b} {
		q, _ := url.ParseQuery(got[i].Query)
		if got[i].Method != "POST" || got[i].Path != "/api/v1/workflows" || q.Get("path") != file {
			t.Errorf("request %d = %s %s?%s, want POST with path=%s", i, got[i].Method, got[i].Path, got[i].Query, file)
		}
		if ct := got[i].Header.Get("Content-Type"); ct != "application/xml" {
			t.Errorf("Content-Type = %q", ct)
		}
		want, _ := os.ReadFile(file)
		if got[i].Body != string(want) {
			t.Errorf("body = %q, want the file", got[i].Body)
		}
	}
	wantOut := []string{"created workflow new from " + a, "updated workflow old from " + b}
	if !slices.Equal(lines(r.out), wantOut) {
		t.Errorf("stdout = %q, want %q", lines(r.out), wantOut)
	}
	if want := b + ":3:5: warning: <work-flow> is the old name of <workflow> (alias)\n"; r.errOut != want {
		t.Errorf("stderr = %q, want %q", r.errOut, want)
	}
}

// TestWorkflowAddProblems: every problem of every file is printed as file:line:col, later files
// are still sent, and the exit code says "invalid input".
func TestWorkflowAddProblems(t *testing.T) {
	f := newFakeAPI(t)
	f.mux.HandleFunc("POST /api/v1/workflows", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Query().Get("path"), "bad.xml") {
			writeJSON(w, 400, apiv1.ErrorBody{Error: apiv1.Error{Code: "invalid", Message: "2 problems",
				Problems: []apiv1.Problem{
					{File: "/srv/bad.xml", Line: 4, Col: 9, Severity: "error", Code: "unknown-node", Message: `ok="nowhere" names no node`},
					{Line: 12, Severity: "error", Code: "no-end", Message: "no path reaches <end>"},
				}}})
			return
		}
		writeJSON(w, 200, apiv1.PutWorkflowResponse{Name: "good", Created: true})
	})
	bad, good := writeFile(t, "bad.xml", "<workflow/>"), writeFile(t, "good.xml", "<workflow/>")

	r := f.run(t, "workflow", "add", bad, good).expect(t, exitInvalid)

	if n := len(f.requests()); n != 2 {
		t.Errorf("sent %d files, want both", n)
	}
	wantErr := []string{
		bad + `:4:9: error: ok="nowhere" names no node (unknown-node)`,
		bad + ":12: error: no path reaches <end> (no-end)",
	}
	if !slices.Equal(lines(r.errOut), wantErr) {
		t.Errorf("stderr = %q\nwant %q", lines(r.errOut), wantErr)
	}
	if r.out != "created workflow good from "+good+"\n" {
		t.Errorf("stdout = %q", r.out)
	}
}

func TestWorkflowAddStdinAndJSON(t *testing.T) {
	f := newFakeAPI(t)
	resp := apiv1.PutWorkflowResponse{Name: "piped", Created: true}
	f.reply("POST /api/v1/workflows", 200, resp)

	r := runCLI(t, "<workflow name='piped'/>", "--server", f.URL, "-o", "json", "workflow", "add", "-").expect(t, 0)

	got := f.only(t)
	if got.Query != "" || got.Body != "<workflow name='piped'/>" {
		t.Errorf("request ?%s body %q: want stdin sent without a path", got.Query, got.Body)
	}
	var back apiv1.PutWorkflowResponse
	decodeJSON(t, r.out, &back)
	if !reflect.DeepEqual(back, resp) {
		t.Errorf("json = %+v, want %+v", back, resp)
	}
}

func TestWorkflowAddMissingFile(t *testing.T) {
	f := newFakeAPI(t)
	r := f.run(t, "workflow", "add", filepath.Join(t.TempDir(), "nope.xml")).expect(t, exitInvalid)
	contains(t, r.errOut, "nope.xml", "no such file")
	if n := len(f.requests()); n != 0 {
		t.Errorf("sent %d requests for a file that does not exist", n)
	}
}

// TestWorkflowAddStopsWhenUnavailable: with no server to talk to, the rest of the files would
// fail the same way, so the CLI stops after the first.
func TestWorkflowAddStopsWhenUnavailable(t *testing.T) {
	f := newFakeAPI(t)
	f.fail("POST /api/v1/workflows", 503, "unavailable", "no leader")
	a, b := writeFile(t, "a.xml", "<x/>"), writeFile(t, "b.xml", "<x/>")
	r := f.run(t, "workflow", "add", a, b).expect(t, exitUnavailable)
	if n := len(f.requests()); n != 1 {
		t.Errorf("sent %d requests, want to stop after the first", n)
	}
	contains(t, r.errOut, a+": no leader")
}

func TestWorkflowCheck(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /api/v1/workflows/check", 200, apiv1.PutWorkflowResponse{Name: "daily"})
	file := writeFile(t, "daily.xml", "<workflow name='daily'/>")
	r := f.run(t, "workflow", "check", file).expect(t, 0)
	got := f.only(t)
	if got.Body != "<workflow name='daily'/>" || got.Query != "" {
		t.Errorf("request ?%s %q", got.Query, got.Body)
	}
	if want := file + ": valid: workflow daily (would replace the loaded definition)\n"; r.out != want {
		t.Errorf("stdout = %q, want %q", r.out, want)
	}
}

var detail = apiv1.WorkflowDetail{
	Workflow: apiv1.Workflow{
		Name: "daily", Dir: "etl", Desc: "loads the day", Creator: "alice", Origin: "file",
		SourceFile: "/srv/xmlconfig/daily.xml", Enabled: true, Cron: "0 1 * * *", CronText: "at 01:00 every day",
		Timezone: "Asia/Shanghai", NextFire: utc(17, 0, 0), Params: []string{"dt"}, InstanceLimit: 1,
		NodeCount: 4, Version: 3, Updated: utc(9, 30, 0),
		Dependencies: []apiv1.Dependency{{Workflow: "ods", Ready: true}, {Workflow: "dim", Ready: false}},
	},
	XML: "<workflow name=\"daily\">\n</workflow>\n",
	Nodes: []apiv1.NodeDef{
		{Name: "start", Kind: "start", Next: []string{"load"}},
		{Name: "load", Kind: "action", Type: "script", Ok: "end", Error: "fail", Desc: "load it"},
		{Name: "end", Kind: "end"},
		{Name: "fail", Kind: "kill"},
	},
}

func TestWorkflowInfo(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /api/v1/workflows/{name}", 200, detail)

	r := f.run(t, "workflow", "info", "daily").expect(t, 0)
	if got := f.only(t); got.Method != "GET" || got.Path != "/api/v1/workflows/daily" {
		t.Errorf("request %s %s", got.Method, got.Path)
	}
	rows := tableRows(r.out)
	for _, want := range []string{
		"Name: daily",
		"Source: file /srv/xmlconfig/daily.xml",
		"Version: 3 (updated 2024-05-01 11:30:00)",
		"Enabled: yes",
		"Schedule: 0 1 * * * (at 01:00 every day) Asia/Shanghai",
		"Next fire: 2024-05-01 19:00:00", // local (UTC+2), not UTC
		"Depends on: ods (ready), dim (waiting)",
		"NAME KIND TYPE NEXT ON ERROR DESCRIPTION",
		"start start - load - -",
		"load action script end fail load it",
	} {
		if !slices.Contains(rows, want) {
			t.Errorf("no row %q in:\n%s", want, r.out)
		}
	}

	r = f.run(t, "workflow", "info", "--xml", "daily").expect(t, 0)
	if r.out != detail.XML {
		t.Errorf("--xml printed %q", r.out)
	}

	r = f.run(t, "workflow", "info", "daily", "-o", "json").expect(t, 0)
	var back apiv1.WorkflowDetail
	decodeJSON(t, r.out, &back)
	if !reflect.DeepEqual(back.Nodes, detail.Nodes) || back.Name != "daily" || !back.NextFire.Equal(detail.NextFire.Time) {
		t.Errorf("json round trip lost data: %+v", back)
	}
}

func TestWorkflowList(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /api/v1/workflows", 200, apiv1.List[apiv1.Workflow]{Total: 7, Items: []apiv1.Workflow{
		detail.Workflow,
		{Name: "adhoc", Origin: "api"},
	}})
	r := f.run(t, "workflow", "list", "--dir", "etl", "-q", "da", "--limit", "2").expect(t, 0)
	if q := f.only(t).Query; q != "dir=etl&limit=2&q=da" {
		t.Errorf("query = %q", q)
	}
	want := []string{
		"NAME DIR ENABLED SCHEDULE NEXT FIRE NODES UPDATED",
		"daily etl yes 0 1 * * * after ods,dim 2024-05-01 19:00:00 4 2024-05-01 11:30:00",
		"adhoc - no - - 0 -",
		"(1-2 of 7; use --limit and --offset for more)",
	}
	if got := tableRows(r.out); !slices.Equal(got, want) {
		t.Errorf("table:\n%s\nwant rows %q", r.out, want)
	}
}

func TestWorkflowFiles(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /api/v1/xmlconfig", 200, apiv1.List[apiv1.XMLFile]{Total: 2, Items: []apiv1.XMLFile{
		{Path: "etl/daily.xml", Status: "loaded", Workflow: "daily", Loaded: utc(8, 0, 0)},
		{Path: "etl/broken.xml", Status: "error", Errors: []apiv1.Problem{
			{Line: 2, Col: 1, Severity: "error", Code: "xml-syntax", Message: "unexpected EOF"}}},
	}})
	r := f.run(t, "workflow", "files").expect(t, 0)
	rows := tableRows(r.out)
	for _, want := range []string{
		"etl/daily.xml loaded daily 2024-05-01 10:00:00 0 0",
		"etl/broken.xml error - - 1 0",
	} {
		if !slices.Contains(rows, want) {
			t.Errorf("no row %q in:\n%s", want, r.out)
		}
	}
	if !strings.HasSuffix(r.out, "\n\nPROBLEMS\netl/broken.xml:2:1: error: unexpected EOF (xml-syntax)\n") {
		t.Errorf("problems not listed once under their heading:\n%s", r.out)
	}
}

// TestWorkflowTrigger also proves flags may follow the name, and that a comma inside a
// parameter value is kept while --ignore-node accepts akkaflow's comma lists.
func TestWorkflowTrigger(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /api/v1/workflows/{name}/trigger", 200, apiv1.Created{ID: "i-42"})
	r := f.run(t, "workflow", "trigger", "daily", "-p", "dt=2024-05-01", "-p", "list=a,b",
		"--ignore-node", "n1,n2", "--ignore-node", "n3").expect(t, 0)
	if r.out != "i-42\n" {
		t.Errorf("stdout = %q, want the id alone", r.out)
	}
	got := f.only(t)
	if got.Path != "/api/v1/workflows/daily/trigger" {
		t.Errorf("path %s", got.Path)
	}
	var body apiv1.TriggerRequest
	if err := json.Unmarshal([]byte(got.Body), &body); err != nil {
		t.Fatal(err)
	}
	want := apiv1.TriggerRequest{Params: map[string]string{"dt": "2024-05-01", "list": "a,b"},
		IgnoreNodes: []string{"n1", "n2", "n3"}}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("body = %+v, want %+v", body, want)
	}
}

func TestWorkflowRun(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /api/v1/workflows/{name}/run", 200, apiv1.Created{ID: "i-7"})
	r := f.run(t, "-o", "json", "workflow", "run", "daily", "-p", "k=v").expect(t, 0)
	if got := f.only(t); got.Path != "/api/v1/workflows/daily/run" || got.Body != `{"params":{"k":"v"}}` {
		t.Errorf("request %s %s", got.Path, got.Body)
	}
	var c apiv1.Created
	decodeJSON(t, r.out, &c)
	if c.ID != "i-7" {
		t.Errorf("json = %+v", c)
	}

	// No parameters: the request says nothing about them.
	g := newFakeAPI(t)
	g.reply("POST /api/v1/workflows/{name}/run", 200, apiv1.Created{ID: "i-8"})
	g.run(t, "workflow", "run", "daily").expect(t, 0)
	if body := g.only(t).Body; body != "{}" {
		t.Errorf("body = %s, want {}", body)
	}
}

func TestWorkflowBadParam(t *testing.T) {
	f := newFakeAPI(t)
	r := f.run(t, "workflow", "run", "daily", "-p", "novalue").expect(t, exitInvalid)
	contains(t, r.errOut, `parameter "novalue": want key=value`)
	if len(f.requests()) != 0 {
		t.Error("a request was sent despite the bad parameter")
	}
}

func TestWorkflowBackfill(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /api/v1/workflows/{name}/backfill", 200, apiv1.BackfillResponse{Group: "bf-1", Instances: []string{"i-1", "i-2"}})
	// Local times are in the test's UTC+2 zone; RFC 3339 carries its own offset.
	r := f.run(t, "workflow", "backfill", "daily", "--from", "2024-04-01", "--to", "2024-04-03T00:00:00Z", "--parallel", "2").expect(t, 0)
	var body apiv1.BackfillRequest
	if err := json.Unmarshal([]byte(f.only(t).Body), &body); err != nil {
		t.Fatal(err)
	}
	if got := body.From.UTC().Format(apiv1.TimeLayout); got != "2024-03-31T22:00:00.000Z" {
		t.Errorf("from = %s, want local midnight", got)
	}
	if got := body.To.UTC().Format(apiv1.TimeLayout); got != "2024-04-03T00:00:00.000Z" || body.Parallel != 2 {
		t.Errorf("to = %s parallel %d", got, body.Parallel)
	}
	if want := []string{"backfill group bf-1: 2 instance(s)", "i-1", "i-2"}; !slices.Equal(lines(r.out), want) {
		t.Errorf("stdout = %q", lines(r.out))
	}

	for _, args := range [][]string{
		{"--from", "yesterday", "--to", "2024-04-03"},
		{"--from", "2024-04-03", "--to", "2024-04-01"},
		{"--from", "2024-04-01"},
		{"--from", "2024-04-01", "--to", "2024-04-02", "--parallel", "0"},
	} {
		g := newFakeAPI(t)
		g.run(t, append([]string{"workflow", "backfill", "daily"}, args...)...).expect(t, exitInvalid)
		if len(g.requests()) != 0 {
			t.Errorf("%v: sent a request", args)
		}
	}
}

func TestWorkflowDelAndReset(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("DELETE /api/v1/workflows/{name}", 204, nil)
	f.reply("POST /api/v1/workflows/{name}/reset", 204, nil)
	if r := f.run(t, "workflow", "del", "daily").expect(t, 0); r.out != "deleted workflow daily\n" {
		t.Errorf("del printed %q", r.out)
	}
	if r := f.run(t, "workflow", "reset", "daily", "-o", "json").expect(t, 0); r.out != "" {
		t.Errorf("reset -o json printed %q, want nothing", r.out)
	}
	got := f.requests()
	if len(got) != 2 || got[0].Method != "DELETE" || got[0].Path != "/api/v1/workflows/daily" ||
		got[1].Method != "POST" || got[1].Path != "/api/v1/workflows/daily/reset" {
		t.Errorf("requests %+v", got)
	}
}
