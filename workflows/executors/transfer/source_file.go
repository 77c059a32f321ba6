package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/actorflow/actorflow/workflows/filelink"
)

// fileSource reads one delimited file, or every file a glob pattern matches (in path
// order, as one stream). All records of all files need the same number of fields; with
// header="true" each file's first record is its header and the first file's names the
// columns.
type fileSource struct {
	ctx    context.Context
	fs     filelink.FS
	paths  []string
	delim  string
	header bool

	next    int // index in paths of the file to open next
	cur     io.ReadCloser
	r       *delimitedReader
	cols    []column
	names   []any // the first file's header
	pending []any // the first data row, read ahead to learn the width
	width   int   // fields per record; -1 until the first record
	widthAt string
}

func openFileSource(ctx context.Context, fsys filelink.FS, pattern, delim string, header bool) (*fileSource, error) {
	paths := []string{pattern}
	if strings.ContainsAny(pattern, "*?[") {
		infos, err := fsys.Glob(ctx, pattern)
		if err != nil {
			return nil, err
		}
		paths = paths[:0]
		for _, fi := range infos {
			if !fi.IsDir {
				paths = append(paths, fi.Path)
			}
		}
		if len(paths) == 0 {
			return nil, fmt.Errorf("no file matches %s", pattern)
		}
	}
	s := &fileSource{ctx: ctx, fs: fsys, paths: paths, delim: delim, header: header, width: -1}
	// Read ahead to the first data row, so the columns are known before the target is
	// touched.
	row, err := s.read()
	switch {
	case errors.Is(err, io.EOF):
	case err != nil:
		s.Close()
		return nil, err
	default:
		s.pending = row
	}
	s.cols = fileColumns(s.names, max(s.width, 0))
	return s, nil
}

func (s *fileSource) Columns() []column { return s.cols }

func (s *fileSource) Next() ([]any, error) {
	if row := s.pending; row != nil {
		s.pending = nil
		return row, nil
	}
	return s.read()
}

// read returns the next data record of the current file, moving on to the next file at
// the end of one.
func (s *fileSource) read() ([]any, error) {
	for {
		if s.r == nil {
			if s.next == len(s.paths) {
				return nil, io.EOF
			}
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
			p := s.paths[s.next]
			s.next++
			f, err := s.fs.Open(s.ctx, p)
			if err != nil {
				return nil, err
			}
			s.cur, s.r = f, newDelimitedReader(f, s.delim, p)
			if s.header {
				names, _, err := s.record()
				if errors.Is(err, io.EOF) {
					s.closeCurrent()
					continue
				}
				if err != nil {
					return nil, err
				}
				if s.names == nil {
					s.names = names
				}
			}
		}
		row, _, err := s.record()
		if errors.Is(err, io.EOF) {
			s.closeCurrent()
			continue
		}
		return row, err
	}
}

// record reads one record and checks its width against the other files'.
func (s *fileSource) record() ([]any, int, error) {
	row, line, err := s.r.Read()
	if err != nil {
		return nil, line, err
	}
	switch {
	case s.width < 0:
		s.width, s.widthAt = len(row), fmt.Sprintf("%s:%d", s.r.name, line)
	case len(row) != s.width:
		return nil, line, fmt.Errorf("%s:%d: %d fields, but %s has %d (delimiter %q); every line needs the same number",
			s.r.name, line, len(row), s.widthAt, s.width, s.delim)
	}
	return row, line, nil
}

func (s *fileSource) closeCurrent() {
	if s.cur != nil {
		s.cur.Close()
	}
	s.cur, s.r = nil, nil
}

func (s *fileSource) Close() error {
	s.closeCurrent()
	return nil
}
