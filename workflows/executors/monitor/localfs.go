package monitor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LocalFS lists files on the worker's own disk.
//
// The pattern is split at its last '/': the name part is a glob (*, ?, [...], as
// path/filepath.Match), matched against the entries of the directory part, which is
// listed without recursion (akkaflow's rule). A directory part that itself contains glob
// characters is expanded with filepath.Glob. Only regular files count; a symlink counts as
// what it points to.
type LocalFS struct{}

// Glob implements FS.
func (LocalFS) Glob(ctx context.Context, pattern string) ([]FileInfo, error) {
	if pattern == "" {
		return nil, errors.New("the file pattern is empty")
	}
	dir, name := filepath.Split(pattern)
	if dir == "" {
		dir = "."
	}
	if _, err := filepath.Match(name, ""); err != nil {
		return nil, fmt.Errorf("file pattern %q is malformed: %w", pattern, err)
	}
	if strings.ContainsAny(dir, `*?[\`) {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			return nil, fmt.Errorf("file pattern %q is malformed: %w", pattern, err)
		}
		return statAll(ctx, paths)
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("directory %s does not exist", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot list directory %s: %w", dir, err)
	}
	var paths []string
	for _, e := range entries {
		if ok, _ := filepath.Match(name, e.Name()); ok {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return statAll(ctx, paths)
}

func statAll(ctx context.Context, paths []string) ([]FileInfo, error) {
	var out []FileInfo
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		info, err := os.Stat(p)
		if err != nil || !info.Mode().IsRegular() {
			continue // vanished meanwhile, a dangling link, or not a file
		}
		out = append(out, FileInfo{Name: p, Size: info.Size(), ModTime: info.ModTime()})
	}
	return out, nil
}
