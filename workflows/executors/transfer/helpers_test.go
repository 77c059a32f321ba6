package transfer

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/actorflow/actorflow/internal/testenv"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/filelink"
)

// env is a worker's view for tests: db-links by name and the local file-link.
type env struct {
	t     testing.TB
	links *dblink.Registry
	files *filelink.Registry
	exec  *Executor
	dir   string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	links, err := dblink.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { links.Close() })
	files := filelink.NewRegistry(filelink.Options{})
	t.Cleanup(func() { files.Close() })
	reg := executors.NewRegistry()
	return &env{t: t, links: links, files: files, exec: New(reg, links, files), dir: t.TempDir()}
}

// sqlite adds a db-link to a new SQLite file.
func (e *env) sqlite(name string) *sql.DB {
	e.t.Helper()
	path := filepath.Join(e.dir, name+".db")
	return e.link(dblink.Link{Name: name, Type: dblink.SQLite, JDBCURL: "jdbc:sqlite:" + path})
}

func (e *env) postgres(name string) *sql.DB {
	e.t.Helper()
	return e.link(pgLink(name, testenv.Postgres(e.t)))
}

func (e *env) mariadb(name string) *sql.DB {
	e.t.Helper()
	return e.link(myLink(name, testenv.MariaDB(e.t)))
}

func pgLink(name string, db testenv.DB) dblink.Link {
	return dblink.Link{Name: name, Type: dblink.Postgres, JDBCURL: db.JDBCURL("postgres"), Username: db.User, Password: db.Password}
}

func myLink(name string, db testenv.DB) dblink.Link {
	return dblink.Link{Name: name, Type: dblink.MariaDB, JDBCURL: db.JDBCURL("mariadb"), Username: db.User, Password: db.Password}
}

func (e *env) link(l dblink.Link) *sql.DB {
	e.t.Helper()
	if err := e.links.Put(l); err != nil {
		e.t.Fatal(err)
	}
	c, err := e.links.OpenRef(context.Background(), workflows.DBLinkRef{Name: l.Name})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { c.Close() })
	return c.DB
}

func (e *env) file(name, content string) string {
	e.t.Helper()
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// run runs one transfer and returns its result and what it logged.
func (e *env) run(ctx context.Context, src *workflows.TransferSource, tg *workflows.TransferTarget) (executors.Result, string) {
	var out, errb bytes.Buffer
	task := executors.Task{InstanceID: "i1", Workflow: "wf", Node: "load", Attempt: 1,
		Action: &workflows.Action{Type: workflows.ActionTransfer, Transfer: &workflows.TransferBody{Source: src, Target: tg}}}
	res := e.exec.Run(ctx, task, executors.TaskIO{Stdout: &out, Stderr: &errb})
	return res, out.String() + errb.String()
}

func (e *env) mustSucceed(src *workflows.TransferSource, tg *workflows.TransferTarget) executors.Result {
	e.t.Helper()
	res, log := e.run(context.Background(), src, tg)
	if res.Status != workflows.AttemptSucceeded {
		e.t.Fatalf("transfer %s: %s\nlog:\n%s", res.Status, res.Message, log)
	}
	return res
}

// rows reads a query's rows as strings (nil for NULL), sorted, for comparison.
func rows(t testing.TB, db *sql.DB, q string) [][]any {
	t.Helper()
	rs, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out [][]any
	for rs.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]any, len(cols))
		for i, v := range vals {
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

func less(a, b []any) bool {
	for i := range a {
		x, _ := a[i].(string)
		y, _ := b[i].(string)
		if x != y {
			return x < y
		}
	}
	return false
}

func wantRows(t testing.TB, db *sql.DB, q string, want [][]any) {
	t.Helper()
	got := rows(t, db, q)
	sort.Slice(want, func(i, j int) bool { return less(want[i], want[j]) })
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %q\nwant %q", q, got, want)
	}
}

func count(t testing.TB, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func fileSrc(path, delim string, header bool) *workflows.TransferSource {
	return &workflows.TransferSource{Kind: workflows.EndpointFile, Text: path, Delimiter: delim, Header: header}
}

func dbSrc(link, text string) *workflows.TransferSource {
	return &workflows.TransferSource{Kind: workflows.EndpointDB, DB: workflows.DBLinkRef{Name: link}, Text: text}
}

func dbTgt(link, table string) *workflows.TransferTarget {
	return &workflows.TransferTarget{Kind: workflows.EndpointDB, DB: workflows.DBLinkRef{Name: link}, Table: table}
}

func readFile(t testing.TB, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
