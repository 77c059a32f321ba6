package xmlspec

import (
	"strings"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// readTransfer reads <transfer> in either form: a shell <script> (legacy), or one <source>
// and one <target>. Writing both is accepted here; Validate warns that the script wins.
func readTransfer(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionTransfer
	b := &workflows.TransferBody{}
	a.Transfer = b
	p.el(e).done()
	seen := once{}
	for _, c := range e.ChildElements() {
		switch c.FullTag() {
		case "script":
			if seen.first(p, "script", c) {
				p.el(c).done()
				b.Script = p.verbatimText(c)
				if isBlank(b.Script) {
					// An empty script would run nothing and vanish when written back.
					p.errorf(p.pos(c), CodeBadValue, "<transfer><script> is empty; write the shell code to run, or use <source> and <target>")
				}
			}
		case "source":
			if seen.first(p, "source", c) {
				b.Source = p.readTransferSource(c)
			}
		case "target":
			if seen.first(p, "target", c) {
				b.Target = p.readTransferTarget(c)
			}
		default:
			p.el(e).unknownChild(c, "script", "source", "target")
		}
	}
	switch {
	case seen.has("script"):
	case !seen.has("source") && !seen.has("target"):
		p.errorf(p.pos(e), CodeMissingElement, "<transfer> needs a <source> and a <target> (or a <script>)")
	case !seen.has("source"):
		p.errorf(p.pos(e), CodeMissingElement, "<transfer> has a <target> but no <source>")
	case !seen.has("target"):
		p.errorf(p.pos(e), CodeMissingElement, "<transfer> has a <source> but no <target>")
	}
	p.strayText(e)
}

// endpointKind reads a transfer end's type: DB or FILE, or a 2017 type (MYSQL, ORACLE, HIVE:
// a database reached through inline JDBC attributes; LFS: a local file). It returns the kind
// and, for 2017 database types, the inline connection type.
func (p *parser) endpointKind(x *xel) (workflows.EndpointKind, string) {
	v, ok := x.raw("type")
	if !ok {
		x.required("type")
		return "", ""
	}
	t := strings.ToUpper(trim(v)) // akkaflow upper-cased this one enum
	switch {
	case t == string(workflows.EndpointDB) || t == string(workflows.EndpointFile):
		return workflows.EndpointKind(t), ""
	case t == "LFS":
		p.legacy = true
		p.warnf(x.attrPos("type"), CodeAlias, "type=%q is the 2017 name of type=\"FILE\" (a local file)", v)
		return workflows.EndpointFile, ""
	case contains(dbTypes, t):
		p.legacy = true
		p.warnf(x.attrPos("type"), CodeAlias, "type=%q is the 2017 form of type=\"DB\" with an inline %s connection", v, t)
		return workflows.EndpointDB, t
	}
	x.badValue("type", v, "DB or FILE")
	return "", ""
}

// readTransferSource reads <source type [db-link|file-link] [delimited] [header]>table | query | path</source>.
// 2017 FILE sources wrote the path in a path attribute and left the element empty.
func (p *parser) readTransferSource(e *etree.Element) *workflows.TransferSource {
	x := p.el(e)
	s := &workflows.TransferSource{}
	var inline string
	s.Kind, inline = p.endpointKind(x)
	if s.Kind == workflows.EndpointDB {
		s.DB = p.dbRef(x, inline, false)
	} else {
		s.DB = workflows.DBLinkRef{Name: x.str("db-link")}
	}
	s.FileLink = x.str("file-link")
	s.Delimiter, _ = x.raw("delimited") // not trimmed: " " is a delimiter
	s.Header = x.boolAttr("header", false)
	path, hasPath := x.raw("path")
	x.done()
	s.Text = p.trimmedText(e)
	if hasPath {
		p.legacy = true
		if s.Text != "" {
			p.errorf(x.attrPos("path"), CodeDuplicateAttr, "<source> has both path=%q and text %q; write the path as the element's text", path, s.Text)
		} else {
			p.warnf(x.attrPos("path"), CodeAlias, "path=\"…\" on <source> is the 2017 form; write the path as the element's text")
			s.Text = trim(path)
		}
	}
	return s
}

// readTransferTarget reads <target type …>[<pre/>][<after/>]</target>. 2017 files wrote
// <pre-sql>/<after-sql>, which HEAD silently ignored; they are read as <pre>/<after>.
func (p *parser) readTransferTarget(e *etree.Element) *workflows.TransferTarget {
	x := p.el(e)
	t := &workflows.TransferTarget{}
	var inline string
	t.Kind, inline = p.endpointKind(x)
	if t.Kind == workflows.EndpointDB {
		t.DB = p.dbRef(x, inline, false)
	} else {
		t.DB = workflows.DBLinkRef{Name: x.str("db-link")}
	}
	t.FileLink = x.str("file-link")
	t.Table = x.str("table")
	t.Path = x.str("path")
	t.Delimiter, _ = x.raw("delimited")
	t.Header = x.boolAttr("header", false)
	t.PreTruncate = x.boolAttr("is-pre-truncate", false)
	t.PreDelete = x.boolAttr("is-pre-del", false)
	t.TaskNum = x.intAttr("task-num", 0)
	x.done()
	seen := once{}
	for _, c := range e.ChildElements() {
		switch tag := c.FullTag(); tag {
		case "pre", "pre-sql":
			if tag == "pre-sql" {
				p.legacy = true
				p.aliasElement(c, "pre", "akkaflow HEAD silently ignored it")
			}
			if seen.first(p, "pre", c) {
				p.el(c).done()
				t.Pre = p.trimmedText(c)
			}
		case "after", "after-sql":
			if tag == "after-sql" {
				p.legacy = true
				p.aliasElement(c, "after", "akkaflow HEAD silently ignored it")
			}
			if seen.first(p, "after", c) {
				p.el(c).done()
				t.After = p.trimmedText(c)
			}
		default:
			x.unknownChild(c, "pre", "after")
		}
	}
	p.strayText(e)
	return t
}
