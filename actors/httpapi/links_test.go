package httpapi

import (
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// TestLinkRoutes drives /api/v1/db-links and /api/v1/file-links, which share their handlers:
// each registry must reach its own half of LinksBackend.
func TestLinkRoutes(t *testing.T) {
	t.Parallel()
	lf := &linksFake{fakeBackend: newFake(), db: map[string]apiv1.DBLink{},
		files: map[string]apiv1.FileLink{"local": {Name: "local", Type: "LOCAL"}}}
	h := New(lf, Options{Token: "tok", Logger: slog.New(slog.DiscardHandler)})
	do := func(method, target, body string, want int) string {
		t.Helper()
		r := httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer tok")
		rec := serve(h, r)
		if rec.Code != want {
			t.Fatalf("%s %s: status %d, want %d: %s", method, target, rec.Code, want, rec.Body)
		}
		return rec.Body.String()
	}

	do("PUT", "/api/v1/db-links/dw", `{"type":"MYSQL","jdbc_url":"jdbc:mysql://db/dw"}`, 201)
	do("PUT", "/api/v1/db-links/dw", `{"name":"dw","type":"POSTGRES","jdbc_url":"jdbc:postgresql://db/dw"}`, 204)
	if got := lf.db["dw"]; got.Name != "dw" || got.Type != "POSTGRES" {
		t.Fatalf("stored %+v", got)
	}
	if body := do("PUT", "/api/v1/db-links/dw", `{"name":"other","type":"MYSQL"}`, 400); !strings.Contains(body, `the body names link \"other\" but the path names \"dw\"`) {
		t.Fatalf("name mismatch: %s", body)
	}
	do("PUT", "/api/v1/db-links/x", `{"type":"DB2"}`, 400) // the backend's own refusal
	var dbList apiv1.List[apiv1.DBLink]
	if err := json.Unmarshal([]byte(do("GET", "/api/v1/db-links", "", 200)), &dbList); err != nil || len(dbList.Items) != 1 || dbList.Items[0].Name != "dw" {
		t.Fatalf("db-links list %+v, %v", dbList, err)
	}

	do("PUT", "/api/v1/file-links/s1", `{"type":"SFTP","host":"etl1"}`, 201)
	if got := lf.files["s1"]; got.Name != "s1" || got.Host != "etl1" {
		t.Fatalf("stored %+v", got)
	}
	var fileList apiv1.List[apiv1.FileLink]
	if err := json.Unmarshal([]byte(do("GET", "/api/v1/file-links", "", 200)), &fileList); err != nil || len(fileList.Items) != 2 {
		t.Fatalf("file-links list %+v, %v", fileList, err)
	}
	do("DELETE", "/api/v1/file-links/local", "", 409)
	do("DELETE", "/api/v1/file-links/s1", "", 204)
	do("DELETE", "/api/v1/db-links/dw", "", 204)
	do("DELETE", "/api/v1/db-links/dw", "", 404)
	if len(lf.db) != 0 || len(lf.files) != 1 {
		t.Fatalf("after deletes: %v %v", lf.db, lf.files)
	}

	// Changes need the token.
	r := httptest.NewRequest("DELETE", "/api/v1/file-links/local", nil)
	if rec := serve(h, r); rec.Code != 401 {
		t.Fatalf("without token: status %d", rec.Code)
	}
}

// TestLinkRoutesUnsupported: a backend without LinksBackend answers every link route 501.
func TestLinkRoutesUnsupported(t *testing.T) {
	t.Parallel()
	h := New(newFake(), Options{Token: "tok", Logger: slog.New(slog.DiscardHandler)})
	for _, c := range []struct{ method, target, body string }{
		{"GET", "/api/v1/db-links", ""}, {"PUT", "/api/v1/db-links/a", "{}"}, {"DELETE", "/api/v1/db-links/a", ""},
		{"GET", "/api/v1/file-links", ""}, {"PUT", "/api/v1/file-links/a", "{}"}, {"DELETE", "/api/v1/file-links/a", ""},
	} {
		r := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer tok")
		if rec := serve(h, r); rec.Code != 501 || !strings.Contains(rec.Body.String(), "does not manage connection links") {
			t.Errorf("%s %s: status %d: %s", c.method, c.target, rec.Code, rec.Body)
		}
	}
}
