package logserver

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/actorflow/actorflow/actors/worker"
	"github.com/actorflow/actorflow/workflows/executors"
)

const (
	// Prefix starts every log path: Prefix + instance/node/attempt/stream.
	Prefix = "/logs/"
	// SizeHeader carries the log file's size with a ranged read.
	SizeHeader = "X-Actorflow-Log-Size"
	// AbsentHeader marks a 404 that means "this log has no file": an empty log.
	AbsentHeader = "X-Actorflow-Log-Absent"
	// MaxRange bounds one ranged read, and is its default size.
	MaxRange = 1 << 20
)

// Handler serves the logs under root (a worker's LogRoot) as described in doc.go.
func Handler(root string) http.Handler {
	return &handler{root: filepath.Clean(root)}
}

type handler struct{ root string }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs, ok := segments(r.URL.EscapedPath())
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "logs are read-only: GET only", http.StatusMethodNotAllowed)
		return
	}
	ref, err := refOf(segs)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	path, err := h.path(ref)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Cache-Control", "no-store")
	q := r.URL.Query()
	if !q.Has("offset") {
		h.view(w, path)
		return
	}
	off, err := strconv.ParseInt(q.Get("offset"), 10, 64)
	if err != nil || off < 0 {
		http.Error(w, fmt.Sprintf("offset %q: want a number of bytes, 0 or more", q.Get("offset")), http.StatusBadRequest)
		return
	}
	limit := int64(MaxRange)
	if q.Has("max") {
		m, err := strconv.ParseInt(q.Get("max"), 10, 64)
		if err != nil || m < 1 {
			http.Error(w, fmt.Sprintf("max %q: want a number of bytes, 1 or more", q.Get("max")), http.StatusBadRequest)
			return
		}
		limit = min(m, MaxRange)
	}
	h.rangeRead(w, path, off, limit)
}

// segments splits an escaped path Prefix + a/b/c/d into its four raw segments. The path is
// split before it is unescaped, so a "/" inside a name (%2F) stays in the name. (ServeMux
// wildcards are not used: they take a segment that unescapes to "/" for a trailing slash.)
func segments(escaped string) ([4]string, bool) {
	var segs [4]string
	rest, ok := strings.CutPrefix(escaped, Prefix)
	if !ok {
		return segs, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != len(segs) {
		return segs, false
	}
	copy(segs[:], parts)
	return segs, true
}

// refOf reads the attempt a request names. The names are not checked as paths here:
// worker.LogDir makes any text one safe component.
func refOf(segs [4]string) (Ref, error) {
	var ref Ref
	var err error
	if ref.Instance, err = url.PathUnescape(segs[0]); err != nil {
		return ref, fmt.Errorf("instance %q: %w", segs[0], err)
	}
	if ref.Node, err = url.PathUnescape(segs[1]); err != nil {
		return ref, fmt.Errorf("node %q: %w", segs[1], err)
	}
	if ref.Instance == "" || ref.Node == "" {
		return ref, errors.New("instance and node must not be empty")
	}
	a, err := strconv.ParseInt(segs[2], 10, 32)
	if err != nil || a < 1 {
		return ref, fmt.Errorf("attempt %q: want a number, 1 or more", segs[2])
	}
	ref.Attempt = int(a)
	switch segs[3] {
	case "stdout":
	case "stderr":
		ref.Stderr = true
	default:
		return ref, fmt.Errorf("stream %q: want stdout or stderr", segs[3])
	}
	return ref, nil
}

// path is the file of ref under the root. LogDir already makes every name one safe
// component; the check below keeps that a property of this package, not of another's.
func (h *handler) path(ref Ref) (string, error) {
	name := executors.StdoutLogName
	if ref.Stderr {
		name = executors.StderrLogName
	}
	p := filepath.Join(worker.LogDir(h.root, ref.Instance, ref.Node, ref.Attempt), name)
	rel, err := filepath.Rel(h.root, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("attempt %s names no file under the log root", ref)
	}
	return p, nil
}

// view answers the stitched view of a log (executors.ReadLog).
func (h *handler) view(w http.ResponseWriter, path string) {
	for _, p := range []string{path, path + executors.TailSuffix} {
		info, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			if p == path {
				absent(w)
				return
			}
			continue
		}
		if err != nil || !info.Mode().IsRegular() {
			http.Error(w, fmt.Sprintf("log %s is not a regular file", filepath.Base(p)), http.StatusInternalServerError)
			return
		}
	}
	data, err := executors.ReadLog(path)
	if err != nil {
		http.Error(w, "read log: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if data == nil {
		absent(w) // removed between the check and the read
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// rangeRead answers at most limit bytes of the file from off, with the file's size.
func (h *handler) rangeRead(w http.ResponseWriter, path string, off, limit int64) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if errors.Is(err, fs.ErrNotExist) {
		absent(w)
		return
	}
	if err != nil {
		http.Error(w, "open log: "+err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		http.Error(w, "log is not a regular file", http.StatusInternalServerError)
		return
	}
	size := info.Size()
	n := max(0, min(size-off, limit))
	w.Header().Set(SizeHeader, strconv.FormatInt(size, 10))
	w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
	if n > 0 {
		// The file may grow meanwhile; only the n bytes the size promised are sent.
		io.Copy(w, io.NewSectionReader(f, off, n))
	}
}

func absent(w http.ResponseWriter) {
	w.Header().Set(AbsentHeader, "1")
	http.Error(w, "no such log", http.StatusNotFound)
}
