package e2e

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"

	"github.com/actorflow/actorflow/internal/testenv"
)

// actionsEnv is a standalone server whose conf dir links the real test servers: db-links
// "pg" (PostgreSQL) and "my" (MariaDB), file-link "box" (SFTP on the test sshd, trusted on
// first use), and mail through the SMTP sink.
type actionsEnv struct {
	s     *server
	pg    testenv.DB
	my    testenv.DB
	ssh   testenv.SSHAccount
	smtp  testenv.Mail
	token string // unique to this run: in table names, subjects, remote paths
}

func startActionsEnv(t *testing.T) *actionsEnv {
	t.Helper()
	e := &actionsEnv{pg: testenv.Postgres(t), my: testenv.MariaDB(t), ssh: testenv.SSH(t), smtp: testenv.SMTP(t)}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	e.token = "e2e" + hex.EncodeToString(b)

	conf := filepath.Join(t.TempDir(), "conf")
	writeFile(t, filepath.Join(conf, "db_links.xml"), fmt.Sprintf(`<db-links>
  <link name="pg" type="POSTGRES" jdbc-url="%s" username="%s" password="%s" desc="test PostgreSQL"/>
  <link name="my" type="MARIADB" jdbc-url="%s" username="%s" password="%s"/>
</db-links>
`, e.pg.JDBCURL("postgres"), e.pg.User, e.pg.Password, e.my.JDBCURL("mariadb"), e.my.User, e.my.Password))
	host, port, err := net.SplitHostPort(e.ssh.Addr)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(conf, "file_links.xml"), fmt.Sprintf(`<file-links>
  <link name="box" type="SFTP" host="%s" port="%s" username="%s" key-file="%s"/>
</file-links>
`, host, port, e.ssh.User, e.ssh.KeyFile))
	smtpHost, smtpPort, err := net.SplitHostPort(e.smtp.Addr)
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	writeFile(t, filepath.Join(home, "actorflow.conf"), fmt.Sprintf(
		"mail.host = %s\nmail.port = %s\nmail.from = actorflow@example.com\nmail.tls = none\nmail.retry-backoff = 1s\n",
		smtpHost, smtpPort))
	e.s = startServer(t, withHome(home), withArgs("--conf-dir", conf))
	return e
}

// run loads a one-action workflow and triggers it; it returns the finished instance's id
// after checking its status.
func (e *actionsEnv) run(t *testing.T, name, wfAttrs, actionBody, want string) string {
	t.Helper()
	e.s.add(workflow(name, wfAttrs, "",
		`<start name="start" to="act"/>`,
		fmt.Sprintf(`<action name="act">%s<ok to="end"/></action>`, actionBody),
		`<end name="end"/>`))
	id := e.s.trigger(name)
	e.s.waitFor(id, want, 90*time.Second)
	return id
}

