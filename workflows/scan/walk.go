package scan

import (
	"io/fs"
	"path/filepath"
	"sort"
)

// tree is what one walk found.
type tree struct {
	files []string // candidate files, relative slash paths, sorted
	dirs  []string // absolute paths of the directories listed (start included)
	// unreadable are relative directories whose listing failed. Known files below them are
	// neither examined nor reported removed: the listing failed, not the files.
	unreadable []string
}

// walk lists start (Dir or a directory below it) recursively. onDir, when not nil, is called
// for every directory before it is listed: the watcher adds its watch there, so a file
// created after the listing still causes an event. Symlinked directories are not entered
// (WalkDir reports them as non-directories) and hidden directories are skipped. The error
// is start's own: the caller treats it as an outage.
func (s *Scanner) walk(start string, onDir func(abs string)) (tree, error) {
	var t tree
	err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == start {
				return err
			}
			if d != nil && d.IsDir() {
				s.log.Warn("cannot list directory; its files are kept as they were", "path", p, "err", err)
				t.unreadable = append(t.unreadable, s.rel(p))
				return filepath.SkipDir
			}
			return nil // vanished between listing and stat: examine, or the next event, decides
		}
		if d.IsDir() {
			if p != start && isHidden(d.Name()) {
				return filepath.SkipDir
			}
			t.dirs = append(t.dirs, p)
			if onDir != nil {
				onDir(p)
			}
			return nil
		}
		if isCandidate(d.Name()) {
			t.files = append(t.files, s.rel(p))
		}
		return nil
	})
	// WalkDir orders each directory's entries, which is not the order of whole slash paths
	// ("a/b.xml" comes before "a.xml" there); batches are sorted by the latter.
	sort.Strings(t.files)
	return t, err
}

// rel converts an absolute path below Dir to the reported form. Paths outside Dir (which
// fsnotify never sends for our watches) come back with a leading "..".
func (s *Scanner) rel(abs string) string {
	r, err := filepath.Rel(s.dir, abs)
	if err != nil {
		return ".." // not below Dir
	}
	return filepath.ToSlash(r)
}

// abs is rel's inverse.
func (s *Scanner) abs(rel string) string { return filepath.Join(s.dir, filepath.FromSlash(rel)) }

// under reports whether rel is dir or below it ("." is everything).
func under(rel, dir string) bool {
	return dir == "." || rel == dir || (len(rel) > len(dir) && rel[len(dir)] == '/' && rel[:len(dir)] == dir)
}
