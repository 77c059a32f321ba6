package main

import (
	"slices"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

func TestMonitorList(t *testing.T) {
	f := newFakeAPI(t)
	v, hi, no := 50.0, 10.0, false
	failed := apiv1.MonitorResult{InstanceID: "i-2", Workflow: "daily", Node: "check", Time: utc(8, 0, 42),
		Category: "sales", Name: "orders", Value: &v, Max: &hi, Ok: &no, Status: "failed",
		Message: "value 50 is above the maximum 10 (allowed: [-∞, 10])\ntoo many"}
	f.reply("GET /api/v1/data-monitor", 200, apiv1.List[apiv1.MonitorResult]{Total: 3, Items: []apiv1.MonitorResult{failed}})

	r := f.run(t, "monitor", "list", "--workflow", "daily", "--category", "sales", "--name", "orders",
		"--limit", "1", "--offset", "1").expect(t, 0)
	if q := f.only(t).Query; q != "category=sales&limit=1&name=orders&offset=1&workflow=daily" {
		t.Errorf("query = %q", q)
	}
	want := []string{
		"TIME CATEGORY NAME VALUE MIN MAX OK STATUS INSTANCE NODE MESSAGE",
		"2024-05-01 10:00:42 sales orders 50 - 10 false failed i-2 check value 50 is above the maximum 10 (allowed: [-∞, 10])",
		"(2-2 of 3; use --limit and --offset for more)",
	}
	if got := tableRows(r.out); !slices.Equal(got, want) {
		t.Errorf("table %q\nwant %q", got, want)
	}

	r = f.run(t, "monitor", "list", "-o", "json").expect(t, 0)
	var got apiv1.List[apiv1.MonitorResult]
	decodeJSON(t, r.out, &got)
	if got.Total != 3 || len(got.Items) != 1 || *got.Items[0].Value != 50 {
		t.Errorf("json = %+v", got)
	}

	g := newFakeAPI(t)
	g.run(t, "monitor", "list", "extra").expect(t, exitInvalid)
	if len(g.requests()) != 0 {
		t.Error("a bad command line was sent")
	}
}
