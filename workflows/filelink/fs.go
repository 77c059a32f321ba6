package filelink

import (
	"context"
	"io"
	"time"
)

// FS is what the executors need from a file system reached through a link. Paths use
// forward slashes on every link; a relative path is relative to the worker's working
// directory (LOCAL) or the login directory (SFTP). Errors wrap fs.ErrNotExist,
// fs.ErrExist or fs.ErrPermission where those apply, and name the link and the path.
// Safe for concurrent use.
type FS interface {
	// Glob lists what matches pattern, sorted by path. The syntax is path.Match's (*, ?,
	// [...], \ escapes), in any component. The pattern's leading directory without
	// wildcards must exist (else an error matching fs.ErrNotExist); an existing directory
	// with no match is an empty list.
	Glob(ctx context.Context, pattern string) ([]FileInfo, error)
	// Open opens a file for reading.
	Open(ctx context.Context, path string) (io.ReadCloser, error)
	// Create starts writing path atomically: the data goes to a temporary file beside it,
	// renamed over path by Writer.Close; Writer.Abort removes it. Until Close succeeds,
	// path is untouched. The parent directory must exist.
	Create(ctx context.Context, path string) (Writer, error)
	// Remove removes a file or an empty directory.
	Remove(ctx context.Context, path string) error
	// Rename renames oldpath to newpath, replacing newpath if it is a file.
	Rename(ctx context.Context, oldpath, newpath string) error
	// MkdirAll creates a directory and any missing parents; an existing one is fine.
	MkdirAll(ctx context.Context, path string) error
	// Stat describes path (following symbolic links).
	Stat(ctx context.Context, path string) (FileInfo, error)
}

// FileInfo describes one file.
type FileInfo struct {
	Path    string    `json:"path"` // as matched or asked, forward slashes
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mod_time"`
	IsDir   bool      `json:"is_dir,omitempty"`
}

// Writer is a file being written atomically. The idiom is the one of renameio's
// PendingFile:
//
//	w, err := fsys.Create(ctx, path)
//	if err != nil { return err }
//	defer w.Abort()          // a no-op once Close has succeeded
//	… write …
//	return w.Close()         // path now has the whole content, or is untouched
//
// A plain io.WriteCloser would make `defer w.Close()` publish half a file on an error path;
// here only an explicit Close publishes.
type Writer interface {
	io.Writer
	// Close flushes, closes and renames the temporary file over the target. On failure the
	// temporary file is removed and the target is untouched.
	Close() error
	// Abort discards what was written and removes the temporary file. It is safe to call
	// more than once and after Close (then it does nothing).
	Abort() error
}