func TestActionExecutorsAgainstRealServers(t *testing.T) {
	t.Parallel()
	e := startActionsEnv(t)
	table := e.token + "_sql"

	t.Run("sql rows land in PostgreSQL", func(t *testing.T) {
		e.run(t, "act_sql", "", fmt.Sprintf(`<sql db-link="pg">
  create table %[1]s (id int primary key, name text);
  insert into %[1]s values (1, 'a;b'), (2, 'c'), (3, 'd');
</sql>`, table), "succeeded")
		conn, err := pgx.Connect(context.Background(), e.pg.PostgresDSN())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		var n int
		var first string
		if err := conn.QueryRow(context.Background(), "select count(*), min(name) from "+table).Scan(&n, &first); err != nil {
			t.Fatal(err)
		}
		if n != 3 || first != "a;b" {
			t.Fatalf("PostgreSQL has %d rows, first name %q; want 3 rows and the literal 'a;b' unsplit", n, first)
		}
	})

	t.Run("transfer PostgreSQL to MariaDB", func(t *testing.T) {
		id := e.run(t, "act_transfer", "", fmt.Sprintf(`<transfer>
  <source type="DB" db-link="pg">select id, name from %s order by id</source>
  <target type="DB" db-link="my" table="copy_%s"/>
</transfer>`, table, e.token), "succeeded")
		db, err := sql.Open("mysql", e.my.MySQLDSN())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow("select count(*) from copy_" + e.token + " where name in ('a;b','c','d')").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Fatalf("MariaDB has %d of the 3 rows", n)
		}
		if got := nodeOf(t, e.s.instance(id), "act").Outputs["transfer.rows"]; got != "3" {
			t.Errorf("output transfer.rows = %q, want 3", got)
		}
	})

	t.Run("data-monitor within and out of bounds", func(t *testing.T) {
		monitor := func(min, max string) string {
			return fmt.Sprintf(`<data-monitor recheck-delay="0"><source type="SQL" db-link="pg">select count(*) from %s;</source>`+
				`<min type="NUM">%s</min><max type="SQL" db-link="my">select %s</max><warn-msg>row count off</warn-msg></data-monitor>`, table, min, max)
		}
		id := e.run(t, "act_monitor_ok", "", monitor("1", "5"), "succeeded")
		if got := nodeOf(t, e.s.instance(id), "act").Outputs["monitor.value"]; got != "3" {
			t.Errorf("monitor.value = %q, want 3", got)
		}
		id = e.run(t, "act_monitor_low", "", monitor("10", "20"), "failed")
		if msg := nodeOf(t, e.s.instance(id), "act").Message; !strings.Contains(msg, "row count off") {
			t.Errorf("out-of-range message %q lacks the warn-msg", msg)
		}
	})

	t.Run("ssh command and file-monitor over SFTP", func(t *testing.T) {
		dir := e.ssh.HomeDir + "/" + e.token
		e.s.add(workflow("act_remote", "", "",
			`<start name="start" to="make"/>`,
			fmt.Sprintf(`<action name="make"><ssh file-link="box">mkdir -p %[1]s &amp;&amp; printf 'x,y\n' &gt; %[1]s/a.csv &amp;&amp; printf 'z\n' &gt; %[1]s/b.csv &amp;&amp; echo made-by-$(whoami)</ssh><ok to="watch"/></action>`, dir),
			fmt.Sprintf(`<action name="watch"><file-monitor recheck-delay="0"><file file-link="box" min-num="2" min-each-size="1B">%s/*.csv</file></file-monitor><ok to="clean"/><error to="clean"/></action>`, dir),
			fmt.Sprintf(`<action name="clean"><ssh file-link="box">rm -rf %s</ssh><ok to="end"/></action>`, dir),
			`<end name="end"/>`))
		id := e.s.trigger("act_remote")
		inst := e.s.waitFor(id, "succeeded", 90*time.Second)
		if w := nodeOf(t, inst, "watch"); w.Status != "succeeded" || w.Outputs["monitor.count"] != "2" {
			t.Fatalf("file-monitor: %s, outputs %v: %s", w.Status, w.Outputs, describe(&inst))
		}
		out := e.s.cli("instance", "log", id, "--node", "make").expect(t, 0)
		if !strings.Contains(out.out, "made-by-"+e.ssh.User) {
			t.Errorf("ssh node's log lacks its remote output: %q (stderr %q)", out.out, out.errOut)
		}
	})

	t.Run("email action mails the workflow's receivers", func(t *testing.T) {
		subject := "e2e mail " + e.token
		e.run(t, "act_email", `mail-receivers="ops-`+e.token+`@example.com"`,
			fmt.Sprintf(`<email subject="%s"><p>report <b>%s</b></p></email>`, subject, e.token), "succeeded")
		msg := e.smtp.WaitFor(t, func(m *mail.Message) bool { return m.Header.Get("Subject") == subject }, 30*time.Second)
		if to := msg.Header.Get("To"); !strings.Contains(to, "ops-"+e.token+"@example.com") {
			t.Errorf("mail went to %q, want the workflow's mail-receivers", to)
		}
	})

	t.Run("completion mail for a failed instance", func(t *testing.T) {
		name := "act_fail_" + e.token
		id := e.run(t, name, `mail-level="W_FAILED" mail-receivers="oncall@example.com"`, script("exit 3"), "failed")
		want := fmt.Sprintf("workflow %s failed (instance %s)", name, id)
		e.smtp.WaitFor(t, func(m *mail.Message) bool { return strings.Contains(m.Header.Get("Subject"), want) }, 30*time.Second)
	})

	t.Run("node retry alerts", func(t *testing.T) {
		// The alert threshold is akkaflow's default: the second try failing with a third to
		// come, and a success after more than one retry.
		failing, flaky := "act_retry_fail_"+e.token, "act_retry_flaky_"+e.token
		counter := filepath.Join(t.TempDir(), "tries")
		for name, a := range map[string]string{
			failing: action("act", `retry-times="2" interval="1"`, "exit 4", "end", ""),
			flaky: action("act", `retry-times="3"`, fmt.Sprintf(
				`echo x >> %[1]q; [ "$(wc -l < %[1]q)" -ge 3 ]`, counter), "end", ""),
		} {
			e.s.add(workflow(name, `mail-receivers="retry@example.com" mail-level=""`, "",
				`<start name="start" to="act"/>`, a, `<end name="end"/>`))
		}
		e.s.waitFor(e.s.trigger(failing), "failed", 60*time.Second)
		e.s.waitFor(e.s.trigger(flaky), "succeeded", 60*time.Second)
		for _, want := range []string{
			fmt.Sprintf("script node %s.act failed (attempt 2 of 3), retrying", failing),
			fmt.Sprintf("script node %s.act succeeded at attempt 3 of 4", flaky),
		} {
			e.smtp.WaitFor(t, func(m *mail.Message) bool { return strings.Contains(m.Header.Get("Subject"), want) }, 30*time.Second)
		}
	})

	t.Run("http call", func(t *testing.T) {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/hook" || r.Header.Get("X-Token") != e.token {
				http.Error(w, "wrong request", http.StatusBadRequest)
				return
			}
			hits.Add(1)
			w.WriteHeader(http.StatusAccepted)
			fmt.Fprint(w, "queued")
		}))
		defer srv.Close()
		id := e.run(t, "act_http", "", fmt.Sprintf(`<http method="POST" url="%s/hook" expect-status="202"><header name="X-Token" value="%s"/><body>{}</body></http>`,
			srv.URL, e.token), "succeeded")
		if hits.Load() != 1 {
			t.Errorf("the server saw %d good requests, want 1", hits.Load())
		}
		if got := nodeOf(t, e.s.instance(id), "act").Outputs["http.status"]; got != strconv.Itoa(http.StatusAccepted) {
			t.Errorf("http.status = %q", got)
		}
	})

	t.Run("file-executor ships the master's files", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "run.sh"), "#!/bin/sh\necho \"shipped-$1-$(cat data.txt)\"\n")
		writeFile(t, filepath.Join(dir, "data.txt"), e.token)
		id := e.run(t, "act_fileexec", "", fmt.Sprintf(
			`<file-executor><command>%s one</command><attach-list><file>%s</file></attach-list></file-executor>`,
			filepath.Join(dir, "run.sh"), filepath.Join(dir, "data.txt")), "succeeded")
		out := e.s.cli("instance", "log", id, "--node", "act").expect(t, 0)
		if !strings.Contains(out.out, "shipped-one-"+e.token) {
			t.Errorf("file-executor output %q lacks the shipped script's and file's work", out.out)
		}
	})

	t.Run("unknown db-link fails the node saying so", func(t *testing.T) {
		id := e.run(t, "act_badlink", "", `<sql db-link="nope">select 1</sql>`, "failed")
		msg := nodeOf(t, e.s.instance(id), "act").Message
		if !strings.Contains(msg, `db-link "nope" does not exist`) || !strings.Contains(msg, "my") || !strings.Contains(msg, "pg") {
			t.Errorf("message %q should name the unknown link and the known ones", msg)
		}
	})
}
