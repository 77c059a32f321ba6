package xmlspec

import (
	"strings"

	"github.com/beevik/etree"
)

// Text rules. Two policies exist, chosen per field:
//
//   - trimmed (commands, SQL, names, messages, paths): all character data of the element,
//     text and CDATA alike, with surrounding whitespace removed.
//   - verbatim (script code, transfer scripts, HTTP bodies): indentation and trailing
//     whitespace are kept, because they can matter (Python, heredocs, YAML bodies). akkaflow
//     trimmed every line; actorflow does not. Two things are dropped: whitespace-only text
//     around CDATA sections (the indentation of the XML itself, as in
//     "<code>\n    <![CDATA[…]]>\n  </code>"), and a blank first line, so that
//     "<code><![CDATA[" followed by a newline does not start the script with an empty line.
//     Then the indentation common to every non-blank line is removed (like Python's
//     textwrap.dedent): workflows indent code to match the XML around it, and a script
//     indented as a block (its shebang included) must still run. Relative indentation stays.
//
// Comments inside text are skipped in both.

// leafText is the element's own character data; child elements are reported as not allowed.
func (p *parser) leafText(e *etree.Element) string {
	var b strings.Builder
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.CharData:
			b.WriteString(t.Data)
		case *etree.Element:
			p.el(e).unknownChild(t)
		}
	}
	return b.String()
}

func (p *parser) trimmedText(e *etree.Element) string { return strings.TrimSpace(p.leafText(e)) }

// verbatimText applies the verbatim policy described above.
func (p *parser) verbatimText(e *etree.Element) string {
	var all, cdata strings.Builder
	hasCDATA, textBlank := false, true
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.CharData:
			all.WriteString(t.Data)
			if t.IsCData() {
				hasCDATA = true
				cdata.WriteString(t.Data)
			} else if !isBlank(t.Data) {
				textBlank = false
			}
		case *etree.Element:
			p.el(e).unknownChild(t)
		}
	}
	s := all.String()
	if hasCDATA && textBlank {
		s = cdata.String()
	}
	return dedent(dropBlankFirstLine(s))
}

// dedent removes the longest whitespace prefix shared by every non-blank line. Blank lines do
// not count and lose their whitespace only where it is part of that prefix.
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	prefix, found := "", false
	for _, l := range lines {
		if isBlank(l) {
			continue
		}
		lead := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		switch {
		case !found:
			prefix, found = lead, true
		default:
			for !strings.HasPrefix(lead, prefix) {
				prefix = prefix[:len(prefix)-1]
			}
		}
		if prefix == "" {
			return s
		}
	}
	if !found {
		return s
	}
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, prefix)
		if isBlank(lines[i]) && !strings.HasPrefix(l, prefix) {
			lines[i] = strings.TrimLeft(l, " \t")
		}
	}
	return strings.Join(lines, "\n")
}

// flatText joins the character data of e and of the child elements named in wrappers (2017
// files wrapped probe text in <code>; akkaflow flattened it), trimmed.
func (p *parser) flatText(e *etree.Element, wrappers ...string) string {
	var b strings.Builder
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		for _, t := range e.Child {
			switch t := t.(type) {
			case *etree.CharData:
				b.WriteString(t.Data)
			case *etree.Element:
				if contains(wrappers, t.FullTag()) {
					p.el(t).done()
					walk(t)
				} else {
					p.el(e).unknownChild(t, wrappers...)
				}
			}
		}
	}
	walk(e)
	return strings.TrimSpace(b.String())
}

// strayText warns about non-blank text in an element that holds only elements; akkaflow
// ignored it (one corpus file has "<file-monitor>8"), and so does actorflow, but not silently.
func (p *parser) strayText(e *etree.Element) {
	for _, t := range e.Child {
		if cd, ok := t.(*etree.CharData); ok && !isBlank(cd.Data) {
			p.warnf(p.pos(e), CodeIgnored, "text %q inside <%s> is ignored: it holds only elements",
				shorten(strings.TrimSpace(cd.Data)), e.FullTag())
			return
		}
	}
}

// noChildren reports child elements of an element that takes none (text is allowed).
func (p *parser) noChildren(e *etree.Element) {
	for _, c := range e.ChildElements() {
		p.el(e).unknownChild(c)
	}
}

func dropBlankFirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 && strings.Trim(s[:i], " \t") == "" {
		return s[i+1:]
	}
	return s
}

func isBlank(s string) bool { return strings.Trim(s, " \t\r\n") == "" }

func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
