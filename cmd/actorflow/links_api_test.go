package main

import (
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi"
)

// TestAkkaflowLinkRoutesOverRegistries drives akkaflow's /akkaflow/db-link and file-link
// forms through the standalone LinksBackend into the worker's real registries.
func TestAkkaflowLinkRoutesOverRegistries(t *testing.T) {
	home := t.TempDir()
	_, links, closeAll, err := buildExecutorsAndLinks(serverConfig{ConfDir: home}, home, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	h := httpapi.New(linksBackend{db: links.db, files: links.files}, httpapi.Options{Logger: slog.New(slog.DiscardHandler)})
	post := func(target, body string) (result, msg string) {
		t.Helper()
		r := httptest.NewRequest("POST", target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var env struct{ Result, Msg string }
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &env) != nil {
			t.Fatalf("%s: status %d: %s", target, rec.Code, rec.Body)
		}
		return env.Result, env.Msg
	}

	if res, msg := post("/akkaflow/db-link?action=add", "name=dw&dbtype=MYSQL&jdbcUrl=jdbc%3Amysql%3A%2F%2Fdb%3A3306%2Fdw"+
		"&username=etl&password=pw&properties=useSSL%3Dfalse"); res != "success" {
		t.Fatalf("db-link add: %s %s", res, msg)
	}
	l, err := links.db.Get("dw")
	if err != nil || l.Username != "etl" || len(l.Properties) != 1 || l.Properties[0].Name != "useSSL" || l.Source != "api" {
		t.Fatalf("registry has %+v, %v", l, err)
	}
	if res, msg := post("/akkaflow/db-link?action=add", "name=x&dbtype=IMPALA&jdbcUrl=j"); res != "fail" || !strings.Contains(msg, "IMPALA") {
		t.Fatalf("unknown type: %s %s", res, msg)
	}
	if res, msg := post("/akkaflow/file-link?action=add", "name=s1&fstype=SFTP&host=etl1&port=2222&username=u&password=pw"); res != "success" {
		t.Fatalf("file-link add: %s %s", res, msg)
	}
	if fl, ok := links.files.Get("s1"); !ok || fl.Port != 2222 || fl.Host != "etl1" {
		t.Fatalf("registry has %+v", fl)
	}
	if res, msg := post("/akkaflow/file-link/s1?action=update", "fstype=SFTP&host=etl2&username=u&password=pw"); res != "success" {
		t.Fatalf("file-link update: %s %s", res, msg)
	}
	if fl, _ := links.files.Get("s1"); fl.Host != "etl2" {
		t.Fatalf("after update: %+v", fl)
	}
	if res, msg := post("/akkaflow/file-link/local?action=del", ""); res != "fail" || !strings.Contains(msg, "local") {
		t.Fatalf("deleting the built-in link: %s %s", res, msg)
	}
	if res, msg := post("/akkaflow/db-link/dw?action=del", ""); res != "success" {
		t.Fatalf("db-link del: %s %s", res, msg)
	}
	if _, err := links.db.Get("dw"); err == nil {
		t.Fatal("dw is still there")
	}
}
