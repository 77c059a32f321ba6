package xmlspec

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// xel reads one element's attributes. Every attribute a reader asks about is remembered, so
// that done can report the ones nobody asked about as unknown (with a "did you mean").
type xel struct {
	p      *parser
	e      *etree.Element
	known  []string // names asked about, in order, for the "allowed" list
	used   []bool   // e.Attr[i] was consumed
	hidden []string // old or ignored names: accepted, but not advertised
	buf    [16]string
}

func (p *parser) el(e *etree.Element) *xel {
	x := &xel{p: p, e: e}
	x.known = x.buf[:0] // most elements are asked about fewer names than this
	if len(e.Attr) > 0 {
		x.used = make([]bool, len(e.Attr))
	}
	return x
}

func (x *xel) tag() string        { return x.e.FullTag() }
func (x *xel) pos() workflows.Pos { return x.p.pos(x.e) }

func (x *xel) attrPos(name string) workflows.Pos { return x.p.attrPos(x.e, name) }

// raw returns an attribute's value exactly as written (after XML unescaping).
func (x *xel) raw(name string) (string, bool) {
	x.known = append(x.known, name)
	for i, a := range x.e.Attr {
		if a.FullKey() == name {
			x.used[i] = true
			return a.Value, true
		}
	}
	return "", false
}

// str returns an attribute's value with surrounding whitespace removed ("" when absent).
func (x *xel) str(name string) string {
	v, _ := x.raw(name)
	return strings.TrimSpace(v)
}

// required returns a trimmed attribute that must be present and non-blank.
func (x *xel) required(name string) string {
	v, ok := x.raw(name)
	v = strings.TrimSpace(v)
	switch {
	case !ok:
		x.p.errorf(x.pos(), CodeMissingAttribute, "<%s> needs a %q attribute", x.tag(), name)
	case v == "":
		x.p.errorf(x.attrPos(name), CodeMissingAttribute, "<%s> has an empty %q attribute", x.tag(), name)
	}
	return v
}

// either reads the first present of two interchangeable attribute names; both at once is an
// error because it is unclear which one was meant.
func (x *xel) either(name, other string) (value, used string, ok bool) {
	v, ok := x.raw(name)
	ov, otherOK := x.raw(other)
	switch {
	case ok && otherOK:
		x.p.errorf(x.attrPos(other), CodeDuplicateAttr, "<%s> has both %q and %q, which mean the same; keep %q", x.tag(), name, other, name)
		return v, name, true
	case otherOK:
		return ov, other, true
	}
	return v, name, ok
}

// alias reads an attribute that also has an old name; the old name is accepted with a warning.
func (x *xel) alias(name, old, note string) (value, used string, ok bool) {
	x.hidden = append(x.hidden, old)
	value, used, ok = x.either(name, old)
	if used == old {
		msg := fmt.Sprintf("attribute %q is the old name of %q; it is read as %q", old, name, name)
		if note != "" {
			msg += " (" + note + ")"
		}
		x.p.warnf(x.attrPos(old), CodeAlias, "%s", msg)
	}
	return value, used, ok
}

// ignore accepts an attribute that akkaflow accepted and never used, and says so.
func (x *xel) ignore(name, why string) {
	x.hidden = append(x.hidden, name)
	if _, ok := x.raw(name); ok {
		x.p.warnf(x.attrPos(name), CodeIgnored, "attribute %q on <%s> is ignored: %s", name, x.tag(), why)
	}
}

// done reports attributes nobody asked about, and attributes written twice.
func (x *xel) done() {
	seen := map[string]bool{}
	for i, a := range x.e.Attr {
		k := a.FullKey()
		if seen[k] {
			x.p.errorf(x.p.attrPosAt(x.e, i), CodeDuplicateAttr, "attribute %q is written twice on <%s>", k, x.tag())
			continue
		}
		seen[k] = true
		if x.used[i] || k == "xmlns" || a.Space == "xmlns" {
			continue
		}
		var advertised []string
		for _, n := range unique(x.known) {
			if !contains(x.hidden, n) {
				advertised = append(advertised, n)
			}
		}
		msg := fmt.Sprintf("attribute %q is not allowed on <%s>", k, x.tag())
		if s := suggest(k, advertised); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		if len(advertised) == 0 {
			msg += "; it takes no attributes"
		} else {
			msg += "; allowed: " + strings.Join(advertised, ", ")
		}
		x.p.errorf(x.p.attrPosAt(x.e, i), CodeUnknownAttribute, "%s", msg)
	}
}

// unknownChild reports a child element that the reader of x does not accept.
func (x *xel) unknownChild(c *etree.Element, allowed ...string) {
	msg := fmt.Sprintf("<%s> is not allowed in <%s>", c.FullTag(), x.tag())
	if s := suggest(c.FullTag(), allowed); s != "" {
		msg += fmt.Sprintf(" (did you mean <%s>?)", s)
	}
	if len(allowed) == 0 {
		msg += "; it takes no child elements"
	} else {
		msg += "; allowed: " + strings.Join(allowed, ", ")
	}
	x.p.errorf(x.p.pos(c), CodeUnknownElement, "%s", msg)
}

// once tracks elements that may appear at most once under one parent. Aliases share a key,
// so <code> and its old name <content> together count as two.
type once map[string]*etree.Element

// first reports whether c is the first element under key; a later one is an error.
func (o once) first(p *parser, key string, c *etree.Element) bool {
	if prev, dup := o[key]; dup {
		first := fmt.Sprintf("the first is at line %d", p.pos(prev).Line)
		if prev.FullTag() != c.FullTag() {
			first = fmt.Sprintf("the first, <%s>, is at line %d", prev.FullTag(), p.pos(prev).Line)
		}
		p.errorf(p.pos(c), CodeDuplicateElement, "a second <%s> in <%s> (%s); only one is allowed",
			c.FullTag(), c.Parent().FullTag(), first)
		return false
	}
	o[key] = c
	return true
}

func (o once) has(key string) bool { _, ok := o[key]; return ok }

// aliasElement warns that element c is an old name of current.
func (p *parser) aliasElement(c *etree.Element, current, note string) {
	msg := fmt.Sprintf("<%s> is the old name of <%s>; it is read as <%s>", c.FullTag(), current, current)
	if note != "" {
		msg += " (" + note + ")"
	}
	p.warnf(p.pos(c), CodeAlias, "%s", msg)
}

func unique(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
