package executors

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// DefaultLogLimit is the default cap of one stream's log of one attempt (stdout and stderr
// are capped separately).
const DefaultLogLimit = 16 << 20

// TailSuffix names the side file that holds a CappedLog's tail ring while it is written.
const TailSuffix = ".tail"

// Side file layout: a header (magic, head size, tail size, bytes written so far), then the
// ring. Numbers are little-endian uint64. The header lets ReadLog stitch a live log or one
// left by a crashed worker.
const (
	sideMagic      = "AFLOGT1\n"
	sideHeaderSize = 32
	offTotal       = 24 // where the running byte count lives in the header
)

// CappedLog is an io.Writer to a log file that keeps at most limit bytes of a stream:
// the first half (the head) and the last half (the tail), with a marker between them that
// says how many bytes were cut. Bytes are on disk as soon as Write returns.
//
// Nothing touches the disk until the first byte: then the file (and its directory, if
// missing) is created, so a task that prints nothing costs no inode. Until then there is no
// file, which ReadLog shows as an empty log.
//
// While writing, the head goes straight to the file, so a follower (tail -f, or the
// worker streaming the file) sees output as it arrives. Once the head is full the file
// stops growing: later output goes to a ring in the side file <path>.tail, which ReadLog
// stitches in. Close appends the marker (only if something was cut) and the tail in order
// to the file and removes the side file, so a follower sees the rest appear at the end.
// The finished file is plain text: the whole output when it fit in limit, otherwise
// head + marker + tail, never more than limit bytes plus the marker.
//
// Write never fails because of the log: after an I/O error (disk full) it keeps accepting
// and dropping bytes, so the task never blocks on a full pipe; Err reports the error.
// Memory use is constant.
type CappedLog struct {
	mu      sync.Mutex
	path    string
	headMax int64
	tailMax int64
	file    *os.File // nil until the first byte
	side    *os.File // nil until the head is full
	total   int64    // bytes offered so far
	hdr     [sideHeaderSize]byte
	err     error
	closed  bool
}

// NewCappedLog returns a log that will write to path. limit ≤ 0 means DefaultLogLimit; a
// limit below 2 is raised to 2 so there is room for one head and one tail byte. The file is
// created on the first Write; a file already at path is then started over, and a side file
// left by an earlier writer of the same path is removed.
func NewCappedLog(path string, limit int64) *CappedLog {
	if limit <= 0 {
		limit = DefaultLogLimit
	}
	limit = max(limit, 2)
	l := &CappedLog{path: path, headMax: limit / 2, tailMax: limit - limit/2}
	copy(l.hdr[:], sideMagic)
	binary.LittleEndian.PutUint64(l.hdr[8:], uint64(l.headMax))
	binary.LittleEndian.PutUint64(l.hdr[16:], uint64(l.tailMax))
	return l
}

// create opens the file for the first byte. O_EXCL tells a new file, the usual case, from
// an earlier writer's, without probing: only the latter can have a side file to remove.
func (l *CappedLog) create() (*os.File, error) {
	const flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	f, err := os.OpenFile(l.path, flags|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(l.path), 0o755); err != nil {
			return nil, err
		}
		f, err = os.OpenFile(l.path, flags|os.O_EXCL, 0o644)
	}
	if errors.Is(err, fs.ErrExist) {
		if err := removeIfExists(l.path + TailSuffix); err != nil {
			return nil, err
		}
		f, err = os.OpenFile(l.path, flags|os.O_TRUNC, 0o644)
	}
	return f, err
}

// Path is the log file's path.
func (l *CappedLog) Path() string { return l.path }

// Written is how many bytes were offered so far, kept or not.
func (l *CappedLog) Written() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// Err is the first I/O error, after which output was dropped.
func (l *CappedLog) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Write stores p, or the part of it that the cap keeps. It always reports len(p) written
// unless the log is closed.
func (l *CappedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, os.ErrClosed
	}
	n := len(p)
	if n == 0 {
		return 0, nil // and no file for it
	}
	if l.err != nil {
		l.total += int64(n)
		return n, nil
	}
	if l.file == nil {
		if l.file, l.err = l.create(); l.err != nil {
			l.total += int64(n)
			return n, nil
		}
	}
	if room := l.headMax - l.total; room > 0 {
		k := min(int64(len(p)), room)
		if _, err := l.file.Write(p[:k]); err != nil {
			l.err = err
		}
		l.total += k
		p = p[k:]
	}
	if len(p) > 0 {
		l.writeTail(p)
	}
	return n, nil
}

// writeTail puts p into the ring; only its last tailMax bytes can survive, so the rest is
// skipped without being written.
func (l *CappedLog) writeTail(p []byte) {
	if l.err == nil && l.side == nil {
		l.side, l.err = os.OpenFile(l.path+TailSuffix, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	}
	if skip := int64(len(p)) - l.tailMax; skip > 0 {
		l.total += skip
		p = p[skip:]
	}
	for len(p) > 0 && l.err == nil {
		off := (l.total - l.headMax) % l.tailMax
		k := min(int64(len(p)), l.tailMax-off)
		_, l.err = l.side.WriteAt(p[:k], sideHeaderSize+off)
		l.total += k
		p = p[k:]
	}
	l.total += int64(len(p)) // dropped after an error
	if l.err == nil {
		binary.LittleEndian.PutUint64(l.hdr[offTotal:], uint64(l.total))
		_, l.err = l.side.WriteAt(l.hdr[:], 0)
	}
}

// Close finishes the file: marker and tail are appended and the side file removed. A log
// that was never written has no file and stays without one. It returns the first I/O error
// of the log's life.
func (l *CappedLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return l.err
	}
	l.closed = true
	if l.side != nil {
		if l.err == nil {
			l.err = appendTail(l.file, l.side, l.headMax, l.tailMax, l.total)
		}
		l.side.Close()
		if err := os.Remove(l.path + TailSuffix); err != nil && l.err == nil {
			l.err = err
		}
	}
	if l.file != nil {
		if err := l.file.Close(); err != nil && l.err == nil {
			l.err = err
		}
	}
	return l.err
}

// appendTail writes the marker (when bytes were cut) and the ring in stream order to w.
func appendTail(w io.Writer, ring io.ReaderAt, headMax, tailMax, total int64) error {
	segs, cut := ringSegments(headMax, tailMax, total)
	if cut > 0 {
		if _, err := io.WriteString(w, cutMarker(cut, total, headMax, tailMax)); err != nil {
			return err
		}
	}
	for _, s := range segs {
		if _, err := io.Copy(w, io.NewSectionReader(ring, sideHeaderSize+s[0], s[1])); err != nil {
			return err
		}
	}
	return nil
}

// ringSegments returns the (offset, length) pairs of the ring in stream order and how many
// bytes between head and tail were lost.
func ringSegments(headMax, tailMax, total int64) (segs [][2]int64, cut int64) {
	past := total - headMax // bytes that went to the ring
	if past <= 0 {
		return nil, 0
	}
	if past <= tailMax {
		return [][2]int64{{0, past}}, 0
	}
	// Wrapped: the oldest byte sits where the next write would go.
	start := past % tailMax
	return [][2]int64{{start, tailMax - start}, {0, start}}, past - tailMax
}

// cutMarker is the line between head and tail. It starts with a newline because the head
// usually ends mid-line.
func cutMarker(cut, total, head, tail int64) string {
	return fmt.Sprintf("\n[actorflow: %d bytes cut here; the output was %d bytes, this log keeps the first %d and the last %d]\n",
		cut, total, head, tail)
}
