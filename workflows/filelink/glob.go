package filelink

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// lister is what glob needs from a file system: a directory's entries (symbolic links
// followed, Path joined to dir) and a single Stat.
type lister interface {
	readDir(ctx context.Context, dir string) ([]FileInfo, error)
	stat(ctx context.Context, p string) (FileInfo, error)
}

// glob implements FS.Glob over a lister, with one directory listing per directory visited
// (an SFTP listing carries every entry's size and time, so matches cost no extra round trip).
func glob(ctx context.Context, l lister, pattern string) ([]FileInfo, error) {
	if pattern == "" {
		return nil, errors.New("empty glob pattern")
	}
	clean := path.Clean(pattern)
	comps := strings.Split(clean, "/")
	for _, c := range comps {
		if _, err := path.Match(c, ""); err != nil {
			return nil, fmt.Errorf("glob pattern %q: %w", pattern, err)
		}
	}
	first := slices.IndexFunc(comps, hasMeta)
	if first < 0 { // no wildcard: the path itself, if it exists
		info, err := l.stat(ctx, clean)
		if err == nil {
			return []FileInfo{info}, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if _, derr := l.stat(ctx, path.Dir(clean)); derr != nil {
			return nil, fmt.Errorf("glob %q: directory: %w", pattern, derr)
		}
		return nil, nil
	}
	base := strings.Join(comps[:first], "/")
	switch {
	case base == "" && strings.HasPrefix(clean, "/"):
		base = "/"
	case base == "":
		base = "."
	}
	dirs := []string{base}
	var out []FileInfo
	for i := first; i < len(comps); i++ {
		last := i == len(comps)-1
		var next []string
		for _, dir := range dirs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			entries, err := l.readDir(ctx, dir)
			if err != nil {
				if dir == base {
					return nil, fmt.Errorf("glob %q: listing %s: %w", pattern, dir, err)
				}
				if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
					continue // gone meanwhile, or not ours to read: no match there
				}
				return nil, fmt.Errorf("glob %q: listing %s: %w", pattern, dir, err)
			}
			for _, e := range entries {
				if ok, _ := path.Match(comps[i], path.Base(e.Path)); !ok {
					continue
				}
				if last {
					out = append(out, e)
				} else if e.IsDir {
					next = append(next, e.Path)
				}
			}
		}
		dirs = next
	}
	slices.SortFunc(out, func(a, b FileInfo) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

func hasMeta(s string) bool { return strings.ContainsAny(s, `*?[\`) }
