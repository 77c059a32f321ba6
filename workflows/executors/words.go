package executors

import (
	"errors"
	"strings"
)

// SplitWords splits a param-line into arguments the way a POSIX shell splits words, without
// any expansion: blanks separate words; single quotes keep everything literally; inside
// double quotes a backslash escapes only $ ` " \ and newline; elsewhere a backslash keeps
// the next character literally; backslash-newline joins lines. "$HOME", globs and ~ stay as
// written. An unterminated quote is an error.
func SplitWords(s string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		inArg bool // a word has started, possibly empty ('' is one empty argument)
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			if inArg {
				words = append(words, cur.String())
				cur.Reset()
				inArg = false
			}
		case '\\':
			if i+1 >= len(s) {
				cur.WriteByte('\\') // a trailing backslash has nothing to escape
				inArg = true
				continue
			}
			i++
			if s[i] != '\n' {
				cur.WriteByte(s[i])
				inArg = true
			}
		case '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inArg = true
		case '"':
			j, err := doubleQuoted(s, i+1, &cur)
			if err != nil {
				return nil, err
			}
			i = j
			inArg = true
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if inArg {
		words = append(words, cur.String())
	}
	return words, nil
}

// doubleQuoted copies the inside of a double-quoted string starting at s[i] into cur and
// returns the index of the closing quote.
func doubleQuoted(s string, i int, cur *strings.Builder) (int, error) {
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return i, nil
		case '\\':
			if i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0 {
				i++
				if s[i] != '\n' {
					cur.WriteByte(s[i])
				}
				continue
			}
			cur.WriteByte(c)
		default:
			cur.WriteByte(c)
		}
	}
	return 0, errors.New("unterminated double quote")
}
