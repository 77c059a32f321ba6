package main

import (
	"io"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

var running = apiv1.Instance{
	ID: "i-1", Workflow: "daily", Status: "running", Trigger: "schedule",
	Params: map[string]string{"dt": "2024-05-01", "a": "1"}, Scheduled: utc(9, 0, 0), Created: utc(9, 0, 0),
	Started: utc(9, 0, 1),
	Nodes: []apiv1.Node{
		{Name: "start", Kind: "start", Status: "succeeded", Started: utc(9, 0, 1), Ended: utc(9, 0, 1)},
		{Name: "load", Kind: "action", Type: "script", Status: "succeeded", Attempts: 2,
			Started: utc(9, 0, 1), Ended: utc(9, 5, 3), Message: "exit 0\nsecond line"},
		{Name: "report", Kind: "action", Type: "sql", Status: "running", Attempts: 1, Started: utc(9, 5, 3)},
		{Name: "end", Kind: "end", Status: "prep"},
	},
}

func TestInstanceInfo(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /api/v1/instances/{id}", 200, running)
	r := f.run(t, "instance", "info", "i-1").expect(t, 0)
	if got := f.only(t); got.Path != "/api/v1/instances/i-1" {
		t.Errorf("path %s", got.Path)
	}
	rows := tableRows(r.out)
	for _, want := range []string{
		"ID: i-1",
		"Status: running",
		"Params: a=1, dt=2024-05-01",
		"Started: 2024-05-01 11:00:01",
		"Ended: -",
		"Duration: 2h 59m", // still running: counted to now
		"NAME KIND TYPE STATUS ATTEMPTS STARTED DURATION MESSAGE",
		"start start - succeeded - 2024-05-01 11:00:01 0ms -",
		"load action script succeeded 2 2024-05-01 11:00:01 5m 02s exit 0",
		"report action sql running 1 2024-05-01 11:05:03 2h 54m -",
		"end end - prep - - - -",
	} {
		if !slices.Contains(rows, want) {
			t.Errorf("no row %q in:\n%s", want, r.out)
		}
	}

	r = f.run(t, "-o", "json", "instance", "info", "i-1").expect(t, 0)
	var back apiv1.Instance
	decodeJSON(t, r.out, &back)
	if back.ID != running.ID || !reflect.DeepEqual(back.Params, running.Params) || len(back.Nodes) != 4 ||
		!back.Started.Equal(running.Started.Time) {
		t.Errorf("json round trip lost data: %+v", back)
	}
}

// TestInstanceLogFollow: the log is copied to stdout as it arrives, with the options on the
// query string, and flags may follow the id.
func TestInstanceLogFollow(t *testing.T) {
	f := newFakeAPI(t)
	f.mux.HandleFunc("GET /api/v1/instances/{id}/log", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "starting\n")
		w.(http.Flusher).Flush()
		_, _ = io.WriteString(w, "done\n")
	})
	r := f.run(t, "instance", "log", "i-1", "--node", "load", "--attempt", "2", "-f").expect(t, 0)
	if r.out != "starting\ndone\n" {
		t.Errorf("stdout = %q", r.out)
	}
	if got := f.only(t); got.Path != "/api/v1/instances/i-1/log" || got.Query != "attempt=2&follow=1&node=load" {
		t.Errorf("request %s?%s", got.Path, got.Query)
	}

	g := newFakeAPI(t)
	g.run(t, "instance", "log", "i-1", "--attempt", "2").expect(t, exitInvalid)
	if len(g.requests()) != 0 {
		t.Error("--attempt without --node was sent")
	}
}

func TestInstanceKill(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /api/v1/instances/{id}/kill", 204, nil)
	if r := f.run(t, "instance", "kill", "i-1").expect(t, 0); r.out != "killed instance i-1\n" {
		t.Errorf("stdout = %q", r.out)
	}
	if got := f.only(t); got.Method != "POST" || got.Path != "/api/v1/instances/i-1/kill" {
		t.Errorf("request %s %s", got.Method, got.Path)
	}

	g := newFakeAPI(t)
	g.fail("POST /api/v1/instances/{id}/kill", 409, "conflict", "instance i-1 already succeeded")
	r := g.run(t, "instance", "kill", "i-1").expect(t, exitConflict)
	if r.errOut != "actorflow: instance i-1 already succeeded\n" || r.out != "" {
		t.Errorf("stdout %q stderr %q", r.out, r.errOut)
	}
}

func TestInstanceRerun(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /api/v1/instances/{id}/rerun", 201, apiv1.Created{ID: "i-1"})
	if r := f.run(t, "instance", "rerun", "i-1", "--from-failed").expect(t, 0); r.out != "i-1\n" {
		t.Errorf("stdout = %q", r.out)
	}
	if got := f.only(t); got.Path != "/api/v1/instances/i-1/rerun" || got.Body != `{"from_failed":true}` {
		t.Errorf("request %s %s", got.Path, got.Body)
	}
}

