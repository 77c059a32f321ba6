package filelink

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong in a file-links file, with where it is.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"` // 1-based; 0 when the whole file is concerned
	Col  int    `json:"col,omitempty"`  // 1-based, in characters
	Msg  string `json:"msg"`
}

func (p Problem) Error() string {
	if p.Line == 0 {
		return p.File + ": " + p.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// ParseError is every problem of a file that could not be loaded, in document order.
type ParseError struct{ Problems []Problem }

func (e *ParseError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}
