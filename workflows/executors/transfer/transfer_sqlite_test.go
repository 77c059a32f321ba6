package transfer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

// sample holds what a loader must keep: NULLs, empty strings, unicode, the delimiter, a
// quote and a line break inside values.
const sample = "id,name,note\n" +
	"1,plain,\n" +
	"2,\"a,b\",\"\"\n" +
	"3,ünïcødé ✓,\"say \"\"hi\"\"\nnext line\"\n" +
	"4,NULL,\\N\n"

var sampleRows = [][]any{
	{"1", "plain", nil},
	{"2", "a,b", ""},
	{"3", "ünïcødé ✓", "say \"hi\"\nnext line"},
	{"4", nil, nil},
}

func TestFileToSQLiteCreatesTheTable(t *testing.T) {
	e := newEnv(t)
	db := e.sqlite("lite")
	path := e.file("in.csv", sample)
	res := e.mustSucceed(fileSrc(path, ",", true), dbTgt("lite", "people"))
	if res.Outputs[OutputRows] != "4" || !strings.Contains(res.Message, "transferred 4 rows") {
		t.Fatalf("outputs %v, message %q", res.Outputs, res.Message)
	}
	wantRows(t, db, "SELECT id, name, note FROM people", sampleRows) // header names became columns
}

func TestRaggedFileFailsNamingTheLineAndLoadsNothing(t *testing.T) {
	e := newEnv(t)
	db := e.sqlite("lite")
	if _, err := db.Exec("CREATE TABLE t (a TEXT, b TEXT); INSERT INTO t VALUES ('old', 'row')"); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range 12000 { // several batches go in before the bad line
		b.WriteString("x\ty\n")
		if i == 11000 {
			b.WriteString("only-one-field\n")
		}
	}
	path := e.file("ragged.tsv", b.String())
	tg := dbTgt("lite", "t")
	tg.PreTruncate = true
	res, _ := e.run(context.Background(), fileSrc(path, "TAB", false), tg)
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, path+":11002: 1 fields, but") {
		t.Fatalf("status %s, message %q", res.Status, res.Message)
	}
	wantRows(t, db, "SELECT a, b FROM t", [][]any{{"old", "row"}}) // truncate rolled back too
}

func TestFileToFileRoundTrip(t *testing.T) {
	e := newEnv(t)
	in := e.file("in.csv", sample)
	out := filepath.Join(e.dir, "out.txt")
	tg := &workflows.TransferTarget{Kind: workflows.EndpointFile, Path: out, Delimiter: "####", Header: true,
		Pre: "echo pre-ran > " + filepath.Join(e.dir, "pre.flag"), After: "test -s " + out}
	e.mustSucceed(fileSrc(in, ",", true), tg)
	if _, err := os.Stat(filepath.Join(e.dir, "pre.flag")); err != nil {
		t.Fatalf("<pre> did not run: %v", err)
	}
	// Reading the written file back gives the same rows.
	db := e.sqlite("lite")
	e.mustSucceed(fileSrc(out, "####", true), dbTgt("lite", "back"))
	wantRows(t, db, "SELECT id, name, note FROM back", sampleRows)
}

func TestSQLiteToFileAndTaskNumIsOneForSQLite(t *testing.T) {
	e := newEnv(t)
	db := e.sqlite("lite")
	if _, err := db.Exec(`CREATE TABLE src (id INTEGER, name TEXT, data BLOB);
		INSERT INTO src VALUES (1, 'a	tab', x'00ff'), (2, NULL, NULL)`); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(e.dir, "out.tsv")
	e.mustSucceed(dbSrc("lite", "src"), &workflows.TransferTarget{Kind: workflows.EndpointFile, Path: out})
	got, _ := os.ReadFile(out)
	if want := "1\t\"a\ttab\"\t\\x00ff\n2\t\t\n"; string(got) != want {
		t.Fatalf("file %q, want %q", got, want)
	}
	tg := dbTgt("lite", "copy")
	tg.TaskNum = 4
	res := e.mustSucceed(dbSrc("lite", "SELECT id, name FROM src WHERE id > 0;"), tg)
	if res.Outputs[OutputRows] != "2" {
		t.Fatalf("outputs %v", res.Outputs)
	}
	wantRows(t, db, "SELECT id, name FROM copy", [][]any{{"1", "a\ttab"}, {"2", nil}})
}

func TestPreDeleteRemovesTheOldFileEvenIfTheTransferFails(t *testing.T) {
	e := newEnv(t)
	out := e.file("out.txt", "old\n")
	in := e.file("bad.csv", "a,b\nc\n")
	tg := &workflows.TransferTarget{Kind: workflows.EndpointFile, Path: out, Delimiter: ",", PreDelete: true}
	res, _ := e.run(context.Background(), fileSrc(in, ",", false), tg)
	if res.Status != workflows.AttemptFailed {
		t.Fatalf("status %s: %s", res.Status, res.Message)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("the old file is still there (err %v)", err)
	}
	entries, _ := os.ReadDir(e.dir)
	if len(entries) != 1 { // only bad.csv: no temporary file left behind
		t.Fatalf("files left: %v", entries)
	}
}
