package gateway

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// The gateway behind the real HTTP server: statuses, JSON shapes and a followed log.
func TestThroughTheHTTPServer(t *testing.T) {
	f := newFixture(t)
	seedCatalog(f)
	in, logs := running(f)
	srv := httptest.NewServer(httpapi.New(f.gw, httpapi.Options{Logger: quiet}))
	defer srv.Close()

	get := func(path string, want int, into any) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != want {
			body, _ := io.ReadAll(resp.Body)
			t.Fatalf("GET %s: %d %s, want %d", path, resp.StatusCode, body, want)
		}
		if into != nil {
			if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
				t.Fatal(err)
			}
		}
	}
	var list apiv1.List[apiv1.Workflow]
	get("/api/v1/workflows?dir=/example&limit=2", http.StatusOK, &list)
	if list.Total != 3 || len(list.Items) != 2 || list.Items[0].Name != "etl_a" {
		t.Fatalf("list: %+v", list)
	}
	var detail apiv1.WorkflowDetail
	get("/api/v1/workflows/report", http.StatusOK, &detail)
	if len(detail.Nodes) != 8 {
		t.Fatalf("detail: %+v", detail)
	}
	var e apiv1.ErrorBody
	get("/api/v1/workflows/nope", http.StatusNotFound, &e)
	get("/api/v1/instances?status=bogus", http.StatusBadRequest, &e)
	get("/api/v1/instances/run-1/log?node=nope", http.StatusNotFound, &e)
	var front apiv1.Front
	get("/api/v1/front", http.StatusOK, &front)
	if len(front.Running) != 1 || front.Workflows != 4 {
		t.Fatalf("front: %+v", front)
	}

	resp, err := http.Get(srv.URL + "/api/v1/instances/run-1/log?node=c&follow=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("follow: %d", resp.StatusCode)
	}
	s := startReading(resp.Body)
	io.WriteString(logs.Stdout, "over http\n")
	s.waitFor(t, "over http\n")
	logs.Close()
	in.Nodes[5].Attempts[0].Status = workflows.AttemptSucceeded
	in.Status = workflows.InstanceSucceeded
	f.update(in, 5)
	if err := s.waitEnd(t); err != io.EOF || s.got.String() != "over http\n" {
		t.Fatalf("followed over HTTP: %q, %v", s.got.String(), err)
	}
}
