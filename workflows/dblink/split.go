package dblink

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Statement is one statement of a script, without its terminating semicolon.
type Statement struct {
	Text string // trimmed
	Line int    // 1-based line of the script where the statement starts
}

// Split cuts a script into statements at semicolons that are code, following the dialect's
// lexical rules: a semicolon inside '…' or "…" (with doubled quotes, and backslash escapes
// where the dialect has them, or in PostgreSQL E'…'), `…`, [..] (SQLite), a -- or #
// (MySQL) line comment, a /* */ comment (nested in PostgreSQL) or a PostgreSQL $tag$…$tag$
// body does not split. Statements with nothing but whitespace and comments are dropped.
// An unterminated quote or comment runs to the end of the script; the server will say
// what is wrong with it. Split never fails and never panics.
//
// Not handled, as in every client that splits without parsing: MySQL's DELIMITER command
// and trigger bodies written BEGIN … ; … END without dollar quoting.
func Split(d Dialect, script string) []Statement {
	var out []Statement
	s := script
	start, line, startLine := 0, 1, 1
	hasCode := false // the current statement has something besides blanks and comments
	flush := func(end int) {
		if hasCode {
			text := strings.TrimSpace(s[start:end])
			out = append(out, Statement{Text: text, Line: startLine})
		}
		hasCode = false
	}
	markCode := func(i int) {
		if !hasCode {
			hasCode = true
			start, startLine = i, line
		}
	}
	// skipTo advances i over s[i:j], counting newlines.
	advance := func(i, j int) int {
		if j > len(s) {
			j = len(s)
		}
		line += strings.Count(s[i:j], "\n")
		return j
	}
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ';':
			flush(i)
			i++
			continue
		case c == '\n':
			line++
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c >= 0x80:
			// Unicode blanks (U+00A0, U+2006, …) are blanks too, as TrimSpace sees them.
			if r, size := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
				i += size
				continue
			}
		case c == '-' && strings.HasPrefix(s[i:], "--") && (!d.HashComments || dashCommentMySQL(s, i)):
			i = advance(i, lineEnd(s, i))
			continue
		case c == '#' && d.HashComments:
			i = advance(i, lineEnd(s, i))
			continue
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			i = advance(i, blockCommentEnd(s, i, d.Name == "postgres"))
			continue
		}
		markCode(i)
		switch {
		case c == '\'':
			backslash := d.BackslashEscapes || (d.Name == "postgres" && i > 0 && (s[i-1] == 'E' || s[i-1] == 'e') &&
				(i < 2 || !identByte(s[i-2])))
			i = advance(i, quotedEnd(s, i, '\'', backslash))
		case c == '"':
			i = advance(i, quotedEnd(s, i, '"', d.BackslashEscapes))
		case c == '`':
			i = advance(i, quotedEnd(s, i, '`', false))
		case c == '[' && d.Name == "sqlite":
			j := strings.IndexByte(s[i+1:], ']')
			if j < 0 {
				i = advance(i, len(s))
			} else {
				i = advance(i, i+1+j+1)
			}
		case c == '$' && d.DollarQuoting && (i == 0 || !identByte(s[i-1])):
			if tag, ok := dollarTag(s, i); ok {
				end := strings.Index(s[i+len(tag):], tag)
				if end < 0 {
					i = advance(i, len(s))
				} else {
					i = advance(i, i+len(tag)+end+len(tag))
				}
			} else {
				i++
			}
		default:
			i++
		}
	}
	flush(len(s))
	return out
}

// dashCommentMySQL: MySQL starts a comment with "--" only when a blank or control
// character (or the end) follows, so that 1--1 stays arithmetic.
func dashCommentMySQL(s string, i int) bool {
	return i+2 >= len(s) || s[i+2] <= ' '
}

func lineEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j // the newline itself is counted by the main loop
	}
	return len(s)
}

// blockCommentEnd returns the offset just past the comment starting at s[i:] ("/*").
func blockCommentEnd(s string, i int, nested bool) int {
	depth := 0
	for j := i; j < len(s)-1; {
		switch {
		case s[j] == '/' && s[j+1] == '*':
			if depth == 0 || nested {
				depth++
			}
			j += 2
		case s[j] == '*' && s[j+1] == '/':
			depth--
			j += 2
			if depth == 0 {
				return j
			}
		default:
			j++
		}
	}
	return len(s)
}

// quotedEnd returns the offset just past the quoted text starting at s[i] == q. A doubled
// quote is part of the text; with backslash, \x is too.
func quotedEnd(s string, i int, q byte, backslash bool) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if backslash {
				j++
			}
		case q:
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// dollarTag reads a PostgreSQL dollar-quote opener at s[i] == '$': "$$" or "$tag$" where
// tag is an identifier not starting with a digit ($1 is a parameter, not a tag).
func dollarTag(s string, i int) (string, bool) {
	j := i + 1
	for j < len(s) && s[j] != '$' {
		c := s[j]
		if !(c == '_' || c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (j > i+1 && c >= '0' && c <= '9')) {
			return "", false
		}
		j++
	}
	if j >= len(s) {
		return "", false
	}
	return s[i : j+1], true
}
