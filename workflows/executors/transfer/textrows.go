package transfer

import (
	"context"
	"encoding/hex"
	"io"
)

// textRows streams the feed as the tab-separated text that PostgreSQL's COPY … FROM STDIN
// and MySQL's LOAD DATA both read: \N for NULL, and backslash, TAB, LF and CR escaped
// with a backslash. It ends with the reader's error when the read failed, so the bulk
// statement fails and its transaction rolls back instead of committing part of the data.
type textRows struct {
	ctx  context.Context
	f    *feed
	buf  []byte
	off  int
	rows int64
	// pgBytes writes binary values as bytea's \x hex form (PostgreSQL); else raw bytes.
	pgBytes bool
}

func (t *textRows) Read(p []byte) (int, error) {
	for t.off == len(t.buf) {
		b, ok, err := t.f.next(t.ctx)
		if !ok {
			if err != nil {
				return 0, err
			}
			return 0, io.EOF
		}
		t.buf, t.off = t.buf[:0], 0
		for _, row := range b.rows {
			t.buf = t.appendRow(t.buf, row)
		}
		t.rows += int64(len(b.rows))
	}
	n := copy(p, t.buf[t.off:])
	t.off += n
	return n, nil
}

func (t *textRows) appendRow(b []byte, row []any) []byte {
	for i, v := range row {
		if i > 0 {
			b = append(b, '\t')
		}
		switch v := v.(type) {
		case nil:
			b = append(b, `\N`...)
		case string:
			b = appendEscaped(b, v)
		case []byte:
			if t.pgBytes {
				b = append(b, `\\x`...)
				b = hex.AppendEncode(b, v)
			} else {
				b = appendEscaped(b, string(v))
			}
		}
	}
	return append(b, '\n')
}

// appendEscaped appends s with the four characters the text format reserves escaped.
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '\\':
			esc = `\\`
		case '\t':
			esc = `\t`
		case '\n':
			esc = `\n`
		case '\r':
			esc = `\r`
		default:
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		start = i + 1
	}
	return append(b, s[start:]...)
}
