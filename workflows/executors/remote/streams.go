package remote

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

// lenient forwards to w and never fails: after w's first error it drops the rest, so the
// session keeps draining and the remote command never blocks on a full window. A nil w
// discards.
type lenient struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

func (l *lenient) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w != nil && l.err == nil {
		if _, err := l.w.Write(p); err != nil {
			l.err = err
		}
	}
	return len(p), nil
}

func (l *lenient) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// tailBuffer keeps the last max bytes written, for the failure message.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(p) >= t.max {
		t.buf = append(t.buf[:0], p[len(p)-t.max:]...)
		return len(p), nil
	}
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

// String is the kept tail from its first whole line, without the final newline.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buf
	if len(b) == t.max {
		if i := bytes.IndexByte(b, '\n'); i >= 0 && i < len(b)-1 {
			b = b[i+1:]
		}
	}
	return strings.TrimRight(string(b), "\n")
}
