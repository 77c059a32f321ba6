package xmlspec

import (
	"strings"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// dbTypes are the database types an inline (2017) connection may name.
var dbTypes = []string{"MYSQL", "ORACLE", "HIVE", "POSTGRES", "SQLITE"}

// badDBType stands for a type attribute that was present but wrong (already reported), so
// that dbRef does not also complain that the type is missing.
const badDBType = "\x00bad"

// dbRef reads db-link="name", or the 2017 inline JDBC attributes (jdbc-url, username,
// password) which become an anonymous link with a warning. inlineType is the database type
// when the element's type attribute named one (type="MYSQL"), else "". urlOptional defers the
// missing-jdbc-url check to the caller (2017 thresholds, see borrowSourceConnection).
func (p *parser) dbRef(x *xel, inlineType string, urlOptional bool) workflows.DBLinkRef {
	ref := workflows.DBLinkRef{Name: x.str("db-link")}
	url, hasURL := x.raw("jdbc-url")
	user, hasUser := x.raw("username")
	password, hasPassword := x.raw("password")
	if inlineType == "" && !hasURL && !hasUser && !hasPassword {
		return ref
	}
	p.legacy = true
	reported := inlineType == badDBType
	if reported {
		inlineType = ""
	}
	ref.Inline = &workflows.InlineLink{Type: inlineType, URL: trim(url), Username: trim(user), Password: password}
	p.warnf(x.pos(), CodeInline,
		"<%s> carries its connection inline (type, jdbc-url, username, password), a 2017 form; register a db-link and write db-link=\"…\" (the password is in the file)",
		x.tag())
	switch {
	case reported:
	case inlineType == "":
		p.errorf(x.pos(), CodeMissingAttribute, "<%s> has inline JDBC attributes but no database type (one of %s); better, register a db-link and write db-link=\"…\"",
			x.tag(), strings.Join(dbTypes, ", "))
	case trim(url) == "" && !urlOptional:
		p.errorf(x.pos(), CodeMissingAttribute, "<%s> names database type %s but has no jdbc-url", x.tag(), inlineType)
	}
	return ref
}

// dbType reads a type attribute that names a database (sql, metadata).
func (p *parser) dbType(x *xel) string {
	v, ok := x.raw("type")
	if !ok {
		return ""
	}
	t := strings.ToUpper(trim(v))
	if !contains(dbTypes, t) {
		x.badValue("type", v, "one of "+strings.Join(dbTypes, ", "))
		return badDBType
	}
	return t
}

// readSQL reads <sql db-link="x">statements</sql> (or the 2017 inline connection).
func readSQL(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionSQL
	b := &workflows.SQLBody{}
	a.SQL = b
	x := p.el(e)
	b.DB = p.dbRef(x, p.dbType(x), false)
	x.done()
	b.Text = p.trimmedText(e)
}

// readMetadata reads <metadata table db-link [from]><column-comment name/>*[<table-comment/>]</metadata>.
func readMetadata(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionMetadata
	b := &workflows.MetadataBody{}
	a.Metadata = b
	x := p.el(e)
	b.Table = x.required("table")
	b.DB = p.dbRef(x, p.dbType(x), false)
	b.From = list(x.str("from"))
	x.done()
	seen := once{}
	for _, c := range e.ChildElements() {
		switch c.FullTag() {
		case "column-comment":
			cx := p.el(c)
			cc := workflows.ColumnComment{Name: cx.required("name")}
			cx.done()
			cc.Text = p.trimmedText(c)
			b.ColumnComments = append(b.ColumnComments, cc)
		case "table-comment":
			if seen.first(p, "table-comment", c) {
				p.el(c).done()
				b.TableComment = p.trimmedText(c)
			}
		default:
			x.unknownChild(c, "column-comment", "table-comment")
		}
	}
	p.strayText(e)
}
