package executors

import (
	"strings"
	"unicode/utf8"
)

// tailKeep is how much recent stderr is kept in memory to pick the message lines from.
const tailKeep = 4 << 10

// maxTailMessage bounds the stderr lines quoted in Result.Message.
const maxTailMessage = 1 << 10

// tailBuffer keeps the last tailKeep bytes written to it.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	if len(p) >= tailKeep {
		t.b = append(t.b[:0], p[len(p)-tailKeep:]...)
		return len(p), nil
	}
	if len(t.b)+len(p) > 2*tailKeep {
		t.b = append(t.b[:0], t.b[len(t.b)-(tailKeep-len(p)):]...)
	}
	t.b = append(t.b, p...)
	return len(p), nil
}

// lastLines is the end of the stream, at most maxTailMessage bytes, starting at a line
// boundary when one is in reach, as valid UTF-8.
func (t *tailBuffer) lastLines() string {
	s := strings.TrimRight(string(t.b), " \t\r\n")
	if len(s) > maxTailMessage {
		s = s[len(s)-maxTailMessage:]
		if i := strings.IndexByte(s, '\n'); i >= 0 && i < len(s)-1 {
			s = s[i+1:]
		} else {
			s = s[len("…"):]
			for len(s) > 0 && !utf8.RuneStart(s[0]) {
				s = s[1:]
			}
			s = "…" + s
		}
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
