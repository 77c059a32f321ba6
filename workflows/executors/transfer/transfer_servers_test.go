package transfer

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/filelink"
)

func TestFileToPostgresAndOnToMariaDBWithFourWriters(t *testing.T) {
	e := newEnv(t)
	pg := e.postgres("pg")
	my := e.mariadb("my")
	path := e.file("in.csv", sample)
	e.mustSucceed(fileSrc(path, ",", true), dbTgt("pg", "people"))
	wantRows(t, pg, "SELECT id, name, note FROM people", sampleRows)

	tg := dbTgt("my", "people_copy")
	tg.TaskNum = 4
	res := e.mustSucceed(dbSrc("pg", "people"), tg)
	if res.Outputs[OutputRows] != "4" {
		t.Fatalf("outputs %v", res.Outputs)
	}
	wantRows(t, my, "SELECT id, name, note FROM people_copy", sampleRows)
	var stages int
	if err := my.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'af_stage%'").Scan(&stages); err != nil || stages != 0 {
		t.Fatalf("staging tables left: %d (%v)", stages, err)
	}
}

// typedRows has every kind of column the type mapping handles.
const typedDDL = `CREATE TABLE typed (i BIGINT, d NUMERIC(12,3), f DOUBLE PRECISION, b BOOLEAN, dt DATE,
	ts TIMESTAMP, s VARCHAR(20), x TEXT, bin BYTEA)`

