package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// linksFake is a Backend with in-memory link registries: what it stores is what a route
// handed it.
type linksFake struct {
	*fakeBackend
	mu    sync.Mutex
	db    map[string]apiv1.DBLink
	files map[string]apiv1.FileLink
}

func (f *linksFake) ListDBLinks(context.Context) (apiv1.List[apiv1.DBLink], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiv1.DBLink
	for _, l := range f.db {
		out = append(out, l)
	}
	return apiv1.List[apiv1.DBLink]{Items: out, Total: len(out)}, nil
}

func (f *linksFake) PutDBLink(_ context.Context, l apiv1.DBLink) (bool, error) {
	if l.Type != "MYSQL" && l.Type != "POSTGRES" {
		return false, workflows.Errorf(workflows.CodeInvalid, "db-link %q: unknown db-link type %q", l.Name, l.Type)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	_, had := f.db[l.Name]
	f.db[l.Name] = l
	return !had, nil
}

func (f *linksFake) DeleteDBLink(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.db[name]; !ok {
		return workflows.Errorf(workflows.CodeNotFound, "db-link %q does not exist", name)
	}
	delete(f.db, name)
	return nil
}

func (f *linksFake) ListFileLinks(context.Context) (apiv1.List[apiv1.FileLink], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiv1.FileLink
	for _, l := range f.files {
		out = append(out, l)
	}
	return apiv1.List[apiv1.FileLink]{Items: out, Total: len(out)}, nil
}

func (f *linksFake) PutFileLink(_ context.Context, l apiv1.FileLink) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, had := f.files[l.Name]
	f.files[l.Name] = l
	return !had, nil
}

func (f *linksFake) DeleteFileLink(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if name == "local" {
		return workflows.Errorf(workflows.CodeConflict, "file-link local is built in")
	}
	if _, ok := f.files[name]; !ok {
		return workflows.Errorf(workflows.CodeNotFound, "file-link %q does not exist", name)
	}
	delete(f.files, name)
	return nil
}

