package testenv

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/ssh"
)

// recordingTB stands in for a testing.TB to observe Skip and Fatal without ending the test. It
// keeps the first message of each, because a real Fatal or Skip would have stopped right there.
type recordingTB struct {
	testing.TB
	skipped, fatal string
}

func (r *recordingTB) Helper()           {}
func (r *recordingTB) Name() string      { return "TestRecording" }
func (r *recordingTB) Skip(args ...any)  { r.skipped = first(r.skipped, fmt.Sprint(args...)) }
func (r *recordingTB) Fatal(args ...any) { r.fatal = first(r.fatal, fmt.Sprint(args...)) }
func (r *recordingTB) Fatalf(format string, args ...any) {
	r.fatal = first(r.fatal, fmt.Sprintf(format, args...))
}

func first(old, new string) string {
	if old != "" {
		return old
	}
	return new
}

func TestMissingVariableSkipsUnlessRequired(t *testing.T) {
	t.Setenv("ACTORFLOW_TEST_PG_ADDR", "")
	t.Setenv(requiredVar, "")
	r := &recordingTB{TB: t}
	Postgres(r)
	if r.fatal != "" || !strings.Contains(r.skipped, "ACTORFLOW_TEST_PG_ADDR") ||
		!strings.Contains(r.skipped, "testservers_start") {
		t.Errorf("without the variable: skipped %q, fatal %q; want a skip naming the variable and how to start servers", r.skipped, r.fatal)
	}

	t.Setenv(requiredVar, "required")
	r = &recordingTB{TB: t}
	Postgres(r)
	if r.skipped != "" || !strings.Contains(r.fatal, "ACTORFLOW_TEST_PG_ADDR") {
		t.Errorf("required: skipped %q, fatal %q; want a failure naming the variable", r.skipped, r.fatal)
	}
}

func TestUnreachableServerFailsEvenWhenNotRequired(t *testing.T) {
	// A port that was just free: nothing listens there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	t.Setenv(requiredVar, "")
	t.Setenv("ACTORFLOW_TEST_SMTP_ADDR", addr)
	t.Setenv("ACTORFLOW_TEST_MAILDIR", t.TempDir())
	r := &recordingTB{TB: t}
	SMTP(r)
	if r.skipped != "" || !strings.Contains(r.fatal, addr) {
		t.Errorf("skipped %q, fatal %q; want a failure naming %s", r.skipped, r.fatal, addr)
	}
}

