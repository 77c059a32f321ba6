package monitor

import (
	"context"
	"fmt"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Querier runs a query that yields one number: the first column of the first row. The
// dblink package satisfies it. db is a named db-link or a 2017 inline connection. No row,
// NULL or a value that is not a number is an error that says so.
type Querier interface {
	QueryFloat(ctx context.Context, db workflows.DBLinkRef, query string) (float64, error)
}

// FileInfo is one file a pattern matched.
type FileInfo struct {
	Name    string // the path as the file system names it
	Size    int64
	ModTime time.Time
}

// FS lists the regular files matching a pattern "dir/name-glob". A directory that does
// not exist is an error. LocalFS is the local one; an SFTP one comes from the file-link
// package.
type FS interface {
	Glob(ctx context.Context, pattern string) ([]FileInfo, error)
}

// Deps is what the monitors need from the worker.
type Deps struct {
	// Querier answers SQL probes; nil makes them fail, saying the worker has no database
	// access configured.
	Querier Querier
	// FileSystem returns the FS of a file-link; nil serves only the local one ("" or
	// "local"). It is called with the link name as written, "" included.
	FileSystem func(fileLink string) (FS, error)
	// Exec runs COMMAND probes, as the shell executor would (same work root, grace, env).
	Exec executors.Config
	// Now and After are the clock for re-checks and polling; default time.Now and
	// time.After. Tests pass a fake one.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
}

// Register adds the data-monitor and file-monitor executors to reg.
func Register(reg *executors.Registry, d Deps) {
	reg.Register(workflows.ActionDataMonitor, NewDataMonitor(d))
	reg.Register(workflows.ActionFileMonitor, NewFileMonitor(d))
}

func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

// sleep waits d or until ctx is done; it returns ctx's error in that case.
func (d Deps) sleep(ctx context.Context, dur time.Duration) error {
	after := d.After
	if after == nil {
		after = time.After
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-after(dur):
		return nil
	}
}

func (d Deps) fileSystem(link string) (FS, error) {
	if d.FileSystem != nil {
		return d.FileSystem(link)
	}
	if link == "" || link == "local" {
		return LocalFS{}, nil
	}
	return nil, fmt.Errorf("file-link %q is not available on this worker (only local files are)", link)
}
