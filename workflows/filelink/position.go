package filelink

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/actorflow/actorflow/workflows"
)

// maxDepth bounds nesting: a file-links file has two levels, and etree's recursion must not
// meet a hostile file of a million.
const maxDepth = 64

// tagPos is where one start tag is, and where each of its attributes is.
type tagPos struct {
	line, col int
	attrs     map[string][2]int // attribute name as written → line, col
}

// positions scans data with encoding/xml, which etree does not do for us: it checks that the
// file is well-formed and notes every start tag's position in document order, so that the
// elements etree returns (walked in the same order) can be given file:line:col.
func positions(data []byte) ([]tagPos, *Problem) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(charset string, _ io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("encoding %q is not supported; save the file as UTF-8", charset)
	}
	var out []tagPos
	depth, roots := 0, 0
	lines := workflows.NewLineIndex("", data) // the caller adds the file name to a Problem
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			at := lines.Pos(int(d.InputOffset()))
			if errors.As(err, &se) {
				return nil, &Problem{Line: at.Line, Col: at.Col, Msg: "malformed XML: " + se.Msg}
			}
			return nil, &Problem{Line: at.Line, Col: at.Col, Msg: "malformed XML: " + err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			at := lines.Pos(off)
			line, col := at.Line, at.Col
			if depth == 0 {
				roots++
				if roots > 1 {
					return nil, &Problem{Line: line, Col: col, Msg: "a second root element <" + t.Name.Local + ">; the file holds one <file-links>"}
				}
			}
			depth++
			if depth > maxDepth {
				return nil, &Problem{Line: line, Col: col, Msg: "elements nested too deep"}
			}
			end := int(d.InputOffset())
			out = append(out, tagPos{line: line, col: col, attrs: attrPositions(data[off:end], off, lines)})
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				at := lines.Pos(off)
				return nil, &Problem{Line: at.Line, Col: at.Col, Msg: "text outside the root element"}
			}
		}
	}
	if roots == 0 {
		return nil, &Problem{Msg: "no root element; expected <file-links>"}
	}
	return out, nil
}

// attrPositions finds each attribute name in a start tag's raw text: a name preceded by
// white space and followed by optional white space and '='. Values are skipped whole, so
// a value that looks like name= is not mistaken for one.
func attrPositions(tag []byte, base int, lines *workflows.LineIndex) map[string][2]int {
	m := map[string][2]int{}
	i := 1 // past '<'
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++ // the element name
	}
	for i < len(tag) {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		start := i
		for i < len(tag) && !isSpace(tag[i]) && tag[i] != '=' && tag[i] != '>' && tag[i] != '/' {
			i++
		}
		if i == start {
			i++
			continue
		}
		name := string(tag[start:i])
		for i < len(tag) && (isSpace(tag[i]) || tag[i] == '=') {
			i++
		}
		if i < len(tag) && (tag[i] == '"' || tag[i] == '\'') {
			q := tag[i]
			i++
			for i < len(tag) && tag[i] != q {
				i++
			}
			i++
		}
		if _, dup := m[name]; !dup {
			at := lines.Pos(base + start)
			m[name] = [2]int{at.Line, at.Col}
		}
	}
	return m
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
