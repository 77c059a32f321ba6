package xmlspec

import (
	"strconv"
	"strings"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// readHTTP reads the new <http method url [expect-status] [timeout]><header name value/>*
// [<body>…</body>]</http>. The method defaults to GET; an empty expect-status means any 2xx.
func readHTTP(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionHTTP
	b := &workflows.HTTPBody{Method: "GET"}
	a.HTTP = b
	x := p.el(e)
	if m := x.str("method"); m != "" {
		b.Method = strings.ToUpper(m)
	}
	b.URL = x.required("url")
	if v, ok := x.raw("expect-status"); ok {
		for _, item := range list(v) {
			n, err := strconv.Atoi(item)
			if err != nil {
				x.badValue("expect-status", v, "a comma list of HTTP status codes such as 200,201")
				break
			}
			b.ExpectStatus = append(b.ExpectStatus, n)
		}
	}
	b.Timeout = x.durationAttr("timeout", 0)
	x.done()
	seen := once{}
	for _, c := range e.ChildElements() {
		switch c.FullTag() {
		case "header":
			cx := p.el(c)
			h := workflows.Header{Name: cx.required("name"), Value: cx.str("value")}
			cx.done()
			p.noChildren(c)
			p.strayText(c)
			b.Headers = append(b.Headers, h)
		case "body":
			if seen.first(p, "body", c) {
				p.el(c).done()
				b.Body = p.verbatimText(c)
			}
		default:
			x.unknownChild(c, "header", "body")
		}
	}
	p.strayText(e)
}
