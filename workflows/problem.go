package workflows

import (
	"fmt"
	"strings"
)

// Pos is a place in a definition's source text. Line and Col are 1-based; zero means unknown.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String renders "file:line:col", dropping the parts that are unknown.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// Severity tells whether a problem stops a definition from loading.
type Severity int

const (
	SeverityError   Severity = iota // the definition is rejected
	SeverityWarning                 // the definition loads; the user should fix the source
)

func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// MarshalText makes severities readable in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what MarshalText wrote, so stored problems round-trip.
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "error":
		*s = SeverityError
	case "warning":
		*s = SeverityWarning
	default:
		return Errorf(CodeInvalid, "unknown severity %q (want error or warning)", string(b))
	}
	return nil
}

// Problem is one finding about a definition, located in its source.
type Problem struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	Code     string   `json:"code"` // stable, machine-readable, e.g. "unknown-element"
	Message  string   `json:"message"`
}

// String renders "file:line:col: error: message (code)".
func (p Problem) String() string {
	where := p.Pos.String()
	if where != "" {
		where += ": "
	}
	return fmt.Sprintf("%s%s: %s (%s)", where, p.Severity, p.Message, p.Code)
}

// Problems is a list of findings, in source order where possible.
type Problems []Problem

// Errors returns only the problems that reject the definition.
func (ps Problems) Errors() Problems { return ps.filter(SeverityError) }

// Warnings returns only the problems that do not reject the definition.
func (ps Problems) Warnings() Problems { return ps.filter(SeverityWarning) }

func (ps Problems) filter(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// HasErrors reports whether any problem rejects the definition.
func (ps Problems) HasErrors() bool { return len(ps.Errors()) > 0 }

// Err returns an *Error with code CodeInvalid listing every error, or nil when there is none.
func (ps Problems) Err() error {
	errs := ps.Errors()
	if len(errs) == 0 {
		return nil
	}
	lines := make([]string, len(errs))
	for i, p := range errs {
		lines[i] = p.String()
	}
	return &Error{Code: CodeInvalid, Message: strings.Join(lines, "\n"), Problems: errs}
}
