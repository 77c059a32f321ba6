package dblink

import (
	"slices"
	"strings"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/secret"
)

// Type is a database type as db_links.xml names it, upper case.
type Type string

const (
	SQLite   Type = "SQLITE"
	Postgres Type = "POSTGRES" // POSTGRESQL is read as an alias
	MySQL    Type = "MYSQL"
	MariaDB  Type = "MARIADB"
	Oracle   Type = "ORACLE" // accepted in configuration; this build has no driver
	Hive     Type = "HIVE"   // accepted in configuration; this build has no driver
)

// Types lists every accepted type, in the order messages show them.
var Types = []Type{MySQL, MariaDB, Postgres, SQLite, Oracle, Hive}

// ParseType reads a type name in any case; POSTGRESQL and PG mean POSTGRES.
func ParseType(s string) (Type, error) {
	t := Type(strings.ToUpper(strings.TrimSpace(s)))
	switch t {
	case "POSTGRESQL", "PG":
		return Postgres, nil
	}
	if slices.Contains(Types, t) {
		return t, nil
	}
	return "", workflows.Errorf(workflows.CodeInvalid, "unknown db-link type %q (want one of %s)", s, typeList())
}

func typeList() string {
	names := make([]string, len(Types))
	for i, t := range Types {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// Property is one <property name="k">v</property>: a connection option passed to the driver
// (see the package doc for how JDBC property names are translated).
type Property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Link is one named database connection.
type Link struct {
	Name     string `json:"name"`
	Type     Type   `json:"type"`
	JDBCURL  string `json:"jdbc_url"`
	Username string `json:"username,omitempty"`
	// Password is a literal, "env:NAME" (an environment variable of the process that opens
	// the link), "file:/path" (the file's content, trailing line breaks trimmed) or
	// "literal:text" (text, for a password starting with one of these prefixes); see
	// package secret. References are resolved at Open time, not when the link is loaded.
	Password   string     `json:"password,omitempty"`
	Desc       string     `json:"desc,omitempty"`
	Properties []Property `json:"properties,omitempty"`
	// Source says where the link was defined: "conf/db_links.xml:3:5", "api", or
	// "inline" for a 2017 workflow's inline connection. Informational only.
	Source string `json:"source,omitempty"`
}

// Redacted is the link with a literal password replaced by "******". Password references
// (env:NAME, file:/path) are kept: they name where the secret is, not the secret.
func (l Link) Redacted() Link {
	if l.Password != "" && !secret.IsReference(l.Password) {
		l.Password = "******"
	}
	l.JDBCURL = redactURL(l.JDBCURL)
	l.Properties = slices.Clone(l.Properties)
	for i, p := range l.Properties {
		if isSecretProperty(p.Name) {
			l.Properties[i].Value = "******"
		}
	}
	return l
}

// isSecretProperty: JDBC lets a password travel as a property too.
func isSecretProperty(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "password") || strings.Contains(n, "secret")
}

// Validate checks the link's own fields: a name, a known type, and a jdbc-url that parses
// and fits the type. It does not connect and does not resolve the password.
func (l Link) Validate() error {
	if strings.TrimSpace(l.Name) == "" {
		return workflows.Errorf(workflows.CodeInvalid, "db-link has no name")
	}
	if _, err := ParseType(string(l.Type)); err != nil {
		return workflows.Errorf(workflows.CodeInvalid, "db-link %q: %v", l.Name, err)
	}
	if _, err := ParseJDBCURL(l.Type, l.JDBCURL); err != nil {
		return workflows.Errorf(workflows.CodeInvalid, "db-link %q: %v", l.Name, err)
	}
	for _, p := range l.Properties {
		if strings.TrimSpace(p.Name) == "" {
			return workflows.Errorf(workflows.CodeInvalid, "db-link %q has a property without a name", l.Name)
		}
	}
	return nil
}

// normalized returns the link with its type in canonical form.
func (l Link) normalized() Link {
	if t, err := ParseType(string(l.Type)); err == nil {
		l.Type = t
	}
	l.Name = strings.TrimSpace(l.Name)
	l.JDBCURL = strings.TrimSpace(l.JDBCURL)
	return l
}

// FromInline turns a 2017 workflow's inline connection (type, jdbc-url, username, password)
// into an anonymous link, so it opens through the same path as a named one. Its name is
// "inline:" plus the user and the URL (password redacted), which is what messages show.
func FromInline(in workflows.InlineLink) (Link, error) {
	name := "inline:" + redactURL(strings.TrimSpace(in.URL))
	if in.Username != "" {
		name = "inline:" + in.Username + "@" + redactURL(strings.TrimSpace(in.URL))
	}
	l := Link{Name: name, Type: Type(in.Type), JDBCURL: in.URL,
		Username: in.Username, Password: in.Password, Source: "inline"}
	l = l.normalized()
	if err := l.Validate(); err != nil {
		return Link{}, err
	}
	return l, nil
}
