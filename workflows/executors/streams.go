package executors

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// pumpBufs recycles the read buffers of output pumps; at ~1.6 k spawns/s fresh 64 KiB
// buffers would be most of the worker's garbage.
var pumpBufs = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// pump copies r to w until EOF or a read error (a deadline, when draining is abandoned).
func pump(r *os.File, w io.Writer) error {
	bp := pumpBufs.Get().(*[]byte)
	defer pumpBufs.Put(bp)
	buf := *bp
	for {
		n, err := r.Read(buf)
		if n > 0 {
			w.Write(buf[:n]) // never fails: see guarded
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// guarded wraps the caller's writer so that its failure cannot stop the pump: the child
// must never block on a full pipe. After the first error the rest of the stream is dropped
// and err says why.
type guarded struct {
	w   io.Writer
	err error
}

func (g *guarded) Write(p []byte) (int, error) {
	if g.err == nil {
		n, err := g.w.Write(p)
		if err == nil && n < len(p) {
			err = io.ErrShortWrite
		}
		g.err = err
	}
	return len(p), nil
}

// tee feeds the stderr tail kept for the message as well as the caller's writer.
type tee struct {
	w    io.Writer
	tail *tailBuffer
}

func (t tee) Write(p []byte) (int, error) {
	t.tail.Write(p)
	return t.w.Write(p)
}

// streamNote describes what went wrong with one output stream, or "".
func streamNote(name string, readErr, writeErr error) string {
	switch {
	case writeErr != nil:
		return fmt.Sprintf("writing %s failed, the rest of it was dropped: %v", name, writeErr)
	case errors.Is(readErr, os.ErrDeadlineExceeded):
		return fmt.Sprintf("stopped reading %s after %s: a process outside the task's process group still holds it open",
			name, drainTimeout)
	case readErr != nil:
		return fmt.Sprintf("reading %s failed: %v", name, readErr)
	}
	return ""
}
