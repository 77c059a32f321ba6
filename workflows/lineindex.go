package workflows

import (
	"sort"
	"unicode/utf8"
)

// LineIndex turns byte offsets in one source file into file:line:col. Columns count
// characters (UTF-8 runes, each invalid byte counting as one), not bytes, so that they match
// what an editor shows on lines with Chinese text. The XML readers use it to place problems.
//
// It remembers the last position asked for, so offsets that grow, as when a parser reports
// each start tag, cost time linear in the file's size overall: counting every column from
// the start of its line would be quadratic on a file written on one line. It is not safe for
// concurrent use.
type LineIndex struct {
	file       string
	data       []byte
	lineStarts []int                        // byte offset of each line's first byte
	last       struct{ off, line, col int } // the last position given at a rune boundary; line 0: none
}

// NewLineIndex indexes the lines of data; file names it in every Pos.
func NewLineIndex(file string, data []byte) *LineIndex {
	x := &LineIndex{file: file, data: data, lineStarts: []int{0}}
	for i, b := range data {
		if b == '\n' {
			x.lineStarts = append(x.lineStarts, i+1)
		}
	}
	return x
}

// Pos is where byte offset off is. An offset outside the data (off < 0 or off > len(data))
// gives the file alone; len(data), the end of the file, is a position.
func (x *LineIndex) Pos(off int) Pos {
	if off < 0 || off > len(x.data) {
		return Pos{File: x.file}
	}
	line := sort.Search(len(x.lineStarts), func(i int) bool { return x.lineStarts[i] > off }) - 1
	from, col := x.lineStarts[line], 1
	if l := x.last; l.line == line+1 && l.off <= off {
		from, col = l.off, l.col // same line, further on: count only what lies between
	}
	col += utf8.RuneCount(x.data[from:off])
	// Counting on from off later gives the same column only if off starts a character;
	// inside a multi-byte one it would not (RuneCount counts a cut rune's bytes singly).
	if off == len(x.data) || utf8.RuneStart(x.data[off]) {
		x.last.off, x.last.line, x.last.col = off, line+1, col
	}
	return Pos{File: x.file, Line: line + 1, Col: col}
}
