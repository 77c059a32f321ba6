package filelink

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"

	"github.com/pkg/sftp"
)

// sftpFS is an SFTP link's file system over its pooled connection. pkg/sftp's calls take no
// context: ctx bounds connecting and is checked before each call; a call in flight on a
// connection that went silent ends when the keepalive gives up on it.
type sftpFS struct{ lc *linkConn }

// do runs fn on the live SFTP client. When the connection turns out to be dead, it is
// dropped, and an idempotent operation is tried once more on a new one.
func (f *sftpFS) do(ctx context.Context, idempotent bool, op, p string, fn func(c *sftp.Client) error) error {
	if err := f.try(ctx, idempotent, fn); err != nil {
		return f.wrap(op, p, err)
	}
	return nil
}

// try is do without naming the link and path in the error (glob adds its own context).
func (f *sftpFS) try(ctx context.Context, idempotent bool, fn func(c *sftp.Client) error) error {
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		c, err := f.lc.sftpClient(ctx)
		if err != nil {
			return err
		}
		err = fn(c)
		if err == nil {
			return nil
		}
		if isConnectionLost(err) {
			f.lc.mu.Lock()
			sc := f.lc.ssh
			f.lc.mu.Unlock()
			if sc != nil {
				f.lc.broken(sc)
			}
			if idempotent && attempt == 0 {
				continue
			}
		}
		var se *sftp.StatusError
		if errors.As(err, &se) {
			err = statusError{se}
		}
		return unwrapPathError(err)
	}
}

func (f *sftpFS) wrap(op, p string, err error) error {
	var se *sftp.StatusError
	if errors.As(err, &se) && !errors.As(err, new(statusError)) {
		err = statusError{se}
	}
	return fmt.Errorf("file-link %s: %s %s: %w", f.lc.link.Name, op, p, unwrapPathError(err))
}

// statusError lets a raw SFTP status match the fs errors, as os errors do.
type statusError struct{ *sftp.StatusError }

func (e statusError) Is(target error) bool {
	switch e.FxCode() {
	case sftp.ErrSSHFxNoSuchFile:
		return target == fs.ErrNotExist
	case sftp.ErrSSHFxPermissionDenied:
		return target == fs.ErrPermission
	}
	return false
}

func (e statusError) Unwrap() error { return e.StatusError }

func (f *sftpFS) Glob(ctx context.Context, pattern string) ([]FileInfo, error) {
	out, err := glob(ctx, f, pattern)
	if err != nil {
		return nil, fmt.Errorf("file-link %s: %w", f.lc.link.Name, err)
	}
	return out, nil
}

func (f *sftpFS) readDir(ctx context.Context, dir string) ([]FileInfo, error) {
	var out []FileInfo
	err := f.try(ctx, true, func(c *sftp.Client) error {
		entries, err := c.ReadDirContext(ctx, dir)
		if err != nil {
			return err
		}
		out = make([]FileInfo, 0, len(entries))
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if e.Mode()&fs.ModeSymlink != 0 {
				if e, err = c.Stat(p); err != nil {
					continue // dangling
				}
			}
			out = append(out, infoOf(p, e))
		}
		return nil
	})
	return out, err
}

func (f *sftpFS) Stat(ctx context.Context, p string) (FileInfo, error) {
	out, err := f.stat(ctx, p)
	if err != nil {
		return FileInfo{}, f.wrap("stat", p, err)
	}
	return out, nil
}

func (f *sftpFS) stat(ctx context.Context, p string) (FileInfo, error) {
	var out FileInfo
	err := f.try(ctx, true, func(c *sftp.Client) error {
		fi, err := c.Stat(p)
		if err == nil {
			out = infoOf(p, fi)
		}
		return err
	})
	return out, err
}

func (f *sftpFS) Open(ctx context.Context, p string) (io.ReadCloser, error) {
	var out *sftp.File
	err := f.do(ctx, true, "open", p, func(c *sftp.Client) (err error) {
		out, err = c.Open(p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil // *sftp.File: its WriteTo keeps io.Copy on pipelined reads
}

func (f *sftpFS) Create(ctx context.Context, p string) (Writer, error) {
	var w *sftpWriter
	err := f.do(ctx, true, "create", p, func(c *sftp.Client) error {
		// A new name on each try: a retry after a lost connection must not trip over the
		// file the first try may have made.
		tmp := tempName(p)
		file, err := c.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
		if err != nil {
			return err
		}
		w = &sftpWriter{pendingFile{link: f.lc.link.Name, tmp: tmp, target: p, remove: c.Remove, wrap: f.wrap}, c, file}
		return nil
	})
	return w, err
}

func (f *sftpFS) Remove(ctx context.Context, p string) error {
	return f.do(ctx, false, "remove", p, func(c *sftp.Client) error { return c.Remove(p) })
}

func (f *sftpFS) Rename(ctx context.Context, oldpath, newpath string) error {
	return f.do(ctx, false, "rename", oldpath+" to "+newpath, func(c *sftp.Client) error {
		return replace(c, oldpath, newpath)
	})
}

func (f *sftpFS) MkdirAll(ctx context.Context, p string) error {
	return f.do(ctx, true, "mkdir", p, func(c *sftp.Client) error { return c.MkdirAll(p) })
}

// replace renames, replacing a target file. SFTP's own rename refuses an existing target;
// OpenSSH's posix-rename extension replaces atomically. Without the extension the target
// is removed first, which leaves a moment without it.
func replace(c *sftp.Client, oldpath, newpath string) error {
	if _, ok := c.HasExtension("posix-rename@openssh.com"); ok {
		return c.PosixRename(oldpath, newpath)
	}
	if err := c.Remove(newpath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		var se *sftp.StatusError
		if !errors.As(err, &se) || se.FxCode() != sftp.ErrSSHFxNoSuchFile {
			return err
		}
	}
	return c.Rename(oldpath, newpath)
}

// sftpWriter is Create's Writer on SFTP: a temporary file renamed over the target on Close.
type sftpWriter struct {
	pendingFile
	c *sftp.Client
	f *sftp.File
}

func (w *sftpWriter) Write(b []byte) (int, error) { return w.f.Write(b) }

// ReadFrom keeps io.Copy on pkg/sftp's pipelined writes.
func (w *sftpWriter) ReadFrom(r io.Reader) (int64, error) { return w.f.ReadFrom(r) }

func (w *sftpWriter) Close() error {
	return w.commit(func() error {
		if err := w.f.Close(); err != nil {
			return err
		}
		return replace(w.c, w.tmp, w.target)
	})
}

func (w *sftpWriter) Abort() error { return w.abort(w.f.Close) }
