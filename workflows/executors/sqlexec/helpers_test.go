package sqlexec

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/internal/testenv"
	"github.com/actorflow/actorflow/internal/wait"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/executors"
)

// syncBuffer is a bytes.Buffer safe for a writer and a polling reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// run is one attempt's outcome plus its logs.
type run struct {
	executors.Result
	stdout, stderr string
}

func newRegistry(t *testing.T, links ...dblink.Link) *dblink.Registry {
	t.Helper()
	reg, err := dblink.NewRegistry(links...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	return reg
}

func sqlTask(link, text string) executors.Task {
	return executors.Task{InstanceID: "i1", Workflow: "wf", Node: "n", Attempt: 1,
		Action: &workflows.Action{Type: workflows.ActionSQL, SQL: &workflows.SQLBody{DB: workflows.DBLinkRef{Name: link}, Text: text}}}
}

func runTask(ctx context.Context, t *testing.T, reg *dblink.Registry, task executors.Task) run {
	t.Helper()
	r := executors.NewRegistry()
	Register(r, reg)
	var out, errw syncBuffer
	res := r.Run(ctx, task, executors.TaskIO{Stdout: &out, Stderr: &errw})
	return run{Result: res, stdout: out.String(), stderr: errw.String()}
}

func runSQL(t *testing.T, reg *dblink.Registry, link, text string) run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return runTask(ctx, t, reg, sqlTask(link, text))
}

func sqliteLink(t *testing.T) dblink.Link {
	return dblink.Link{Name: "lite", Type: dblink.SQLite, JDBCURL: "jdbc:sqlite:" + filepath.Join(t.TempDir(), "t.db")}
}

func pgLink(t *testing.T) (dblink.Link, testenv.DB) {
	db := testenv.Postgres(t)
	return dblink.Link{Name: "pg", Type: dblink.Postgres, JDBCURL: db.JDBCURL("postgres") + "?sslmode=disable",
		Username: db.User, Password: db.Password}, db
}

func mariaLink(t *testing.T) (dblink.Link, testenv.DB) {
	db := testenv.MariaDB(t)
	return dblink.Link{Name: "maria", Type: dblink.MariaDB, JDBCURL: db.JDBCURL("mariadb") + "?useSSL=false&autoReconnect=true",
		Username: db.User, Password: db.Password}, db
}

// query opens the link outside the executor and returns the rows of q as strings.
func query(t *testing.T, reg *dblink.Registry, link, q string, args ...any) [][]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := reg.OpenRef(ctx, workflows.DBLinkRef{Name: link})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows, err := c.DB.QueryContext(ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
			if !v.Valid {
				row[i] = "NULL"
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func flat(rows [][]string) string {
	var parts []string
	for _, r := range rows {
		parts = append(parts, strings.Join(r, "|"))
	}
	return strings.Join(parts, "\n")
}

func wantStatus(t *testing.T, r run, want workflows.AttemptStatus) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %v, want %v; message %q\nstdout:\n%s\nstderr:\n%s", r.Status, want, r.Message, r.stdout, r.stderr)
	}
}

// waitFor polls cond until it is true or the deadline passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	wait.For(t, timeout, cond, "gave up waiting for %s", what)
}

func itoa(n int) string { return strconv.Itoa(n) }
