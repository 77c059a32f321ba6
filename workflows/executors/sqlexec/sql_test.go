package sqlexec

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/executors"
)

// engines gives each test a fresh database of each kind.
var engines = []struct {
	name string
	link func(t *testing.T) dblink.Link
}{
	{"sqlite", sqliteLink},
	{"postgres", func(t *testing.T) dblink.Link { l, _ := pgLink(t); return l }},
	{"mariadb", func(t *testing.T) dblink.Link { l, _ := mariaLink(t); return l }},
}

func TestSQLRowsLandWithSemicolonsInStrings(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			l := e.link(t)
			reg := newRegistry(t, l)
			r := runSQL(t, reg, l.Name, `
				CREATE TABLE t (id INT, s VARCHAR(50));
				-- a comment; with a semicolon
				INSERT INTO t VALUES (1, 'a;b'), (2, 'it''s; ok');
				/* block; comment */
				INSERT INTO t VALUES (3, "x;y");
				UPDATE t SET id = id + 10 WHERE id > 1;
			`)
			if e.name == "postgres" {
				// "x;y" is an identifier in PostgreSQL; use a string there.
				r = runSQL(t, reg, l.Name, `CREATE TABLE t (id INT, s VARCHAR(50));
					INSERT INTO t VALUES (1, 'a;b'), (2, 'it''s; ok'); INSERT INTO t VALUES (3, $q$x;y$q$);
					UPDATE t SET id = id + 10 WHERE id > 1;`)
			}
			wantStatus(t, r, workflows.AttemptSucceeded)
			got := flat(query(t, reg, l.Name, "SELECT id, s FROM t ORDER BY id"))
			if want := "1|a;b\n12|it's; ok\n13|x;y"; got != want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, want)
			}
			for _, w := range []string{"[2/4]", "2 rows", "[4/4]", "committed 4 statements"} {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			if !strings.Contains(r.Message, "4 statements committed") {
				t.Errorf("message %q", r.Message)
			}
		})
	}
}