func TestTypesMapFromPostgresToMariaDBAndSQLite(t *testing.T) {
	e := newEnv(t)
	pg := e.postgres("pg")
	my := e.mariadb("my")
	lite := e.sqlite("lite")
	if _, err := pg.Exec(typedDDL); err != nil {
		t.Fatal(err)
	}
	if _, err := pg.Exec(`INSERT INTO typed VALUES (-42, 1234.500, 0.25, true, '2024-02-29', '2024-02-29 13:14:15.5', 'tab	and\back', 'ünï', '\x00ff41'),
		(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"my", "lite"} {
		tg := dbTgt(to, "typed_copy")
		e.mustSucceed(dbSrc("pg", "SELECT * FROM typed"), tg)
	}
	var bin []byte
	if err := my.QueryRow("SELECT bin FROM typed_copy WHERE i = -42").Scan(&bin); err != nil || string(bin) != "\x00\xffA" {
		t.Fatalf("binary column: %q, %v", bin, err)
	}
	wantRows(t, my, "SELECT i, d, f, b, dt, ts, s, x FROM typed_copy", [][]any{
		{"-42", "1234.5000000000", "0.25", "1", "2024-02-29", "2024-02-29 13:14:15.500000", "tab\tand\\back", "ünï"},
		{nil, nil, nil, nil, nil, nil, nil, nil},
	})
	wantRows(t, lite, "SELECT i, s, x, typeof(i) FROM typed_copy", [][]any{
		{"-42", "tab\tand\\back", "ünï", "integer"},
		{nil, nil, nil, "null"},
	})
	var colType string
	if err := my.QueryRow("SELECT data_type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'typed_copy' AND column_name = 'i'").Scan(&colType); err != nil || colType != "bigint" {
		t.Fatalf("column i was created as %q (%v), want bigint", colType, err)
	}
}

// An error in the middle of the load (a constraint violated by a late row) rolls back
// everything, including is-pre-truncate and <pre>, on PostgreSQL (one transaction) and
// MariaDB (staging table), with one writer and with four.
func TestErrorMidLoadRollsBack(t *testing.T) {
	for _, kind := range []string{"pg", "my"} {
		for _, writers := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/task-num=%d", kind, writers), func(t *testing.T) {
				e := newEnv(t)
				sqlDB := e.postgres
				if kind == "my" {
					sqlDB = e.mariadb
				}
				target := sqlDB(kind)
				if _, err := target.Exec("CREATE TABLE t (id INT NOT NULL, v VARCHAR(10))"); err != nil {
					t.Fatal(err)
				}
				if _, err := target.Exec("INSERT INTO t VALUES (0, 'old')"); err != nil {
					t.Fatal(err)
				}
				var b strings.Builder
				for i := 1; i <= 30000; i++ {
					if i == 25000 {
						b.WriteString("\\N\tbad\n") // NULL into a NOT NULL column
						continue
					}
					fmt.Fprintf(&b, "%d\tv%d\n", i, i)
				}
				path := e.file("in.tsv", b.String())
				tg := dbTgt(kind, "t")
				tg.PreTruncate, tg.TaskNum = true, writers
				tg.Pre = "INSERT INTO t VALUES (-1, 'pre')"
				res, log := e.run(context.Background(), fileSrc(path, "", false), tg)
				if res.Status != workflows.AttemptFailed {
					t.Fatalf("status %s: %s\n%s", res.Status, res.Message, log)
				}
				if !strings.Contains(res.Message, "nothing loaded") {
					t.Errorf("message %q does not say nothing was loaded", res.Message)
				}
				wantRows(t, target, "SELECT id, v FROM t", [][]any{{"0", "old"}})
			})
		}
	}
}

func TestMissingTableCreatedAndDroppedAgainOnFailureInMariaDB(t *testing.T) {
	e := newEnv(t)
	my := e.mariadb("my")
	path := e.file("in.csv", "1,a\n2,b\n")
	tg := dbTgt("my", "fresh")
	tg.After = "SELECT no_such_column FROM fresh"
	res, _ := e.run(context.Background(), fileSrc(path, ",", false), tg)
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, "<after> statement at line 1") {
		t.Fatalf("status %s: %s", res.Status, res.Message)
	}
	var n int
	if err := my.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d tables left after the failed load (%v); want none", n, err)
	}
	tg.After = ""
	e.mustSucceed(fileSrc(path, ",", false), tg)
	wantRows(t, my, "SELECT col_0, col_1 FROM fresh", [][]any{{"1", "a"}, {"2", "b"}})
}

// blockingFS serves one file that yields rows and then blocks until the transfer is
// killed, so the kill lands mid-load.
type blockingFS struct {
	filelink.FS
	reached chan struct{}
}

func (b blockingFS) Open(ctx context.Context, _ string) (io.ReadCloser, error) {
	pr, pw := io.Pipe()
	go func() {
		for i := range 20000 {
			fmt.Fprintf(pw, "%d\tx\n", i)
		}
		close(b.reached)
		<-ctx.Done()
		pw.CloseWithError(ctx.Err())
	}()
	return pr, nil
}

type fsOverride struct {
	Files
	fs filelink.FS
}

func (f fsOverride) Open(ctx context.Context, name string) (filelink.FS, error) {
	if name == "blocking" {
		return f.fs, nil
	}
	return f.Files.Open(ctx, name)
}

func TestKillStopsReadingAndRollsBack(t *testing.T) {
	for _, kind := range []string{"pg", "my"} {
		t.Run(kind, func(t *testing.T) {
			e := newEnv(t)
			open := e.postgres
			if kind == "my" {
				open = e.mariadb
			}
			db := open(kind)
			bfs := blockingFS{reached: make(chan struct{})}
			e.exec.files = fsOverride{Files: e.files, fs: bfs}
			ctx, cancel := context.WithCancelCause(context.Background())
			done := make(chan executors.Result, 1)
			go func() {
				src := fileSrc("rows.tsv", "", false)
				src.FileLink = "blocking"
				res, _ := e.run(ctx, src, dbTgt(kind, "killed"))
				done <- res
			}()
			select {
			case <-bfs.reached:
			case <-time.After(30 * time.Second):
				t.Fatal("the source was never read to its end")
			}
			cancel(executors.ErrKilled)
			var res executors.Result
			select {
			case res = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("the transfer did not stop after the kill")
			}
			if res.Status != workflows.AttemptKilled || !strings.Contains(res.Message, "rolled back") {
				t.Fatalf("status %s: %s", res.Status, res.Message)
			}
			var exists int
			q := "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'killed' OR table_name LIKE 'af_stage%'"
			if err := db.QueryRow(q).Scan(&exists); err != nil || exists != 0 {
				t.Fatalf("%d tables left after the kill (%v)", exists, err)
			}
		})
	}
}

func TestMariaDBToFile(t *testing.T) {
	e := newEnv(t)
	my := e.mariadb("my")
	if _, err := my.Exec("CREATE TABLE src (id INT, s VARCHAR(20), dt DATETIME)"); err != nil {
		t.Fatal(err)
	}
	if _, err := my.Exec("INSERT INTO src VALUES (1, 'a|b', '2024-01-02 03:04:05'), (2, NULL, NULL), (3, '', NULL)"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(e.dir, "out.psv")
	e.mustSucceed(dbSrc("my", "SELECT * FROM src ORDER BY id"),
		&workflows.TransferTarget{Kind: workflows.EndpointFile, Path: out, Delimiter: "|", Header: true})
	got := readFile(t, out)
	if want := "id|s|dt\n1|\"a|b\"|2024-01-02 03:04:05\n2||\n3|\"\"|\n"; got != want {
		t.Fatalf("file %q\nwant %q", got, want)
	}
}