func TestAkkaflowLinkRoutes(t *testing.T) {
	t.Parallel()
	lf := &linksFake{fakeBackend: newFake(), db: map[string]apiv1.DBLink{},
		files: map[string]apiv1.FileLink{"local": {Name: "local", Type: "LOCAL"}}}
	h := New(lf, Options{Token: "tok", Logger: slog.New(slog.DiscardHandler)})
	do := func(method, target, body string) rawEnvelope {
		t.Helper()
		r := httptest.NewRequest(method, target, strings.NewReader(body))
		if body != "" {
			r.Header.Set("Content-Type", form)
		}
		r.Header.Set("Authorization", "Bearer tok")
		rec := serve(h, r)
		var env rawEnvelope
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &env) != nil {
			t.Fatalf("%s %s: status %d: %s", method, target, rec.Code, rec.Body)
		}
		return env
	}
	expect := func(env rawEnvelope, result, msg, data string) {
		t.Helper()
		if env.Result != result || !strings.Contains(env.Msg, msg) || string(env.Data) != data {
			t.Fatalf("envelope %s %q %s, want %s, msg containing %q, data %s", env.Result, env.Msg, env.Data, result, msg, data)
		}
	}

	// add: akkaflow's form fields, properties as "k=v&k2=v2" inside the field.
	expect(do("POST", "/akkaflow/db-link?action=add", "name=dw&dbtype=MYSQL&jdbcUrl=jdbc%3Amysql%3A%2F%2Fdb%3A3306%2Fdw"+
		"&username=etl&password=pw&desc=warehouse&properties=useSSL%3Dfalse%26sql_mode%3DANSI%2BQUOTES"),
		"success", "added db-link dw", `"dw"`)
	want := apiv1.DBLink{Name: "dw", Type: "MYSQL", JDBCURL: "jdbc:mysql://db:3306/dw", Username: "etl",
		Password: "pw", Desc: "warehouse", Properties: []apiv1.LinkOption{{Name: "useSSL", Value: "false"},
			{Name: "sql_mode", Value: "ANSI+QUOTES"}}}
	if got := lf.db["dw"]; !reflect.DeepEqual(got, want) {
		t.Fatalf("stored %+v\nwant %+v", got, want)
	}
	// add again replaces (akkaflow upserted); GET with query fields works as for akkaflow's scripts.
	expect(do("GET", "/akkaflow/db-link?action=add&name=dw&dbtype=POSTGRES&jdbcUrl=jdbc:postgresql://db/dw", ""),
		"success", "replaced db-link dw", `"dw"`)
	// update: the name is in the path; the link is replaced whole.
	expect(do("POST", "/akkaflow/db-link/dw?action=update", "dbtype=MYSQL&jdbcUrl=jdbc%3Amysql%3A%2F%2Fdb2%2Fdw"),
		"success", "updated db-link dw", `"dw"`)
	if got := lf.db["dw"]; got.JDBCURL != "jdbc:mysql://db2/dw" || got.Username != "" || got.Properties != nil {
		t.Fatalf("after update: %+v", got)
	}
	expect(do("POST", "/akkaflow/db-link/nope?action=update", "dbtype=MYSQL&jdbcUrl=x"),
		"fail", `db-link "nope" does not exist, so it cannot be updated`, "null")
	if _, ok := lf.db["nope"]; ok {
		t.Fatal("update created a link")
	}
	// Mistakes.
	expect(do("POST", "/akkaflow/db-link?action=add", "name=x&dbtype=DB2&jdbcUrl=j"), "fail", `unknown db-link type "DB2"`, "null")
	expect(do("POST", "/akkaflow/db-link?action=add", "dbtype=MYSQL"), "fail", "no db-link named", "null")
	expect(do("POST", "/akkaflow/db-link/a?action=add", "name=b&dbtype=MYSQL"), "fail", `the form names db-link "b" but the path names "a"`, "null")
	expect(do("POST", "/akkaflow/db-link?action=add", "name=x&dbtype=MYSQL&properties=useSSL"), "fail", `property "useSSL" is not name=value`, "null")
	// del.
	expect(do("GET", "/akkaflow/db-link/dw?action=del", ""), "success", "deleted db-link dw", `"dw"`)
	expect(do("GET", "/akkaflow/db-link/dw?action=del", ""), "fail", `db-link "dw" does not exist`, "null")

	// file-links: port must be an integer (akkaflow: 端口port不为整数).
	expect(do("POST", "/akkaflow/file-link?action=add", "name=s1&fstype=SFTP&host=etl1&port=22x&username=u"),
		"fail", `port "22x" is not an integer`, "null")
	expect(do("POST", "/akkaflow/file-link?action=add", "name=s1&fstype=SFTP&host=etl1&port=70000"),
		"fail", "port 70000 is not a port number", "null")
	expect(do("POST", "/akkaflow/file-link?action=add", "name=s1&fstype=SFTP&host=etl1&port=2222&username=u"+
		"&password=env%3AS1_PW&desc=landing&keyFile=%2Fk&knownHosts=%2Fkh"), "success", "added file-link s1", `"s1"`)
	wantFile := apiv1.FileLink{Name: "s1", Type: "SFTP", Host: "etl1", Port: 2222, Username: "u", Password: "env:S1_PW",
		KeyFile: "/k", KnownHosts: "/kh", Desc: "landing"}
	if got := lf.files["s1"]; !reflect.DeepEqual(got, wantFile) {
		t.Fatalf("stored %+v\nwant %+v", got, wantFile)
	}
	expect(do("POST", "/akkaflow/file-link/s1?action=update", "fstype=SFTP&host=etl2"), "success", "updated file-link s1", `"s1"`)
	if got := lf.files["s1"]; got.Host != "etl2" || got.Port != 0 {
		t.Fatalf("after update: %+v", got)
	}
	expect(do("GET", "/akkaflow/file-link/local?action=del", ""), "fail", "built in", "null")
	expect(do("GET", "/akkaflow/file-link?action=del&name=s1", ""), "success", "deleted file-link s1", `"s1"`)

	// Every action changes state: without the token it is refused, and nothing is stored.
	r := httptest.NewRequest("POST", "/akkaflow/db-link?action=add", strings.NewReader("name=z&dbtype=MYSQL"))
	r.Header.Set("Content-Type", form)
	if rec := serve(h, r); rec.Code != 401 || lf.db["z"].Name != "" {
		t.Fatalf("without token: status %d, stored %v", rec.Code, lf.db["z"])
	}
}

func TestAkkaProperties(t *testing.T) {
	got, err := akkaProperties(" a=1&&b=x=y&c=&")
	want := []apiv1.LinkOption{{Name: "a", Value: "1"}, {Name: "b", Value: "x=y"}, {Name: "c", Value: ""}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("akkaProperties = %+v, %v", got, err)
	}
	if _, err := akkaProperties("=v"); err == nil {
		t.Fatal("an empty name was accepted")
	}
}

func FuzzAkkaProperties(f *testing.F) {
	f.Add("useSSL=false&sql_mode=ANSI")
	f.Add("&&=&a")
	f.Fuzz(func(t *testing.T, s string) {
		opts, err := akkaProperties(s)
		if err != nil {
			return
		}
		for _, o := range opts {
			if o.Name == "" || strings.ContainsAny(o.Name, "&=") || strings.Contains(o.Value, "&") {
				t.Fatalf("akkaProperties(%q) gave %+v", s, o)
			}
		}
	})
}
