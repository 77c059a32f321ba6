package scan

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// entry is what the scanner remembers about one path.
type entry struct {
	hash    string // hex sha256; "" when the file could not be read
	size    int64
	mtime   time.Time
	failure string // why the file could not be read; "" when it was read
}

// job asks for one path to be looked at.
type job struct {
	rel      string
	prev     entry
	known    bool
	precheck bool // trust an unchanged size and mtime (periodic rescan); events always read
}

// outcome is what examining a path found.
type outcome uint8

const (
	same    outcome = iota // nothing to report (result.now may refresh size and mtime)
	gone                   // no regular file there any more
	changed                // new bytes, or a new read failure: report
)

type result struct {
	job
	outcome outcome
	now     entry
	data    []byte
	def     *workflows.Definition
}

// examineAll runs examine over jobs in a pool of Config.Workers goroutines. Results keep
// the jobs' order, so a sorted batch stays sorted whatever the scheduling.
func (s *Scanner) examineAll(jobs []job) []result {
	results := make([]result, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(s.cfg.Workers, len(jobs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				results[i] = s.examine(jobs[i])
			}
		})
	}
	wg.Wait()
	return results
}

// examine stats, reads, hashes and (only when the bytes changed) parses one path.
func (s *Scanner) examine(j job) result {
	r := result{job: j}
	abs := s.abs(j.rel)
	fi, err := os.Stat(abs) // follows a symlinked file to its target
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, lerr := os.Lstat(abs); lerr == nil {
			return s.failed(r, nil, "symbolic link to a missing file")
		}
		r.outcome = gone
		return r
	case err != nil:
		return s.failed(r, nil, describe(err))
	case fi.IsDir():
		// A directory (or a link to one) under a *.xml name: not a file, and not recursed
		// into when it is a link; a real one is walked as a directory.
		r.outcome = gone
		return r
	case !fi.Mode().IsRegular():
		// Opening a FIFO would block this worker until someone writes to it.
		return s.failed(r, fi, fmt.Sprintf("not a regular file (%v)", fi.Mode().Type()))
	case fi.Size() > MaxFileSize:
		return s.failed(r, fi, fmt.Sprintf("file is %d bytes, over the %d-byte limit", fi.Size(), MaxFileSize))
	}
	r.now = entry{size: fi.Size(), mtime: fi.ModTime()}
	if j.precheck && j.known && j.prev.failure == "" && j.prev.size == r.now.size && j.prev.mtime.Equal(r.now.mtime) {
		r.now.hash = j.prev.hash
		r.outcome = same
		return r
	}
	data, err := readFile(abs)
	if err != nil {
		return s.failed(r, fi, describe(err))
	}
	sum := sha256.Sum256(data)
	r.now.hash = hex.EncodeToString(sum[:])
	if j.known && j.prev.failure == "" && j.prev.hash == r.now.hash {
		r.outcome = same
		return r
	}
	r.outcome, r.data, r.def = changed, data, s.load(j.rel, data)
	return r
}

// failed records a read failure. The same failure as last time is not news: without this
// an unreadable file would be reported on every rescan.
func (s *Scanner) failed(r result, fi fs.FileInfo, msg string) result {
	r.now = entry{failure: msg}
	if fi != nil {
		r.now.size, r.now.mtime = fi.Size(), fi.ModTime()
	}
	if r.known && r.prev.failure == msg {
		r.outcome = same
		return r
	}
	r.outcome, r.def = changed, readFailure(r.rel, msg)
	return r
}

// load calls Config.Load; a panic there is a loader bug and must not take the master down.
func (s *Scanner) load(rel string, data []byte) (def *workflows.Definition) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("workflow loader panicked", "path", rel, "panic", p)
			def = &workflows.Definition{Source: rel, Problems: workflows.Problems{{
				Pos: workflows.Pos{File: rel}, Severity: workflows.SeverityError, Code: codeLoadPanic,
				Message: fmt.Sprintf("the loader failed on this file: %v", p),
			}}}
		}
	}()
	def = s.cfg.Load(rel, data)
	if def == nil {
		def = &workflows.Definition{Source: rel}
	}
	return def
}

// readFile reads a regular file of at most MaxFileSize bytes. The type is checked again on
// the open file: the path may have been replaced since the stat.
func readFile(abs string) ([]byte, error) {
	f, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%v)", fi.Mode().Type())
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("file grew over the %d-byte limit while being read", MaxFileSize)
	}
	return data, nil
}

// describe drops the absolute path from an *fs.PathError: the problem is already located
// at the relative path, and the master's directory layout is not the user's business.
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return "cannot " + pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}
