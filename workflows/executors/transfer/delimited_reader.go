package transfer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxRecordBytes bounds one record (a quoted field may span lines), so a file with an
// unbalanced quote fails with a clear error instead of being read whole into memory.
const maxRecordBytes = 64 << 20

// delimitedReader reads records of a delimited text file (the format is in doc.go).
// Values are nil (NULL) or string.
type delimitedReader struct {
	r     *bufio.Reader
	delim string
	name  string // file name for errors
	line  int    // number of the last line read
	width int    // fields per record, fixed by the first record; 0 until then
	first int    // line of the first record, for the ragged-row message
}

func newDelimitedReader(r io.Reader, delim, name string) *delimitedReader {
	return &delimitedReader{r: bufio.NewReaderSize(r, 256<<10), delim: delim, name: name}
}

// errorf builds an error that names the file and line, as every format error must.
func (d *delimitedReader) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", d.name, line, fmt.Sprintf(format, args...))
}

// readLine returns the next line with its terminator ("\n" or "\r\n", none at the end of
// the file); io.EOF when nothing is left.
func (d *delimitedReader) readLine() (string, error) {
	s, err := d.r.ReadString('\n')
	if err == io.EOF && s != "" {
		err = nil
	}
	if err != nil {
		return "", err
	}
	d.line++
	return s, nil
}

// stripEOL removes the line terminator.
func stripEOL(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}

// Read returns the next record's values and the line it starts on; io.EOF at the end.
// Blank lines are skipped. Every record must have as many fields as the first.
func (d *delimitedReader) Read() ([]any, int, error) {
	var raw string
	for {
		s, err := d.readLine()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, 0, io.EOF
			}
			return nil, 0, fmt.Errorf("%s:%d: %w", d.name, d.line+1, err)
		}
		if stripEOL(s) != "" {
			raw = s
			break
		}
	}
	start := d.line
	values, err := d.parse(raw, start)
	if err != nil {
		return nil, start, err
	}
	if d.width == 0 {
		d.width, d.first = len(values), start
	} else if len(values) != d.width {
		return nil, start, d.errorf(start, "%d fields, but line %d has %d (delimiter %q); every line needs the same number",
			len(values), d.first, d.width, d.delim)
	}
	return values, start, nil
}

// parse splits one record; a quoted field may pull in further lines.
func (d *delimitedReader) parse(s string, start int) ([]any, error) {
	var values []any
	i := 0
	for {
		if i < len(s) && s[i] == '"' {
			v, next, rest, err := d.quoted(s, i+1, start)
			if err != nil {
				return nil, err
			}
			s, i = rest, next
			values = append(values, v)
			body := stripEOL(s[i:])
			switch {
			case body == "":
				return values, nil
			case strings.HasPrefix(s[i:], d.delim):
				i += len(d.delim)
				continue
			}
			return nil, d.errorf(d.line, "text after the closing quote of field %d; write the quote inside a quoted field as \"\"", len(values))
		}
		line := stripEOL(s[i:])
		if k := strings.Index(line, d.delim); k >= 0 {
			values = append(values, unquotedValue(line[:k]))
			i += k + len(d.delim)
			continue
		}
		return append(values, unquotedValue(line)), nil
	}
}

// quoted reads a quoted field whose text starts at s[i]. It returns the value, the index
// just past the closing quote, and s, which grows when the field spans lines.
func (d *delimitedReader) quoted(s string, i, start int) (string, int, string, error) {
	var b strings.Builder
	for {
		k := strings.IndexByte(s[i:], '"')
		if k < 0 {
			b.WriteString(s[i:])
			if b.Len() > maxRecordBytes {
				return "", 0, "", d.errorf(start, "a quoted field longer than %d MiB; is a closing quote missing?", maxRecordBytes>>20)
			}
			next, err := d.readLine()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return "", 0, "", d.errorf(start, "the quoted field that starts here never ends (no closing \")")
				}
				return "", 0, "", fmt.Errorf("%s:%d: %w", d.name, d.line+1, err)
			}
			s, i = next, 0
			continue
		}
		b.WriteString(s[i : i+k])
		i += k + 1
		if i < len(s) && s[i] == '"' { // "" is one quote
			b.WriteByte('"')
			i++
			continue
		}
		return b.String(), i, s, nil
	}
}

// unquotedValue maps an unquoted field to its value: empty, \N and null (any case, as
// akkaflow read it) are NULL; a quoted field is always the text it holds.
func unquotedValue(f string) any {
	if f == "" || f == `\N` || strings.EqualFold(f, "null") {
		return nil
	}
	return f
}
