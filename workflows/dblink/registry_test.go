package dblink

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/secret"
)

func liteLink(t *testing.T, name string) Link {
	return Link{Name: name, Type: SQLite, JDBCURL: "jdbc:sqlite:" + filepath.Join(t.TempDir(), name+".db")}
}

func TestRegistryGetListRedacts(t *testing.T) {
	r, err := NewRegistry(liteLink(t, "b"), Link{Name: "a", Type: "postgresql", JDBCURL: "jdbc:postgresql://h/d", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	list := r.List()
	if len(list) != 2 || list[0].Name != "a" || list[1].Name != "b" || list[0].Type != Postgres {
		t.Fatalf("List = %+v", list)
	}
	if list[0].Password != "******" {
		t.Errorf("List shows password %q", list[0].Password)
	}
	if l, err := r.Get("a"); err != nil || l.Password != "s3cret" {
		t.Errorf("Get = %+v, %v", l, err)
	}
	_, err = r.Get("zz")
	if workflows.CodeOf(err) != workflows.CodeNotFound || err.Error() != `db-link "zz" does not exist (known: a, b)` {
		t.Errorf("Get unknown = %v (%s)", err, workflows.CodeOf(err))
	}
	if !r.Delete("a") || r.Delete("a") {
		t.Error("Delete should report whether the link existed")
	}
	if err := r.Put(Link{Name: "x", Type: MySQL, JDBCURL: "jdbc:postgresql://h/d"}); workflows.CodeOf(err) != workflows.CodeInvalid {
		t.Errorf("Put of a bad link = %v", err)
	}
	if err := r.Put(Link{Name: "inline:x", Type: SQLite, JDBCURL: "/x"}); err == nil {
		t.Error("Put accepted a reserved name")
	}
	if _, err := NewRegistry(liteLink(t, "d"), liteLink(t, "d")); err == nil {
		t.Error("NewRegistry accepted a duplicate name")
	}
}

func TestRegistrySharesAndRetiresPools(t *testing.T) {
	ctx := context.Background()
	l := liteLink(t, "lite")
	r, err := NewRegistry(l)
	if err != nil {
		t.Fatal(err)
	}
	c1, err := r.OpenRef(ctx, workflows.DBLinkRef{Name: "lite"})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := r.Open(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	if c1.DB != c2.DB || r.poolCount() != 1 {
		t.Fatalf("two opens of one link should share a pool (pools %d)", r.poolCount())
	}
	if _, err := c1.DB.Exec("CREATE TABLE t (x INT)"); err != nil {
		t.Fatal(err)
	}
	// Changing the link retires the pool, but open handles keep working until closed.
	l2 := liteLink(t, "lite")
	if err := r.Put(l2); err != nil {
		t.Fatal(err)
	}
	if r.poolCount() != 0 {
		t.Fatalf("Put should retire the old pool")
	}
	if _, err := c2.DB.Exec("INSERT INTO t VALUES (1)"); err != nil {
		t.Fatalf("a handle on a retired pool stopped working: %v", err)
	}
	c1.Close()
	c1.Close() // idempotent
	if _, err := c2.DB.Exec("INSERT INTO t VALUES (2)"); err != nil {
		t.Fatalf("closing one handle closed the pool under another: %v", err)
	}
	c2.Close()
	if err := c2.DB.Ping(); err == nil {
		t.Error("the retired pool should be closed once its last handle is")
	}
	c3, err := r.OpenRef(ctx, workflows.DBLinkRef{Name: "lite"})
	if err != nil {
		t.Fatal(err)
	}
	if c3.DB == c2.DB {
		t.Error("a new definition must get a new pool")
	}
	r.Close()
	if err := c3.DB.Ping(); err != nil {
		t.Errorf("Close closed a pool still in use: %v", err)
	}
	c3.Close()
	if _, err := r.OpenRef(ctx, workflows.DBLinkRef{Name: "lite"}); workflows.CodeOf(err) != workflows.CodeUnavailable {
		t.Errorf("Open after Close = %v", err)
	}
}

func TestRegistryConcurrentOpens(t *testing.T) {
	l := liteLink(t, "lite")
	r, err := NewRegistry(l)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 20; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			c, err := r.OpenRef(context.Background(), workflows.DBLinkRef{Name: "lite"})
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			if err := c.DB.Ping(); err != nil {
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			_ = r.List()
			if err := r.Put(l); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestPasswordReferences(t *testing.T) {
	s := secret.Source{
		LookupEnv: func(k string) (string, bool) { return map[string]string{"PW": "from-env"}[k], k == "PW" },
		ReadFile: func(p string) ([]byte, error) {
			if p == "/pw" {
				return []byte("from-file\r\n"), nil
			}
			return nil, errors.New("no such file or directory")
		},
	}
	cases := []struct{ pw, want, err string }{
		{"literal", "literal", ""},
		{"literal:env:PW", "env:PW", ""},
		{"env:PW", "from-env", ""},
		{"file:/pw", "from-file", ""},
		{"env:NOPE", "", `db-link "x": password comes from environment variable NOPE, which is not set`},
		{"file:/nope", "", `db-link "x": cannot read the password file /nope`},
		{"env:", "", "names no environment variable"},
	}
	for _, c := range cases {
		got, err := resolvePassword(s, Link{Name: "x", Password: c.pw})
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: err = %v, want %q", c.pw, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q = %q, %v; want %q", c.pw, got, err, c.want)
		}
	}
}

func TestOpenUnsupportedAndInline(t *testing.T) {
	r, _ := NewRegistry()
	defer r.Close()
	for _, typ := range []Type{Oracle, Hive} {
		url := map[Type]string{Oracle: "jdbc:oracle:thin:@h:1521:X", Hive: "jdbc:hive2://h:10000/d"}[typ]
		_, err := r.Open(context.Background(), Link{Name: "x", Type: typ, JDBCURL: url})
		if workflows.CodeOf(err) != workflows.CodeUnsupported || !strings.Contains(err.Error(), "no driver for "+string(typ)+" in this build") {
			t.Errorf("%s: %v", typ, err)
		}
	}
	in := &workflows.InlineLink{Type: "MYSQL", URL: "jdbc:mysql://u:pw9999@h/d", Username: "etl", Password: "x"}
	l, err := r.Resolve(workflows.DBLinkRef{Inline: in})
	if err != nil || l.Type != MySQL || strings.Contains(l.Name, "pw9999") || !strings.HasPrefix(l.Name, "inline:etl@") {
		t.Errorf("inline = %+v, %v", l, err)
	}
	if _, err := r.Resolve(workflows.DBLinkRef{}); workflows.CodeOf(err) != workflows.CodeInvalid {
		t.Errorf("empty ref = %v", err)
	}
}

func TestDialectSQL(t *testing.T) {
	pg, my := dialects[Postgres], dialects[MySQL]
	parts, err := pg.ParseQualified(`Public."My ""T"""`)
	if err != nil || len(parts) != 2 || parts[0] != "public" || parts[1] != `My "T"` {
		t.Fatalf("ParseQualified = %q, %v", parts, err)
	}
	if got := pg.QuoteQualified(parts); got != `"public"."My ""T"""` {
		t.Errorf("QuoteQualified = %s", got)
	}
	if _, err := pg.ParseQualified("a b"); err == nil {
		t.Error("a bare name with a space was accepted")
	}
	if got, _ := my.ColumnCommentSQL([]string{"db", "t"}, "c", "int(11) NOT NULL", `it's \ x`); got != "ALTER TABLE `db`.`t` MODIFY COLUMN `c` int(11) NOT NULL COMMENT 'it''s \\\\ x'" {
		t.Errorf("mysql column comment: %s", got)
	}
	if got, _ := pg.TableCommentSQL([]string{"t"}, "it's"); got != `COMMENT ON TABLE "t" IS 'it''s'` {
		t.Errorf("pg table comment: %s", got)
	}
	if got := pg.CreateTableSQL([]string{"t"}, []ColumnSpec{{"a", KindInteger, 0}, {"b", KindString, 20}, {"c", KindString, 0}}); got != `CREATE TABLE "t" ("a" bigint, "b" varchar(20), "c" text)` {
		t.Errorf("create: %s", got)
	}
	if pg.Placeholder(2) != "$2" || my.Placeholder(2) != "?" {
		t.Error("placeholders")
	}
	if got := mysqlColumnDefinitions("CREATE TABLE `t` (\n  `a``b` varchar(20) NOT NULL DEFAULT 'x COMMENT ''y''' COMMENT 'old, ''c''',\n  `ts` timestamp NOT NULL\n) ENGINE=InnoDB COMMENT='t'"); got["a`b"] != "varchar(20) NOT NULL DEFAULT 'x COMMENT ''y'''" || got["ts"] != "timestamp NOT NULL" {
		t.Errorf("definitions = %q", got)
	}
}
