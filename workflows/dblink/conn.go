package dblink

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/actorflow/actorflow/workflows"
)

// Conn is a handle on a link's pool. Close it when done; the pool itself stays for the next
// task unless the link changed meanwhile.
type Conn struct {
	DB      *sql.DB
	Dialect Dialect
	Link    Link     // the link, redacted
	Notes   []string // how the link was read, e.g. ignored JDBC-only parameters; worth logging

	reg  *Registry
	p    *pool
	once sync.Once
}

func newConn(r *Registry, p *pool, l Link, d Dialect) *Conn {
	return &Conn{DB: p.db, Dialect: d, Link: l.Redacted(), Notes: p.notes, reg: r, p: p}
}

// Close releases the handle. It is idempotent and never closes the pool under another user.
func (c *Conn) Close() error {
	c.once.Do(func() { c.reg.release(c.p) })
	return nil
}

// Describe is the link for messages: `db-link "dw" (POSTGRES db:5432/dw)`.
func (c *Conn) Describe() string { return describe(c.Link) }

func describe(l Link) string {
	ep, err := ParseJDBCURL(l.Type, l.JDBCURL)
	if err != nil {
		return fmt.Sprintf("db-link %q (%s)", l.Name, l.Type)
	}
	switch l.Type {
	case SQLite:
		return fmt.Sprintf("db-link %q (SQLITE %s)", l.Name, ep.Path)
	case Oracle:
		return fmt.Sprintf("db-link %q (ORACLE)", l.Name)
	}
	return fmt.Sprintf("db-link %q (%s %s/%s)", l.Name, l.Type, ep.hostPort(), ep.Database)
}

// describeOpenError says which link failed to connect and why, classified, with the
// password scrubbed from the driver's text in case a driver ever quotes it.
func describeOpenError(l Link, ep Endpoint, password string, err error) error {
	if we, ok := err.(*workflows.Error); ok {
		return we
	}
	msg := scrub(err.Error(), password)
	user := l.Username
	if user == "" {
		user = ep.User
	}
	code := workflows.CodeUnavailable
	lower := strings.ToLower(msg)
	switch {
	case strings.Contains(lower, "password authentication failed"), strings.Contains(lower, "access denied"),
		strings.Contains(lower, "authentication"):
		code = workflows.CodeUnauthorized
		msg = fmt.Sprintf("the server refused user %q: wrong username or password (%s)", user, msg)
	case strings.Contains(lower, "does not exist"), strings.Contains(lower, "unknown database"):
		code = workflows.CodeNotFound
	}
	return workflows.Errorf(code, "%s: cannot connect: %s", describe(l), msg)
}

// scrub hides a password that appears in a message. Passwords shorter than 4 characters
// are left alone: replacing them would garble ordinary words, and they protect nothing.
func scrub(msg, password string) string {
	if len(password) < 4 {
		return msg
	}
	return strings.ReplaceAll(msg, password, "******")
}
