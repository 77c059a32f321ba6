package executors

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTailBufferLastLines(t *testing.T) {
	t.Parallel()
	var tb tailBuffer
	for i := range 1000 {
		tb.Write([]byte(strings.Repeat("é", i%50) + "\n"))
	}
	got := tb.lastLines()
	if len(got) > maxTailMessage || !utf8.ValidString(got) || len(tb.b) > 2*tailKeep {
		t.Fatalf("tail %d bytes (valid %v), buffer %d bytes", len(got), utf8.ValidString(got), len(tb.b))
	}
	if !strings.HasSuffix(got, strings.Repeat("é", 49)) || strings.HasPrefix(got, "\n") {
		t.Errorf("tail does not end with the last line or starts mid-line: %q", got)
	}

	// One huge line: cut at a rune boundary and marked with an ellipsis.
	var one tailBuffer
	one.Write([]byte(strings.Repeat("日本", 2000)))
	got = one.lastLines()
	if len(got) > maxTailMessage || !utf8.ValidString(got) || !strings.HasPrefix(got, "…") {
		t.Errorf("huge line tail: %d bytes, valid %v, %q…", len(got), utf8.ValidString(got), got[:12])
	}
}
