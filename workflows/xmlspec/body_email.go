package xmlspec

import (
	"strings"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// writeSettings is used both to serialise an email's HTML when reading and to write files,
// so that HTML read, written and read again comes out byte for byte the same.
var writeSettings = etree.WriteSettings{CanonicalText: true, CanonicalAttrVal: true}

// readEmail reads <email [subject] [to]>…html…</email>. The content is markup, kept as XML
// text: a single <html> child is used as it is, anything else is wrapped in <html>, as
// akkaflow did.
func readEmail(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionEmail
	b := &workflows.EmailBody{}
	a.Email = b
	x := p.el(e)
	b.Subject = x.str("subject")
	b.To = list(x.str("to"))
	x.done()
	b.HTML = emailHTML(e)
}

func emailHTML(e *etree.Element) string {
	var html *etree.Element
	others := false
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.Element:
			if t.FullTag() == "html" && html == nil {
				html = t
			} else {
				others = true
			}
		case *etree.CharData:
			others = others || !isBlank(t.Data)
		}
	}
	if html != nil && !others {
		return serialize(html)
	}
	var b strings.Builder
	for _, t := range e.Child {
		t.WriteTo(&b, &writeSettings)
	}
	content := strings.TrimSpace(b.String())
	if content == "" {
		// <email/> has no body: leave HTML empty rather than invent "<html></html>",
		// which the writer would emit as <html/> and so not read back the same.
		return ""
	}
	return "<html>" + content + "</html>"
}

func serialize(t etree.Token) string {
	var b strings.Builder
	t.WriteTo(&b, &writeSettings)
	return b.String()
}
