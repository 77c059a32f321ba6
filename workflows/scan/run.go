package scan

import (
	"context"
	"errors"
	"os"
	"path"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// ErrRunning is returned by Run when the Scanner is already running: two loops would each
// report half of the changes.
var ErrRunning = errors.New("scan: scanner is already running")

// Run reports changes one by one until ctx ends; see RunBatches.
func (s *Scanner) Run(ctx context.Context, out func(Change)) error {
	return s.RunBatches(ctx, func(batch []Change) {
		for _, c := range batch {
			out(c)
		}
	})
}

// RunBatches watches Dir and calls out with each non-empty batch of changes, sorted by path,
// until ctx ends; then it returns nil. The first batch is the initial full scan, delivered
// even when empty: it tells the consumer the directory has been read (a server waits for it
// before it reports ready, and an empty xmlconfig must not keep it waiting). A batch is
// what one scan found: the initial scan, one debounce expiry, one periodic rescan — so a
// consumer can commit one batch as one unit (the master, as one Raft command).
//
// out runs on Run's goroutine and should hand the batch over quickly (to an actor's
// mailbox): while it runs, events queue in the kernel. Parsing is already done.
func (s *Scanner) RunBatches(ctx context.Context, out func([]Change)) error {
	if !s.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer s.running.Store(false)

	var w *watcher
	var events <-chan fsnotify.Event
	var errs <-chan error
	if !s.cfg.PollOnly {
		var err error
		if w, err = newWatcher(s.log); err != nil {
			s.log.Warn("cannot watch the workflow directory; polling only", "err", err, "every", s.cfg.Rescan)
		} else {
			defer w.close()
			events, errs = w.fs.Events, w.fs.Errors
		}
	}
	deliver := func(batch []Change) {
		if len(batch) > 0 {
			out(batch)
		}
	}
	// Watches are added during this walk, before each directory is listed: nothing written
	// from now on is missed, and what the walk already saw is deduplicated by hash later.
	out(s.fullScan(w))

	ticker := time.NewTicker(s.cfg.Rescan)
	defer ticker.Stop()
	deb := newDebouncer(s.cfg.Debounce)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var timerC <-chan time.Time // nil while nothing is pending
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			s.onEvent(ev, w, deb, time.Now())
			if timerC == nil && deb.len() > 0 {
				timer.Reset(s.cfg.Debounce)
				timerC = timer.C
			}
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				s.log.Warn("file events were lost; rescanning now", "err", err)
				deliver(s.fullScan(w))
				continue
			}
			s.log.Warn("file watcher error", "err", err)
		case <-timerC:
			due, next := deb.take(time.Now())
			timerC = nil
			if !next.IsZero() {
				timer.Reset(time.Until(next))
				timerC = timer.C
			}
			deliver(s.checkPaths(due))
		case <-ticker.C:
			deliver(s.fullScan(w))
		case <-s.kick:
			deliver(s.fullScan(w))
		}
	}
}

// RescanNow asks a running Run for a full rescan (the "workflow reload" command). It never
// blocks; requests made while one is pending are merged.
func (s *Scanner) RescanNow() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// onEvent turns one fsnotify event into debounced paths and watch changes.
func (s *Scanner) onEvent(ev fsnotify.Event, w *watcher, deb *debouncer, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rel := s.rel(ev.Name)
	if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") {
		// Dir itself was removed or moved; its watch is gone. The rescan reports nothing while
		// Dir is missing (an outage) and watches it again when it is back.
		if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
			s.log.Warn("the workflow directory was removed or moved", "event", ev.Op.String())
			w.dropTree(s.dir)
		}
		return
	}
	if hiddenPath(rel) {
		return
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			// A new or moved-in directory: watch its tree and look at every file already there,
			// since they may have been written before the watch existed.
			t, err := s.walk(ev.Name, w.add)
			if err != nil {
				s.log.Debug("new directory vanished before it was walked", "path", rel, "err", err)
			}
			for _, f := range t.files {
				deb.touch(f, now)
			}
			return
		}
	}
	if (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) && w.dropTree(ev.Name) {
		// One of our directories went away: every file known below it is to be checked, and
		// will be found gone (or, moved within Dir, Added under its new path by the Create).
		for known := range s.known {
			if under(known, rel) {
				deb.touch(known, now)
			}
		}
		return
	}
	if isCandidate(path.Base(rel)) {
		deb.touch(rel, now)
	}
}
