package gateway

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// seedHistory stores n instances spread over the 10,000 definitions of seedMany and the week
// before t0: mostly succeeded, one in 10 failed, one in 50 killed; the newest 50 running and
// 20 queued. Each carries its 8 nodes and the definition it runs, as real ones do.
func seedHistory(b *testing.B, f *fixture, n, workflows_ int) {
	b.Helper()
	def := definitionJSON(b, wfXML(wfSpec{name: "wf_00000"}))
	step := 7 * 24 * time.Hour / time.Duration(n)
	var cmds []store.Command
	for i := range n {
		st := workflows.InstanceSucceeded
		switch {
		case i >= n-20:
			st = workflows.InstancePrep
		case i >= n-70:
			st = workflows.InstanceRunning
		case i%10 == 3:
			st = workflows.InstanceFailed
		case i%50 == 7:
			st = workflows.InstanceKilled
		}
		wf := fmt.Sprintf("wf_%05d", i%workflows_)
		in := instanceOfWF(fmt.Sprintf("i-%06d", i), wf, st, t0.Add(-7*24*time.Hour).Add(time.Duration(i)*step))
		cmds = append(cmds, store.CreateInstance{Instance: in, Definition: def, Version: 1})
		if len(cmds) >= 2000 {
			f.apply(cmds...)
			cmds = nil
		}
	}
	if len(cmds) > 0 {
		f.apply(cmds...)
	}
}

// seedFiles records one xmlconfig file per definition, one in 100 in error.
func seedFiles(f *fixture, n int) {
	var cmds []store.Command
	for i := range n {
		pf := store.PutFile{Path: fmt.Sprintf("team%d/wf_%05d.xml", i%10, i), Status: store.FileLoaded,
			Workflow: fmt.Sprintf("wf_%05d", i), Hash: "h", At: t0}
		if i%100 == 0 {
			pf.Status, pf.Workflow = store.FileError, ""
			pf.Problems = workflows.Problems{{Pos: workflows.Pos{File: pf.Path, Line: 3, Col: 7}, Severity: workflows.SeverityError,
				Code: "xml", Message: "malformed XML"}}
		}
		cmds = append(cmds, pf)
		if len(cmds) >= 2000 {
			f.apply(cmds...)
			cmds = nil
		}
	}
	if len(cmds) > 0 {
		f.apply(cmds...)
	}
}

// BenchmarkUIViews measures the server side of each web UI view at scale (10,000 workflows,
// 100,000 instances, 10,000 xmlconfig files): every API call the view makes when it opens,
// through the whole HTTP handler (routing, backend over a real store, JSON), run one after
// the other as the browser's parallel fetches would cost on one core. Warm caches, as on a
// server that has been up a while. The browser's own rendering is not included.
func BenchmarkUIViews(b *testing.B) {
	f := newFixture(b)
	start := time.Now()
	seedMany(b, f, 10000)
	seedHistory(b, f, 100000, 10000)
	seedFiles(f, 10000)
	b.Logf("seeded 10,000 definitions, 100,000 instances, 10,000 files in %s", time.Since(start))
	h := httpapi.New(f.gw, httpapi.Options{Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return t0 }})
	// The same store without its dashboard and paged-file reads: the cost before them.
	general := New(Config{Master: f.master, Store: generalReader{f.store}, Location: time.UTC,
		Now: func() time.Time { return t0 }, Logger: quiet})
	hGeneral := httpapi.New(general, httpapi.Options{Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return t0 }})
	views := []struct {
		name    string
		calls   []string
		general bool // through the general reads (the reference)
	}{
		{"home", []string{"/api/v1/front", "/api/v1/cluster/members"}, false},
		{"home_general_reads", []string{"/api/v1/front", "/api/v1/cluster/members"}, true},
		{"workflows", []string{"/api/v1/workflows?limit=50&offset=5000", "/api/v1/dirs"}, false},
		{"workflows_search", []string{"/api/v1/workflows?limit=50&q=number+wf_09", "/api/v1/dirs"}, false},
		{"workflow_graph", []string{"/api/v1/workflows/wf_05000"}, false},
		{"workflow_runs_grid", []string{"/api/v1/workflows/wf_05000", "/api/v1/workflows/wf_05000/grid?limit=25"}, false},
		{"instances", []string{"/api/v1/instances?limit=50&offset=50000"}, false},
		{"instances_of_workflow", []string{"/api/v1/instances?limit=50&workflow=wf_05000"}, false},
		{"instance", []string{"/api/v1/instances/i-099990", "/api/v1/workflows/wf_09990"}, false},
		{"instance_log", []string{"/api/v1/instances/i-050000/log"}, false},
		{"xmlconfig", []string{"/api/v1/xmlconfig?limit=50&offset=0", "/api/v1/xmlconfig?status=error&limit=50"}, false},
		{"xmlconfig_errors_page", []string{"/api/v1/xmlconfig?limit=50&offset=50&status=error", "/api/v1/xmlconfig?limit=1"}, false},
		{"xmlconfig_whole_list", []string{"/api/v1/xmlconfig"}, false}, // the CLI's `workflow files`
		{"cluster", []string{"/api/v1/cluster/members"}, false},
	}
	for _, v := range views {
		h := h
		if v.general {
			h = hGeneral
		}
		for _, c := range v.calls { // warm: the first list parses every definition
			serveOK(b, h, c)
		}
		b.Run(v.name, func(b *testing.B) {
			bytes := 0
			for b.Loop() {
				bytes = 0
				for _, c := range v.calls {
					bytes += serveOK(b, h, c)
				}
			}
			b.ReportMetric(float64(bytes), "resp_bytes")
		})
	}
}

func serveOK(b *testing.B, h http.Handler, target string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s = %d %s", target, rec.Code, rec.Body)
	}
	n, _ := io.Copy(io.Discard, rec.Body)
	return int(n)
}
