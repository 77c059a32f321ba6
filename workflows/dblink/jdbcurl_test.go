package dblink

import (
	"strings"
	"testing"
)

func TestParseJDBCURL(t *testing.T) {
	cases := []struct {
		typ  Type
		url  string
		want Endpoint
	}{
		{MySQL, "jdbc:mysql://localhost:3306/wf?useSSL=false&autoReconnect=true",
			Endpoint{Type: MySQL, Host: "localhost", Port: 3306, Database: "wf", Params: []Property{{"useSSL", "false"}, {"autoReconnect", "true"}}}},
		{MySQL, "jdbc:mysql://db.x/wf", Endpoint{Type: MySQL, Host: "db.x", Port: 3306, Database: "wf"}},
		{MariaDB, "jdbc:mariadb://10.0.0.1:3307", Endpoint{Type: MariaDB, Host: "10.0.0.1", Port: 3307}},
		{MySQL, "jdbc:mysql://u:s3cret@h:1/d?user=v&password=w&x=1",
			Endpoint{Type: MySQL, Host: "h", Port: 1, Database: "d", User: "v", Password: "w", Params: []Property{{"x", "1"}}}},
		{Postgres, "jdbc:postgresql://[::1]:5433/dw?currentSchema=a%2Cb",
			Endpoint{Type: Postgres, Host: "::1", Port: 5433, Database: "dw", Params: []Property{{"currentSchema", "a,b"}}}},
		{Postgres, "jdbc:postgresql:dw", Endpoint{Type: Postgres, Host: "localhost", Port: 5432, Database: "dw"}},
		{Postgres, "postgres://h/dw", Endpoint{Type: Postgres, Host: "h", Port: 5432, Database: "dw"}},
		{SQLite, "jdbc:sqlite:/tmp/a.db", Endpoint{Type: SQLite, Path: "/tmp/a.db"}},
		{SQLite, "jdbc:sqlite::memory:", Endpoint{Type: SQLite, Path: ":memory:"}},
		{SQLite, "data/a.db", Endpoint{Type: SQLite, Path: "data/a.db"}},
		{Hive, "jdbc:hive2://h:10001/db;principal=x", Endpoint{Type: Hive, Host: "h", Port: 10001, Database: "db"}},
		{Oracle, "jdbc:oracle:thin:@h:1521:ORCL", Endpoint{Type: Oracle, Port: 1521}},
	}
	for _, c := range cases {
		got, err := ParseJDBCURL(c.typ, c.url)
		if err != nil {
			t.Errorf("%s %s: %v", c.typ, c.url, err)
			continue
		}
		if got.Type != c.want.Type || got.Host != c.want.Host || got.Port != c.want.Port || got.Database != c.want.Database ||
			got.Path != c.want.Path || got.User != c.want.User || got.Password != c.want.Password || len(got.Params) != len(c.want.Params) {
			t.Errorf("%s %s:\n got %+v\nwant %+v", c.typ, c.url, got, c.want)
			continue
		}
		for i := range got.Params {
			if got.Params[i] != c.want.Params[i] {
				t.Errorf("%s: param %d = %v, want %v", c.url, i, got.Params[i], c.want.Params[i])
			}
		}
	}
}

func TestParseJDBCURLRejects(t *testing.T) {
	cases := []struct {
		typ       Type
		url, want string
	}{
		{MySQL, "", "empty"},
		{MySQL, "jdbc:postgresql://h/d", "does not fit type MYSQL"},
		{MySQL, "jdbc:mysql:loadbalance://h1,h2/d", "sub-protocols"},
		{MySQL, "jdbc:mysql://h1:1,h2:2/d", "several hosts"},
		{Postgres, "jdbc:postgresql://h:99999/d", "port"},
		{SQLite, "jdbc:mysql://h/d", "not a SQLite URL"},
		{SQLite, "jdbc:sqlite:", "names no database file"},
		{Oracle, "jdbc:mysql://h/d", "jdbc:oracle:"},
		{"DB2", "jdbc:db2://h/d", "unknown db-link type"},
		{MySQL, "jdbc:mysql://u:topsecret@h:x/d", "port"},
	}
	for _, c := range cases {
		_, err := ParseJDBCURL(c.typ, c.url)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: err = %v, want it to mention %q", c.typ, c.url, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "topsecret") {
			t.Errorf("%q: error shows the password: %v", c.url, err)
		}
	}
}

func TestRedacted(t *testing.T) {
	l := Link{Name: "a", Type: MySQL, JDBCURL: "jdbc:mysql://u:pw1234@h/d?password=abcd&x=1", Password: "literal-pw",
		Properties: []Property{{"password", "p2"}, {"x", "y"}}}
	r := l.Redacted()
	all := r.JDBCURL + r.Password + r.Properties[0].Value
	for _, secret := range []string{"pw1234", "abcd", "literal-pw", "p2"} {
		if strings.Contains(all, secret) {
			t.Errorf("redacted link shows %q: %+v", secret, r)
		}
	}
	if r.Properties[1].Value != "y" || !strings.Contains(r.JDBCURL, "x=1") {
		t.Errorf("redaction removed too much: %+v", r)
	}
	if l.Properties[0].Value != "p2" {
		t.Error("Redacted changed the original's properties")
	}
	if got := (Link{Password: "env:X"}).Redacted().Password; got != "env:X" {
		t.Errorf("a password reference should stay visible, got %q", got)
	}
}

func FuzzParseJDBCURL(f *testing.F) {
	for _, s := range []string{"jdbc:mysql://localhost:3306/wf?useSSL=false", "jdbc:postgresql:dw", "jdbc:postgresql://[::1]:1/d",
		"jdbc:sqlite:/a?x=1", "jdbc:hive2://h/d;a=b", "jdbc:oracle:thin:@h:1:X", "mysql://u:p@h/d?password=q", "%zz"} {
		for _, typ := range []string{"MYSQL", "POSTGRES", "SQLITE", "HIVE", "ORACLE", "MARIADB"} {
			f.Add(typ, s)
		}
	}
	f.Fuzz(func(t *testing.T, typ, raw string) {
		ep, err := ParseJDBCURL(Type(typ), raw)
		if err != nil {
			return
		}
		if ep.Type == SQLite {
			if ep.Path == "" {
				t.Fatal("SQLite endpoint without a path")
			}
			return
		}
		if ep.Port <= 0 || ep.Port > 65535 {
			t.Fatalf("port %d out of range for %q", ep.Port, raw)
		}
		if ep.Type != Oracle && ep.Host == "" {
			t.Fatalf("no host for %q", raw)
		}
		_ = redactURL(raw)
	})
}
