package filelink

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
)

// localFS is the LOCAL link: the worker's own file system through package os.
type localFS struct{ name string }

func (l localFS) wrap(op, p string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("file-link %s: %s %s: %w", l.name, op, p, unwrapPathError(err))
}

// unwrapPathError drops os.PathError's own "op path:" prefix, which wrap already says.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

func infoOf(p string, fi fs.FileInfo) FileInfo {
	return FileInfo{Path: p, Size: fi.Size(), ModTime: fi.ModTime(), IsDir: fi.IsDir()}
}

func (l localFS) Glob(ctx context.Context, pattern string) ([]FileInfo, error) {
	out, err := glob(ctx, l, pattern)
	if err != nil {
		return nil, fmt.Errorf("file-link %s: %w", l.name, err)
	}
	return out, nil
}

func (l localFS) readDir(ctx context.Context, dir string) ([]FileInfo, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	out := make([]FileInfo, 0, len(entries))
	for _, e := range entries {
		p := path.Join(dir, e.Name())
		var fi fs.FileInfo
		if e.Type()&fs.ModeSymlink != 0 {
			fi, err = os.Stat(p)
		} else {
			fi, err = e.Info()
		}
		if err != nil {
			continue // removed meanwhile, or a dangling link: nothing to report
		}
		out = append(out, infoOf(p, fi))
	}
	return out, nil
}

func (l localFS) Stat(ctx context.Context, p string) (FileInfo, error) {
	fi, err := l.stat(ctx, p)
	return fi, l.wrap("stat", p, err)
}

func (l localFS) stat(_ context.Context, p string) (FileInfo, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return FileInfo{}, unwrapPathError(err)
	}
	return infoOf(p, fi), nil
}

func (l localFS) Open(ctx context.Context, p string) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, l.wrap("open", p, err)
	}
	return f, nil
}

func (l localFS) Create(ctx context.Context, p string) (Writer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tmp := tempName(p)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, l.wrap("create", p, err)
	}
	return &localWriter{pendingFile{link: l.name, tmp: tmp, target: p, remove: os.Remove, wrap: l.wrap}, f}, nil
}

func (l localFS) Remove(ctx context.Context, p string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return l.wrap("remove", p, os.Remove(p))
}

func (l localFS) Rename(ctx context.Context, oldpath, newpath string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return l.wrap("rename", oldpath+" to "+newpath, os.Rename(oldpath, newpath))
}

func (l localFS) MkdirAll(ctx context.Context, p string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return l.wrap("mkdir", p, os.MkdirAll(p, 0o755))
}

// localWriter is Create's Writer on the local file system.
type localWriter struct {
	pendingFile
	f *os.File
}

func (w *localWriter) Write(b []byte) (int, error) { return w.f.Write(b) }

// ReadFrom keeps io.Copy on the file's own fast path (copy_file_range, sendfile).
func (w *localWriter) ReadFrom(r io.Reader) (int64, error) { return w.f.ReadFrom(r) }

func (w *localWriter) Close() error {
	return w.commit(func() error {
		err := w.f.Sync()
		if cerr := w.f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(w.tmp, w.target)
		}
		return err
	})
}

func (w *localWriter) Abort() error { return w.abort(w.f.Close) }
