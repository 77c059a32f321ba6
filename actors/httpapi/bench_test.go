package httpapi

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// BenchmarkListWorkflows measures one GET /api/v1/workflows through the whole handler
// (middleware, routing, validation, JSON) with a backend answering a page of 50.
func BenchmarkListWorkflows(b *testing.B) {
	f := newFake()
	f.list = apiv1.List[apiv1.Workflow]{Total: 500}
	for i := range 50 {
		f.list.Items = append(f.list.Items, apiv1.Workflow{
			Name: fmt.Sprintf("wf-%03d", i), Dir: "etl/daily", Desc: "loads the daily partition",
			Origin: "file", SourceFile: fmt.Sprintf("xmlconfig/etl/wf-%03d.xml", i), Enabled: true,
			Cron: "0 2 * * *", CronText: "at 02:00 every day", Timezone: "Asia/Shanghai",
			NextFire:     apiv1.At(time.Date(2024, 3, 2, 2, 0, 0, 0, time.UTC)),
			Dependencies: []apiv1.Dependency{{Workflow: "upstream", Ready: true}},
			Params:       []string{"day"}, InstanceLimit: 1, NodeCount: 6, Version: 3,
			Updated: apiv1.At(time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)),
		})
	}
	h := New(f, Options{Logger: slog.New(slog.DiscardHandler)})
	r := httptest.NewRequest("GET", "/api/v1/workflows?limit=50", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		r.Body = http.NoBody
		h.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
		_, _ = io.Copy(io.Discard, rec.Body)
	}
}
