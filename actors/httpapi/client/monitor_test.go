package client

import (
	"reflect"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

func TestListDataMonitor(t *testing.T) {
	v, yes := 3.5, true
	want := apiv1.List[apiv1.MonitorResult]{Total: 9, Items: []apiv1.MonitorResult{{InstanceID: "i-1",
		Workflow: "daily", Node: "check", Time: apiv1.At(time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)),
		Category: "sales", Name: "orders", Value: &v, Ok: &yes, Status: "succeeded"}}}
	f := newFake(t, replyJSON(200, want))
	got, err := New(f.URL).ListDataMonitor(ctx(), MonitorFilter{Workflow: "daily", Category: "sales",
		Name: "orders", Limit: 5, Offset: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	r := f.only(t)
	if r.Method != "GET" || r.Path != "/api/v1/data-monitor" ||
		r.Query != "category=sales&limit=5&name=orders&offset=10&workflow=daily" {
		t.Fatalf("request = %s %s?%s", r.Method, r.Path, r.Query)
	}
}