func TestDatabaseNameIsValidAndUnique(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z0-9_]{1,63}$`)
	for _, name := range []string{
		"TestX",
		"TestX/sub case #1 — ünïcode",
		strings.Repeat("TestVeryLong/", 20),
		"///",
	} {
		a, b := databaseName(name), databaseName(name)
		if !valid.MatchString(a) || !strings.HasPrefix(a, "t_") {
			t.Errorf("databaseName(%q) = %q, want t_ and [a-z0-9_], at most 63 bytes", name, a)
		}
		if a == b {
			t.Errorf("databaseName(%q) returned %q twice", name, a)
		}
	}
	if got := databaseName("TestX/sub case"); !strings.HasPrefix(got, "t_testx_sub_case_") {
		t.Errorf("databaseName kept too little of the test name: %q", got)
	}
}

func TestDSNs(t *testing.T) {
	d := DB{Host: "127.0.0.1", Port: 5432, User: "u", Password: "p@ss/w", Database: "d"}
	for _, c := range []struct{ got, want string }{
		{d.PostgresDSN(), "postgres://u:p%40ss%2Fw@127.0.0.1:5432/d?sslmode=disable"},
		{d.MySQLDSN(), "u:p@ss/w@tcp(127.0.0.1:5432)/d?parseTime=true&multiStatements=false"},
		{d.JDBCURL("postgres"), "jdbc:postgresql://127.0.0.1:5432/d"},
		{d.JDBCURL("mysql"), "jdbc:mysql://127.0.0.1:5432/d"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestPostgresGivesAFreshDatabaseAndDropsIt(t *testing.T) {
	var name string
	var admin DB
	t.Run("inner", func(t *testing.T) {
		d := Postgres(t)
		other := Postgres(t)
		if d.Database == other.Database {
			t.Fatalf("two calls gave the same database %s", d.Database)
		}
		name, admin = d.Database, d
		admin.Database = serverDatabase
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, d.PostgresDSN())
		if err != nil {
			t.Fatalf("connecting to the fresh database: %v", err)
		}
		defer conn.Close(ctx)
		var current string
		if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&current); err != nil || current != name {
			t.Fatalf("current_database() = %q, %v; want %s", current, err, name)
		}
		if _, err := conn.Exec(ctx, "CREATE TABLE t (id int)"); err != nil {
			t.Fatalf("the user cannot create a table in its fresh database: %v", err)
		}
		wrong := d
		wrong.Password = "wrong"
		if c, err := pgx.Connect(ctx, wrong.PostgresDSN()); err == nil {
			c.Close(ctx)
			t.Error("a wrong password was accepted over TCP")
		}
	})
	if name == "" {
		t.Skip("the inner test was skipped")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin.PostgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil || n != 0 {
		t.Errorf("after cleanup, %d databases named %s (err %v); want it dropped", n, name, err)
	}
}

func TestMariaDBGivesAFreshDatabaseAndDropsIt(t *testing.T) {
	var name string
	var admin DB
	t.Run("inner", func(t *testing.T) {
		d := MariaDB(t)
		name, admin = d.Database, d
		admin.Database = serverDatabase
		db, err := sql.Open("mysql", d.MySQLDSN())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var current string
		if err := db.QueryRow("SELECT DATABASE()").Scan(&current); err != nil || current != name {
			t.Fatalf("DATABASE() = %q, %v; want %s", current, err, name)
		}
		var now time.Time // parseTime=true lets DATETIME scan into time.Time
		if err := db.QueryRow("SELECT NOW()").Scan(&now); err != nil {
			t.Fatalf("scanning NOW() into time.Time: %v", err)
		}
		if _, err := db.Exec("CREATE TABLE t (id int); CREATE TABLE u (id int)"); err == nil {
			t.Error("two statements in one Exec were accepted; want multiStatements=false")
		}
		wrong := d
		wrong.Password = "wrong"
		w, _ := sql.Open("mysql", wrong.MySQLDSN())
		defer w.Close()
		if err := w.Ping(); err == nil {
			t.Error("a wrong password was accepted over TCP")
		}
	})
	if name == "" {
		t.Skip("the inner test was skipped")
	}
	db, err := sql.Open("mysql", admin.MySQLDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", name).Scan(&n); err != nil || n != 0 {
		t.Errorf("after cleanup, %d databases named %s (err %v); want it dropped", n, name, err)
	}
}

func TestSMTPDeliversToMaildir(t *testing.T) {
	m := SMTP(t)
	subject := "testenv " + databaseName(t.Name())
	body := "From: sender@example.test\r\nTo: rcpt@example.test\r\nSubject: " + subject + "\r\n\r\nhello\r\n"
	if err := smtp.SendMail(m.Addr, nil, "sender@example.test", []string{"rcpt@example.test"}, []byte(body)); err != nil {
		t.Fatalf("sending to %s: %v", m.Addr, err)
	}
	msg := m.WaitFor(t, func(msg *mail.Message) bool { return msg.Header.Get("Subject") == subject }, 10*time.Second)
	if got := msg.Header.Get("From"); got != "sender@example.test" {
		t.Errorf("From = %q", got)
	}

	// A match that never comes fails, listing what did arrive (our message among it).
	r := &recordingTB{TB: t}
	if got := m.WaitFor(r, func(*mail.Message) bool { return false }, 100*time.Millisecond); got != nil {
		t.Errorf("WaitFor returned %v for a match that is never true", got.Header)
	}
	if !strings.Contains(r.fatal, subject) {
		t.Errorf("WaitFor failure does not list the arrived mail %q:\n%s", subject, r.fatal)
	}
}

func TestSSHLogsInWithKeyAndPassword(t *testing.T) {
	a := SSH(t)
	keyPEM, err := os.ReadFile(a.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(keyPEM)
	if err != nil {
		t.Fatalf("parsing %s: %v", a.KeyFile, err)
	}
	for name, auth := range map[string]ssh.AuthMethod{
		"key":      ssh.PublicKeys(signer),
		"password": ssh.Password(a.Password),
	} {
		client, err := ssh.Dial("tcp", a.Addr, &ssh.ClientConfig{
			User:            a.User,
			Auth:            []ssh.AuthMethod{auth},
			HostKeyCallback: ssh.InsecureIgnoreHostKey(), // the test server's key is made per machine
			Timeout:         serverTimeout,
		})
		if err != nil {
			t.Errorf("%s login as %s at %s: %v", name, a.User, a.Addr, err)
			continue
		}
		session, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		out, err := session.Output("pwd")
		session.Close()
		client.Close()
		if err != nil || strings.TrimSpace(string(out)) != a.HomeDir {
			t.Errorf("%s login: pwd = %q, %v; want HomeDir %s", name, out, err, a.HomeDir)
		}
	}
}

func TestChromiumIsAnExecutable(t *testing.T) {
	path := Chromium(t)
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o111 == 0 {
		t.Errorf("Chromium(t) = %q: %v, mode %v", path, err, st)
	}
}
