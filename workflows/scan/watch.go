package scan

import (
	"errors"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// watcher keeps one fsnotify watch per directory below Dir (fsnotify is not recursive).
// It is used only from Run's goroutine, under Scanner.mu when a scan calls it.
type watcher struct {
	fs     *fsnotify.Watcher
	log    *slog.Logger
	dirs   map[string]bool // absolute directories with a watch
	failed map[string]bool // directories whose watch failed and was logged once
}

func newWatcher(log *slog.Logger) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	return &watcher{fs: fw, log: log, dirs: map[string]bool{}, failed: map[string]bool{}}, nil
}

func (w *watcher) close() { _ = w.fs.Close() }

// add watches dir unless it is watched already. A failure (the inotify watch limit, a
// directory gone meanwhile) is logged once per directory; the periodic rescan covers it and
// retries the watch on each pass.
func (w *watcher) add(dir string) {
	if w.dirs[dir] {
		return
	}
	if err := w.fs.Add(dir); err != nil {
		if !w.failed[dir] {
			w.failed[dir] = true
			w.log.Warn("cannot watch directory; relying on the periodic rescan for it",
				"path", dir, "err", err, "hint", "raise fs.inotify.max_user_watches if the limit is reached")
		}
		return
	}
	delete(w.failed, dir)
	w.dirs[dir] = true
}

// dropTree removes the watches on dir and every directory below it, and reports whether dir
// itself was watched, i.e. was one of our directories. inotify removes the watch of a deleted
// directory by itself; a moved one would keep its watch and report its old path, so it must
// be removed here.
func (w *watcher) dropTree(dir string) bool {
	was := w.dirs[dir]
	if !was {
		return false
	}
	prefix := dir + string(filepath.Separator)
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			w.remove(d)
		}
	}
	return true
}

// prune removes the watches of directories a full walk did not find.
func (w *watcher) prune(walked []string) {
	keep := make(map[string]bool, len(walked))
	for _, d := range walked {
		keep[d] = true
	}
	for d := range w.dirs {
		if !keep[d] {
			w.remove(d)
		}
	}
	for d := range w.failed {
		if !keep[d] {
			delete(w.failed, d)
		}
	}
}

func (w *watcher) remove(dir string) {
	delete(w.dirs, dir)
	if err := w.fs.Remove(dir); err != nil && !errors.Is(err, fsnotify.ErrNonExistentWatch) && !errors.Is(err, fsnotify.ErrClosed) {
		w.log.Debug("cannot remove watch", "path", dir, "err", err)
	}
}