func TestInstanceDel(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("DELETE /api/v1/instances/{id}", 204, nil)
	if r := f.run(t, "instance", "del", "i-1").expect(t, 0); r.out != "deleted instance i-1\n" {
		t.Errorf("stdout = %q", r.out)
	}
	if got := f.only(t); got.Method != "DELETE" || got.Path != "/api/v1/instances/i-1" {
		t.Errorf("request %s %s", got.Method, got.Path)
	}
}

func TestInstanceSearch(t *testing.T) {
	f := newFakeAPI(t)
	failed := apiv1.Instance{ID: "i-2", Workflow: "daily", Status: "failed", Trigger: "trigger",
		Started: utc(8, 0, 0), Ended: utc(8, 0, 42), Message: "node load failed: exit 3"}
	f.reply("GET /api/v1/instances", 200, apiv1.List[apiv1.Instance]{Total: 1, Items: []apiv1.Instance{failed}})

	// akkaflow's Chinese status name is accepted and sent as the API's.
	r := f.run(t, "instance", "search", "--workflow", "daily", "--status", "失败", "--limit", "5").expect(t, 0)
	if q := f.only(t).Query; q != "limit=5&status=failed&workflow=daily" {
		t.Errorf("query = %q", q)
	}
	want := []string{
		"ID WORKFLOW STATUS TRIGGER STARTED DURATION MESSAGE",
		"i-2 daily failed trigger 2024-05-01 10:00:00 42s node load failed: exit 3",
	}
	if got := tableRows(r.out); !slices.Equal(got, want) {
		t.Errorf("table %q\nwant %q", got, want)
	}

	g := newFakeAPI(t)
	r = g.run(t, "instance", "search", "--status", "done").expect(t, exitInvalid)
	contains(t, r.errOut, `unknown instance status "done"`)
	if len(g.requests()) != 0 {
		t.Error("an unknown status was sent")
	}
}

func TestFront(t *testing.T) {
	f := newFakeAPI(t)
	finished := apiv1.Instance{ID: "i-0", Workflow: "ods", Status: "succeeded", Trigger: "schedule",
		Started: utc(7, 0, 0), Ended: utc(7, 1, 30)}
	dash := apiv1.Front{
		Days: []apiv1.DayCount{
			{Day: "2024-04-30", Counts: map[string]int{"succeeded": 12, "failed": 1}},
			{Day: "2024-05-01", Counts: map[string]int{"succeeded": 3, "running": 1, "upstream_wait": 2}},
		},
		Running: []apiv1.Instance{running}, Recent: []apiv1.Instance{finished},
		Queued: 4, Failing: []string{"dim"}, Workflows: 9, FileErrors: 1,
	}
	f.reply("GET /api/v1/front", 200, dash)
	r := f.run(t, "front").expect(t, 0)
	rows := tableRows(r.out)
	for _, want := range []string{
		"Workflows: 9 Queued: 4 Running: 1 File errors: 1",
		"Last run failed: dim",
		"DAY PREP RUNNING SUCCEEDED FAILED KILLED UPSTREAM_WAIT",
		"2024-04-30 0 0 12 1 0 0",
		"2024-05-01 0 1 3 0 0 2",
		"ID WORKFLOW PROGRESS TRIGGER STARTED DURATION MESSAGE",
		"i-1 daily 2/4 schedule 2024-05-01 11:00:01 2h 59m -",
		"i-0 ods succeeded schedule 2024-05-01 09:00:00 1m 30s -",
	} {
		if !slices.Contains(rows, want) {
			t.Errorf("no row %q in:\n%s", want, r.out)
		}
	}

	r = f.run(t, "front", "-o", "json").expect(t, 0)
	var back apiv1.Front
	decodeJSON(t, r.out, &back)
	if back.Queued != 4 || !reflect.DeepEqual(back.Days, dash.Days) || len(back.Running) != 1 {
		t.Errorf("json round trip lost data: %+v", back)
	}
}

func TestClusterMembers(t *testing.T) {
	f := newFakeAPI(t)
	members := apiv1.List[apiv1.Member]{Total: 2, Items: []apiv1.Member{
		{Name: "c1", Role: "master", Status: "alive", Leader: true, RaftTerm: 7, PID: 4242, Address: "10.0.0.1:2751", HTTP: "10.0.0.1:8090"},
		{Name: "w1", Role: "worker", Status: "suspect", SlotsUsed: 3, Slots: 8, Labels: map[string]string{"zone": "b", "gpu": "1"}},
	}}
	f.reply("GET /api/v1/cluster/members", 200, members)
	r := f.run(t, "cluster", "members").expect(t, 0)
	want := []string{
		"NAME ROLE STATUS LEADER PID ADDRESS HTTP SLOTS LABELS",
		"c1 master alive yes (term 7) 4242 10.0.0.1:2751 10.0.0.1:8090 - -",
		"w1 worker suspect - - - - 3/8 gpu=1,zone=b",
	}
	if got := tableRows(r.out); !slices.Equal(got, want) {
		t.Errorf("table %q\nwant %q", got, want)
	}
	r = f.run(t, "cluster", "members", "-o", "json").expect(t, 0)
	var back apiv1.List[apiv1.Member]
	decodeJSON(t, r.out, &back)
	if !reflect.DeepEqual(back, members) {
		t.Errorf("json = %+v", back)
	}
}