func TestSQLPostgresDollarQuoting(t *testing.T) {
	l, _ := pgLink(t)
	reg := newRegistry(t, l)
	r := runSQL(t, reg, l.Name, `
		CREATE TABLE log (msg text);
		CREATE FUNCTION note(m text) RETURNS void AS $body$
		BEGIN
			INSERT INTO log VALUES (m || ';');  -- semicolons inside the body
			INSERT INTO log VALUES ('$$;');
		END;
		$body$ LANGUAGE plpgsql;
		SELECT note('one');
		DO $$ BEGIN PERFORM note('two'); END $$;
	`)
	wantStatus(t, r, workflows.AttemptSucceeded)
	got := flat(query(t, reg, l.Name, "SELECT msg FROM log ORDER BY msg"))
	if want := "$$;\n$$;\none;\ntwo;"; got != want {
		t.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
}

func TestSQLMariaDBBackslashEscapes(t *testing.T) {
	l, _ := mariaLink(t)
	reg := newRegistry(t, l)
	r := runSQL(t, reg, l.Name, `CREATE TABLE t (s VARCHAR(20)) DEFAULT CHARSET=utf8mb4; INSERT INTO t VALUES ('a\';b'); # hash; comment
		INSERT INTO t VALUES ('中文;字')`)
	wantStatus(t, r, workflows.AttemptSucceeded)
	if got := flat(query(t, reg, l.Name, "SELECT s FROM t ORDER BY s")); got != "a';b\n中文;字" {
		t.Errorf("rows %q", got)
	}
	if !strings.Contains(r.stdout, "commits implicitly at each DDL statement") {
		t.Errorf("stdout should warn about implicit commits:\n%s", r.stdout)
	}
}

// An error in the third statement fails the node, names the statement and the database's
// message, and rolls back the first two, DDL included where the database can.
func TestSQLErrorRollsBack(t *testing.T) {
	for _, e := range engines[:2] { // sqlite, postgres: transactional DDL
		t.Run(e.name, func(t *testing.T) {
			l := e.link(t)
			reg := newRegistry(t, l)
			wantStatus(t, runSQL(t, reg, l.Name, "CREATE TABLE kept (id INT)"), workflows.AttemptSucceeded)
			r := runSQL(t, reg, l.Name, "INSERT INTO kept VALUES (1);\nCREATE TABLE gone (id INT);\nINSERT INTO no_such_table VALUES (1);\nINSERT INTO kept VALUES (2)")
			wantStatus(t, r, workflows.AttemptFailed)
			for _, w := range []string{"statement 3 of 4 (line 3)", "no_such_table", "rolled back"} {
				if !strings.Contains(r.Message, w) {
					t.Errorf("message %q lacks %q", r.Message, w)
				}
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
			if got := flat(query(t, reg, l.Name, "SELECT count(*) FROM kept")); got != "0" {
				t.Errorf("kept has %s rows after the rollback, want 0", got)
			}
			// The CREATE TABLE was rolled back too: creating it again works.
			wantStatus(t, runSQL(t, reg, l.Name, "CREATE TABLE gone (id INT)"), workflows.AttemptSucceeded)
		})
	}
	t.Run("mariadb", func(t *testing.T) {
		l, _ := mariaLink(t)
		reg := newRegistry(t, l)
		wantStatus(t, runSQL(t, reg, l.Name, "CREATE TABLE kept (id INT) ENGINE=InnoDB"), workflows.AttemptSucceeded)
		r := runSQL(t, reg, l.Name, "INSERT INTO kept VALUES (1);\nINSERT INTO no_such_table VALUES (1)")
		wantStatus(t, r, workflows.AttemptFailed)
		if !strings.Contains(r.Message, "statement 2 of 2 (line 2)") || !strings.Contains(r.Message, "no_such_table") {
			t.Errorf("message %q", r.Message)
		}
		if got := flat(query(t, reg, l.Name, "SELECT count(*) FROM kept")); got != "0" {
			t.Errorf("DML before the error was not rolled back: %s rows", got)
		}
	})
}

func TestSQLUnknownLink(t *testing.T) {
	reg := newRegistry(t, sqliteLink(t))
	r := runSQL(t, reg, "nope", "SELECT 1")
	wantStatus(t, r, workflows.AttemptFailed)
	if want := `db-link "nope" does not exist (known: lite)`; !strings.Contains(r.Message, want) {
		t.Errorf("message %q lacks %q", r.Message, want)
	}
}

func TestSQLWrongPassword(t *testing.T) {
	for _, mk := range []func(*testing.T) dblink.Link{
		func(t *testing.T) dblink.Link { l, _ := pgLink(t); return l },
		func(t *testing.T) dblink.Link { l, _ := mariaLink(t); return l },
	} {
		l := mk(t)
		l.Password = "Wr0ng-Passw0rd-xyz"
		reg := newRegistry(t, l)
		r := runSQL(t, reg, l.Name, "SELECT 1")
		wantStatus(t, r, workflows.AttemptFailed)
		if !strings.Contains(r.Message, "wrong username or password") || !strings.Contains(r.Message, l.Name) {
			t.Errorf("%s: message %q should say the password was refused and name the link", l.Name, r.Message)
		}
		if strings.Contains(r.Message+r.stdout+r.stderr, l.Password) {
			t.Errorf("%s: the password is echoed: %q", l.Name, r.Message+r.stderr)
		}
	}
}

func TestSQLPasswordFromEnvAndFile(t *testing.T) {
	l, db := pgLink(t)
	t.Setenv("AF_SQLEXEC_TEST_PW", db.Password)
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte(db.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fromEnv, fromFile, missing := l, l, l
	fromEnv.Name, fromEnv.Password = "env", "env:AF_SQLEXEC_TEST_PW"
	fromFile.Name, fromFile.Password = "file", "file:"+pwFile
	missing.Name, missing.Password = "missing", "env:AF_SQLEXEC_TEST_UNSET"
	reg := newRegistry(t, fromEnv, fromFile, missing)
	wantStatus(t, runSQL(t, reg, "env", "SELECT 1"), workflows.AttemptSucceeded)
	wantStatus(t, runSQL(t, reg, "file", "SELECT 1"), workflows.AttemptSucceeded)
	r := runSQL(t, reg, "missing", "SELECT 1")
	wantStatus(t, r, workflows.AttemptFailed)
	if !strings.Contains(r.Message, `"missing"`) || !strings.Contains(r.Message, "AF_SQLEXEC_TEST_UNSET") {
		t.Errorf("message %q should name the link and the variable", r.Message)
	}
}

// A kill cancels the running statement on the server and returns promptly as killed.
func TestSQLKillCancelsRunningStatement(t *testing.T) {
	cases := []struct {
		name, sleep, activity string
		link                  func(t *testing.T) dblink.Link
	}{
		{"postgres", "SELECT pg_sleep(30)",
			"SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'",
			func(t *testing.T) dblink.Link { l, _ := pgLink(t); return l }},
		{"mariadb", "SELECT SLEEP(30)",
			"SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(30)'",
			func(t *testing.T) dblink.Link { l, _ := mariaLink(t); return l }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := c.link(t)
			reg := newRegistry(t, l)
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			done := make(chan run, 1)
			go func() { done <- runTask(ctx, t, reg, sqlTask(l.Name, "SELECT 1; "+c.sleep)) }()
			running := func() bool { return flat(query(t, reg, l.Name, c.activity)) != "0" }
			waitFor(t, "the sleep to run on the server", 20*time.Second, running)
			killed := time.Now()
			cancel(executors.ErrKilled)
			var r run
			select {
			case r = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return within 10s of the kill")
			}
			if took := time.Since(killed); took > 3*time.Second {
				t.Errorf("Run returned %s after the kill, want a couple of seconds at most", took)
			}
			wantStatus(t, r, workflows.AttemptKilled)
			if !strings.Contains(r.Message, "statement 2 of 2") {
				t.Errorf("message %q should say which statement was interrupted", r.Message)
			}
			waitFor(t, "the server to stop the statement", 5*time.Second, func() bool { return !running() })
		})
	}
}

func TestSQLTimeoutIsTimedOut(t *testing.T) {
	l := sqliteLink(t)
	reg := newRegistry(t, l)
	ctx, cancel := context.WithTimeoutCause(context.Background(), 300*time.Millisecond, executors.TimedOutAfter(300*time.Millisecond))
	defer cancel()
	start := time.Now()
	r := runTask(ctx, t, reg, sqlTask(l.Name,
		"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) FROM c"))
	wantStatus(t, r, workflows.AttemptTimedOut)
	if !strings.Contains(r.Message, "timed out after 300ms") {
		t.Errorf("message %q", r.Message)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %s", took)
	}
}

func TestSQLInlineLink(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inline.db")
	reg := newRegistry(t)
	task := sqlTask("", "CREATE TABLE t (x INT); INSERT INTO t VALUES (7)")
	task.Action.SQL.DB = workflows.DBLinkRef{Inline: &workflows.InlineLink{Type: "SQLITE", URL: "jdbc:sqlite:" + path}}
	r := runTask(context.Background(), t, reg, task)
	wantStatus(t, r, workflows.AttemptSucceeded)
	if !strings.Contains(r.stdout, "inline:") {
		t.Errorf("stdout should name the inline link:\n%s", r.stdout)
	}
}

func TestSQLUnsupportedDriver(t *testing.T) {
	reg := newRegistry(t, dblink.Link{Name: "ora", Type: dblink.Oracle, JDBCURL: "jdbc:oracle:thin:@h:1521:X"})
	r := runSQL(t, reg, "ora", "SELECT 1 FROM dual")
	wantStatus(t, r, workflows.AttemptFailed)
	if !strings.Contains(r.Message, "no driver for ORACLE in this build") {
		t.Errorf("message %q", r.Message)
	}
}

func TestSQLNoStatements(t *testing.T) {
	l := sqliteLink(t)
	r := runSQL(t, newRegistry(t, l), l.Name, " ; -- nothing\n ;")
	wantStatus(t, r, workflows.AttemptSucceeded)
}

func TestSQLMissingBody(t *testing.T) {
	r := (&SQL{}).Run(context.Background(), executors.Task{Action: &workflows.Action{Type: workflows.ActionSQL}}, executors.TaskIO{})
	if r.Status != workflows.AttemptFailed || !strings.Contains(r.Message, "no sql body") {
		t.Fatalf("status %v, message %q", r.Status, r.Message)
	}
}

// JDBC lets the password travel as a <property>; it must be used as the password, not
// sent to the server as a session variable.
func TestSQLPasswordAsProperty(t *testing.T) {
	l, db := mariaLink(t)
	l.Password = ""
	l.Properties = []dblink.Property{{Name: "password", Value: db.Password}}
	reg := newRegistry(t, l)
	wantStatus(t, runSQL(t, reg, l.Name, "SELECT 1"), workflows.AttemptSucceeded)
	if strings.Contains(flat([][]string{{reg.List()[0].Properties[0].Value}}), db.Password) {
		t.Error("List shows the password property")
	}
}
