package dblink

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/secret"
)

const goodLinks = `<?xml version="1.0" encoding="UTF-8"?>
<db-links>
  <!-- akkaflow's own schema -->
  <link name="local_mysql" type="MYSQL" jdbc-url="jdbc:mysql://localhost:3306/wf?useSSL=false&amp;autoReconnect=true" username="root" password="root" desc="metadata"/>
  <link name="dw" type="postgresql" jdbc-url="jdbc:postgresql://db.example:5433/dw" username="etl" password="env:DW_PW">
    <properties>
      <property name="sslmode">require</property>
      <property name="application_name"> actorflow </property>
    </properties>
  </link>
  <link name="lite" type="SQLITE" jdbc-url="/var/lib/x.db"/>
</db-links>
`

func TestParseReadsEveryField(t *testing.T) {
	links, err := Parse("conf/db_links.xml", []byte(goodLinks))
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 3 {
		t.Fatalf("got %d links, want 3: %+v", len(links), links)
	}
	m := links[0]
	if m.Name != "local_mysql" || m.Type != MySQL || m.Username != "root" || m.Password != "root" || m.Desc != "metadata" ||
		m.JDBCURL != "jdbc:mysql://localhost:3306/wf?useSSL=false&autoReconnect=true" {
		t.Errorf("mysql link = %+v", m)
	}
	if m.Source != "conf/db_links.xml:4:3" {
		t.Errorf("source = %q, want conf/db_links.xml:4:3", m.Source)
	}
	d := links[1]
	if d.Type != Postgres || d.Password != "env:DW_PW" || len(d.Properties) != 2 ||
		d.Properties[0] != (Property{"sslmode", "require"}) || d.Properties[1] != (Property{"application_name", "actorflow"}) {
		t.Errorf("pg link = %+v", d)
	}
	if links[2].Type != SQLite || links[2].JDBCURL != "/var/lib/x.db" {
		t.Errorf("sqlite link = %+v", links[2])
	}
}

func TestParseReportsPositions(t *testing.T) {
	cases := []struct {
		name, xml string
		want      []string // substrings of the error, in order
	}{
		{"missing url", "<db-links>\n  <link name=\"a\" type=\"MYSQL\"/>\n</db-links>", []string{"f.xml:2:3", "no jdbc-url attribute"}},
		{"bad type", "<db-links>\n\n    <link name=\"a\" type=\"DB2\" jdbc-url=\"x\"/>\n</db-links>", []string{"f.xml:3:5", `unknown db-link type "DB2"`, "MYSQL"}},
		{"url for another type", `<db-links><link name="a" type="MYSQL" jdbc-url="jdbc:postgresql://h/db"/></db-links>`, []string{"f.xml:1:11", "does not fit type MYSQL"}},
		{"duplicate", "<db-links>\n<link name=\"a\" type=\"SQLITE\" jdbc-url=\"/a\"/>\n<link name=\"a\" type=\"SQLITE\" jdbc-url=\"/b\"/>\n</db-links>", []string{"f.xml:3:1", `"a" is defined twice; the first is at f.xml:2:1`}},
		{"unknown attribute", `<db-links><link name="a" type="SQLITE" jdbc-url="/a" pasword="x"/></db-links>`, []string{"f.xml:1:11", `unknown attribute "pasword"`}},
		{"unknown child", "<db-links><link name=\"a\" type=\"SQLITE\" jdbc-url=\"/a\">\n <props/></link></db-links>", []string{"f.xml:2:2", "unknown element <props>"}},
		{"property without name", "<db-links><link name=\"a\" type=\"SQLITE\" jdbc-url=\"/a\"><properties>\n<property>1</property></properties></link></db-links>", []string{"f.xml:2:1", "no name attribute"}},
		{"wrong root", `<file-links/>`, []string{"f.xml:1:1", "want <db-links>"}},
		{"malformed", "<db-links>\n<link name=\"a\">\n</db-links>", []string{"f.xml:3:", "malformed XML"}},
		{"two roots", `<db-links/><db-links/>`, []string{"f.xml:1:12", "second root"}},
		{"chinese column", "<db-links><link 名=\"x\" name=\"a\" type=\"SQLITE\" jdbc-url=\"/a\"/>\n  <中 /></db-links>", []string{"f.xml:1:11", "f.xml:2:3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			links, err := Parse("f.xml", []byte(c.xml))
			if err == nil {
				t.Fatalf("no error; links %+v", links)
			}
			if links != nil {
				t.Errorf("a bad file must yield no links, got %+v", links)
			}
			var we *workflows.Error
			if !errors.As(err, &we) || we.Code != workflows.CodeInvalid || len(we.Problems) == 0 {
				t.Fatalf("want *workflows.Error invalid with problems, got %T %v", err, err)
			}
			msg := err.Error()
			at := 0
			for _, w := range c.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error %q lacks %q (after offset %d)", msg, w, at)
				}
				at += i
			}
		})
	}
}

func TestParseFileMissing(t *testing.T) {
	_, err := ParseFile(filepath.Join(t.TempDir(), "nope.xml"))
	if err == nil || !strings.Contains(err.Error(), "nope.xml") {
		t.Fatalf("err = %v", err)
	}
	p := filepath.Join(t.TempDir(), "db_links.xml")
	if err := os.WriteFile(p, []byte(goodLinks), 0o600); err != nil {
		t.Fatal(err)
	}
	links, err := ParseFile(p)
	if err != nil || len(links) != 3 {
		t.Fatalf("ParseFile = %d links, %v", len(links), err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodLinks))
	f.Add([]byte(`<db-links><link name="a" type="SQLITE" jdbc-url="/a"><properties><property name="x">1</property></properties></link></db-links>`))
	f.Add([]byte("<db-links>\n<link name=\"a\">\n</db-links>"))
	f.Add([]byte(`<db-links><link name="a" type="MYSQL" jdbc-url="jdbc:mysql://u:p@h:1/d?password=x"/></db-links>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		links, err := Parse("f.xml", data)
		if err != nil {
			if links != nil {
				t.Fatal("links returned with an error")
			}
			var we *workflows.Error
			if !errors.As(err, &we) {
				t.Fatalf("error is %T, want *workflows.Error", err)
			}
			for _, p := range we.Problems {
				if p.Pos.File != "f.xml" {
					t.Fatalf("problem without file: %+v", p)
				}
			}
			return
		}
		seen := map[string]bool{}
		for _, l := range links {
			if err := l.Validate(); err != nil {
				t.Fatalf("accepted link fails Validate: %v", err)
			}
			if seen[l.Name] {
				t.Fatalf("duplicate %q accepted", l.Name)
			}
			seen[l.Name] = true
			if l.Password != "" && !secret.IsReference(l.Password) && strings.Contains(l.Redacted().JDBCURL+l.Redacted().Password, l.Password) && len(l.Password) > 6 {
				t.Fatalf("Redacted shows the password %q: %+v", l.Password, l.Redacted())
			}
		}
	})
}
