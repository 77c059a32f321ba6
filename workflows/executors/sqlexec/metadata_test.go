package sqlexec

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/executors"
)

func metadataTask(link, table string, from []string, cols []workflows.ColumnComment, tableComment string) executors.Task {
	return executors.Task{InstanceID: "i1", Workflow: "wf", Node: "m", Attempt: 1,
		Action: &workflows.Action{Type: workflows.ActionMetadata, Metadata: &workflows.MetadataBody{
			DB: workflows.DBLinkRef{Name: link}, Table: table, From: from, ColumnComments: cols, TableComment: tableComment}}}
}

func runMeta(t *testing.T, reg *dblink.Registry, task executors.Task) run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return runTask(ctx, t, reg, task)
}

func TestMetadataPostgres(t *testing.T) {
	l, _ := pgLink(t)
	reg := newRegistry(t, l)
	wantStatus(t, runSQL(t, reg, l.Name, `
		CREATE TABLE src (id int, name text, city text);
		COMMENT ON COLUMN src.id IS 'from src: id';
		COMMENT ON COLUMN src.name IS 'from src: name';
		CREATE TABLE "Dst" (id int, name text, "Amount" numeric);
		COMMENT ON COLUMN "Dst"."Amount" IS 'already there';`), workflows.AttemptSucceeded)
	r := runMeta(t, reg, metadataTask(l.Name, `"Dst"`, []string{"src"},
		[]workflows.ColumnComment{{Name: "name", Text: "explicit; it's the name"}}, "the table's comment"))
	wantStatus(t, r, workflows.AttemptSucceeded)
	got := flat(query(t, reg, l.Name, `SELECT a.attname, COALESCE(col_description(a.attrelid, a.attnum), '') FROM pg_attribute a
		WHERE a.attrelid = '"Dst"'::regclass AND a.attnum > 0 ORDER BY a.attnum`))
	want := "id|from src: id\nname|explicit; it's the name\nAmount|already there"
	if got != want {
		t.Errorf("column comments:\n%s\nwant:\n%s", got, want)
	}
	if got := flat(query(t, reg, l.Name, `SELECT obj_description('"Dst"'::regclass, 'pg_class')`)); got != "the table's comment" {
		t.Errorf("table comment %q", got)
	}
	// Running again changes nothing.
	r = runMeta(t, reg, metadataTask(l.Name, `"Dst"`, []string{"src"},
		[]workflows.ColumnComment{{Name: "name", Text: "explicit; it's the name"}}, "the table's comment"))
	wantStatus(t, r, workflows.AttemptSucceeded)
	if !strings.Contains(r.Message, "already as wanted") {
		t.Errorf("second run message %q", r.Message)
	}
}

func TestMetadataMariaDBKeepsColumnDefinitions(t *testing.T) {
	l, _ := mariaLink(t)
	reg := newRegistry(t, l)
	wantStatus(t, runSQL(t, reg, l.Name, `
		CREATE TABLE src (id INT COMMENT 'src id', name VARCHAR(10) COMMENT 'src name') DEFAULT CHARSET=utf8mb4;
		CREATE TABLE dst (
			id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY COMMENT 'old',
			name VARCHAR(20) CHARACTER SET utf8mb4 NOT NULL DEFAULT 'it''s; x' COMMENT 'old name',
			ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
		) DEFAULT CHARSET=utf8mb4 COMMENT='old table'`), workflows.AttemptSucceeded)
	before := flat(query(t, reg, l.Name, `SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, 'none'), EXTRA, COALESCE(CHARACTER_SET_NAME, '')
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dst' ORDER BY ORDINAL_POSITION`))
	r := runMeta(t, reg, metadataTask(l.Name, "dst", []string{"src"},
		[]workflows.ColumnComment{{Name: "TS", Text: "改动时间; 'quoted' \\ backslash"}}, "新表"))
	wantStatus(t, r, workflows.AttemptSucceeded)
	got := flat(query(t, reg, l.Name, `SELECT COLUMN_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dst' ORDER BY ORDINAL_POSITION`))
	want := "id|src id\nname|src name\nts|改动时间; 'quoted' \\ backslash"
	if got != want {
		t.Errorf("column comments:\n%s\nwant:\n%s", got, want)
	}
	if got := flat(query(t, reg, l.Name, `SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dst'`)); got != "新表" {
		t.Errorf("table comment %q", got)
	}
	after := flat(query(t, reg, l.Name, `SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, 'none'), EXTRA, COALESCE(CHARACTER_SET_NAME, '')
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dst' ORDER BY ORDINAL_POSITION`))
	if before != after {
		t.Errorf("column definitions changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestMetadataFailures(t *testing.T) {
	l, _ := pgLink(t)
	reg := newRegistry(t, l)
	wantStatus(t, runSQL(t, reg, l.Name, `CREATE TABLE t (a int, b int); COMMENT ON COLUMN t.a IS 'keep'`), workflows.AttemptSucceeded)
	cases := []struct {
		name string
		task executors.Task
		want []string
	}{
		{"missing table", metadataTask(l.Name, "nope", nil, nil, ""), []string{`table "nope" does not exist`}},
		{"missing from table", metadataTask(l.Name, "t", []string{"nope"}, nil, ""), []string{"from table", `"nope" does not exist`}},
		{"unknown column", metadataTask(l.Name, "t", nil, []workflows.ColumnComment{{Name: "zz", Text: "x"}}, ""),
			[]string{"column-comment names zz", "columns: a, b"}},
		{"uncommented column", metadataTask(l.Name, "t", nil, nil, "tc"), []string{"every column", ": b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runMeta(t, reg, c.task)
			wantStatus(t, r, workflows.AttemptFailed)
			for _, w := range c.want {
				if !strings.Contains(r.Message, w) {
					t.Errorf("message %q lacks %q", r.Message, w)
				}
			}
		})
	}
	// Nothing was changed by the failed runs.
	if got := flat(query(t, reg, l.Name, `SELECT COALESCE(obj_description('t'::regclass, 'pg_class'), 'none')`)); got != "none" {
		t.Errorf("a failed run set the table comment: %q", got)
	}
}

func TestMetadataSQLiteHasNoComments(t *testing.T) {
	l := sqliteLink(t)
	reg := newRegistry(t, l)
	wantStatus(t, runSQL(t, reg, l.Name, "CREATE TABLE t (a int)"), workflows.AttemptSucceeded)
	r := runMeta(t, reg, metadataTask(l.Name, "t", nil, []workflows.ColumnComment{{Name: "a", Text: "x"}}, ""))
	wantStatus(t, r, workflows.AttemptFailed)
	if !strings.Contains(r.Message, "sqlite has no table or column comments") {
		t.Errorf("message %q", r.Message)
	}
}
