package dblink

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// positions pairs etree's elements with where their start tags are in the source. etree
// records no positions, so encoding/xml reads the same bytes first and notes every start
// tag in document order; a pre-order walk of the etree document meets them in that order.
type positions struct {
	file   string
	data   []byte
	lines  *workflows.LineIndex
	byElem map[*etree.Element]workflows.Pos
}

func newPositions(file string, data []byte) *positions {
	return &positions{file: file, data: data, lines: workflows.NewLineIndex(file, data)}
}

// at converts a byte offset to file:line:col, columns counting characters.
func (p *positions) at(off int) workflows.Pos { return p.lines.Pos(off) }

// scan checks well-formedness strictly (one root, no text outside it) and returns the
// offset of every start tag in document order, or the position and text of the first
// syntax error.
func (p *positions) scan() ([]workflows.Pos, *workflows.Problem) {
	d := xml.NewDecoder(bytes.NewReader(p.data))
	d.Strict = true
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var starts []workflows.Pos
	depth, roots := 0, 0
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			msg := err.Error()
			if se, ok := err.(*xml.SyntaxError); ok {
				msg = se.Msg
			}
			return nil, &workflows.Problem{Pos: p.at(int(d.InputOffset())), Code: "syntax", Message: "malformed XML: " + msg}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 {
					return nil, &workflows.Problem{Pos: p.at(off), Code: "syntax", Message: "a second root element <" + t.Name.Local + ">; the file must have one <db-links> root"}
				}
			}
			starts = append(starts, p.at(off))
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && strings.TrimSpace(string(t)) != "" {
				return nil, &workflows.Problem{Pos: p.at(off), Code: "syntax", Message: "text outside the root element"}
			}
		}
	}
	if roots == 0 {
		return nil, &workflows.Problem{Pos: p.at(0), Code: "syntax", Message: "no root element; want <db-links>"}
	}
	return starts, nil
}

// pair maps each etree element to its start tag. Counts differ only if the two parsers
// disagree, in which case elements without a pair get the file alone.
func (p *positions) pair(root *etree.Element, starts []workflows.Pos) {
	p.byElem = map[*etree.Element]workflows.Pos{}
	i := 0
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		if i < len(starts) {
			p.byElem[e] = starts[i]
		}
		i++
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	walk(root)
}

func (p *positions) of(e *etree.Element) workflows.Pos {
	if pos, ok := p.byElem[e]; ok {
		return pos
	}
	return workflows.Pos{File: p.file}
}
