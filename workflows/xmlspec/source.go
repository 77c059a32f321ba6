package xmlspec

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// maxDepth bounds element nesting; etree refuses deeper documents, and no definition needs
// more than a dozen levels.
const maxDepth = 1000

// sourceMap knows where things are in the source text. etree records no positions, so Parse
// first runs encoding/xml over the same bytes and notes every start tag in document order;
// etree elements, walked in the same order, are then paired with these entries.
type sourceMap struct {
	file  string
	data  []byte
	lines *workflows.LineIndex
	elems []tagSpan // every start tag, document order
}

// tagSpan is one start tag: where it begins and where each attribute name begins.
type tagSpan struct {
	start workflows.Pos
	attrs []attrSpan
}

type attrSpan struct {
	name string // as written, with any prefix
	pos  workflows.Pos
}

// syntaxError is a well-formedness failure located in the source.
type syntaxError struct {
	code string
	pos  workflows.Pos
	msg  string
}

// newSourceMap indexes the lines of data.
func newSourceMap(file string, data []byte) *sourceMap {
	return &sourceMap{file: file, data: data, lines: workflows.NewLineIndex(file, data),
		elems: make([]tagSpan, 0, bytes.Count(data, []byte("<"))/2)} // about one start tag in two
}

// pos converts a byte offset to file:line:col, columns counting characters.
func (m *sourceMap) pos(off int) workflows.Pos { return m.lines.Pos(off) }

// scan checks well-formedness and records every start tag. encoding/xml accepts several root
// elements and text outside the root (etree too), so those are checked here: the E0 wf.xml
// snippets in the corpus are exactly such documents and must be rejected.
func (m *sourceMap) scan() *syntaxError {
	d := xml.NewDecoder(bytes.NewReader(m.data))
	d.Strict = true
	d.CharsetReader = passThroughCharset
	roots := 0
	var rootName string
	var open []openTag // elements not closed yet, for messages about unclosed ones
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return m.decodeError(err, int(d.InputOffset()), open)
		}
		depth := len(open)
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 {
					return &syntaxError{CodeXMLSyntax, m.pos(off), fmt.Sprintf(
						"a second root element <%s> after <%s>: a definition file holds exactly one root element",
						qualified(t.Name), rootName)}
				}
				rootName = qualified(t.Name)
			}
			if depth+1 > maxDepth {
				return &syntaxError{CodeXMLSyntax, m.pos(off), fmt.Sprintf("elements nested more than %d deep", maxDepth)}
			}
			open = append(open, openTag{qualified(t.Name), off})
			span := tagSpan{start: m.pos(off)}
			for _, a := range scanAttrs(m.data[off:d.InputOffset()], off) {
				span.attrs = append(span.attrs, attrSpan{a.name, m.pos(a.off)})
			}
			m.elems = append(m.elems, span)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if depth == 0 && !isBlank(string(t)) {
				return &syntaxError{CodeXMLSyntax, m.pos(off + leadingSpace(t)), "text outside the root element"}
			}
		case xml.ProcInst:
			if t.Target == "xml" {
				if enc := declaredEncoding(string(t.Inst)); enc != "" && !isUTF8Name(enc) {
					return &syntaxError{CodeEncoding, m.pos(off), fmt.Sprintf(
						"the file declares encoding %q; only UTF-8 is supported (convert the file to UTF-8)", enc)}
				}
			}
		}
	}
	if roots == 0 {
		return &syntaxError{CodeXMLSyntax, m.pos(len(m.data)), "no root element (the file is empty or holds only comments)"}
	}
	return nil
}

// openTag is an element whose end tag has not been read yet.
type openTag struct {
	name string
	off  int
}

// decodeError locates an encoding/xml error. SyntaxError carries only a line; the decoder's
// offset when it gave up gives the column when both agree on the line. Errors about unclosed
// elements name the element and where it was opened, which the decoder does not.
func (m *sourceMap) decodeError(err error, off int, open []openTag) *syntaxError {
	var se *xml.SyntaxError
	if !errors.As(err, &se) {
		return &syntaxError{CodeXMLSyntax, m.pos(off), "malformed XML: " + err.Error()}
	}
	if off > 0 {
		off-- // the decoder has consumed the offending character; point at it
	}
	p := m.pos(off)
	if p.Line != se.Line {
		p = workflows.Pos{File: m.file, Line: se.Line}
	}
	msg := "malformed XML: " + se.Msg
	if len(open) > 0 {
		top := open[len(open)-1]
		switch {
		case se.Msg == "unexpected EOF":
			p = m.pos(len(m.data))
			msg = fmt.Sprintf("malformed XML: the file ends before <%s> (line %d) is closed", top.name, m.pos(top.off).Line)
		case strings.HasPrefix(se.Msg, "element <") && strings.Contains(se.Msg, " closed by </"):
			msg += fmt.Sprintf(" (<%s> is opened at line %d)", top.name, m.pos(top.off).Line)
		}
	}
	return &syntaxError{CodeXMLSyntax, p, msg}
}

// attrOffset is where one attribute name starts.
type attrOffset struct {
	name string
	off  int
}

// scanAttrs finds where each attribute name starts inside one start tag. The decoder has
// already accepted the tag, so a simple scanner is enough.
func scanAttrs(tag []byte, base int) []attrOffset {
	var out []attrOffset
	i := 1 // skip '<'
	for i < len(tag) && !isXMLSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++
	}
	for i < len(tag) {
		for i < len(tag) && isXMLSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] == '>' || tag[i] == '/' {
			break
		}
		start := i
		for i < len(tag) && !isXMLSpace(tag[i]) && tag[i] != '=' {
			i++
		}
		out = append(out, attrOffset{name: string(tag[start:i]), off: base + start})
		for i < len(tag) && tag[i] != '"' && tag[i] != '\'' {
			i++
		}
		if i >= len(tag) {
			break
		}
		q := tag[i]
		i++
		for i < len(tag) && tag[i] != q {
			i++
		}
		i++
	}
	return out
}

func isXMLSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func leadingSpace(b []byte) int { return len(b) - len(bytes.TrimLeft(b, " \t\r\n")) }

func qualified(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// passThroughCharset lets the decoder read documents that declare an encoding; scan rejects
// every declared encoding that is not UTF-8, so nothing is ever misread.
func passThroughCharset(_ string, r io.Reader) (io.Reader, error) { return r, nil }

func declaredEncoding(inst string) string {
	i := strings.Index(inst, "encoding")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(inst[i+len("encoding"):], " \t\r\n")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	end := strings.IndexByte(rest[1:], rest[0])
	if end < 0 {
		return ""
	}
	return rest[1 : 1+end]
}

func isUTF8Name(enc string) bool {
	switch strings.ToLower(enc) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return true
	}
	return false
}
