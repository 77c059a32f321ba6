package transfer

import (
	"bufio"
	"io"
	"strings"
)

// delimitedWriter writes records in the format delimitedReader reads (see doc.go), so a
// file written here reads back as the same values, NULLs and empty strings apart.
type delimitedWriter struct {
	w     *bufio.Writer
	delim string
	buf   []byte
}

func newDelimitedWriter(w io.Writer, delim string) *delimitedWriter {
	return &delimitedWriter{w: bufio.NewWriterSize(w, 256<<10), delim: delim}
}

// Write writes one record; each value is nil (NULL) or a string.
func (d *delimitedWriter) Write(values []any) error {
	b := d.buf[:0]
	for i, v := range values {
		if i > 0 {
			b = append(b, d.delim...)
		}
		s, ok := v.(string)
		switch {
		case !ok && len(values) == 1:
			// An empty line would be skipped as blank when read back.
			b = append(b, `\N`...)
		case !ok:
		case needsQuotes(s, d.delim):
			b = append(b, '"')
			b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
			b = append(b, '"')
		default:
			b = append(b, s...)
		}
	}
	b = append(b, '\n')
	d.buf = b
	_, err := d.w.Write(b)
	return err
}

// Flush writes what is buffered.
func (d *delimitedWriter) Flush() error { return d.w.Flush() }

// needsQuotes: the text would otherwise read back as something else (NULL, more fields,
// more lines, or a quoted field).
func needsQuotes(s, delim string) bool {
	return s == "" || s == `\N` || strings.EqualFold(s, "null") ||
		strings.ContainsAny(s, "\"\r\n") || strings.Contains(s, delim)
}
