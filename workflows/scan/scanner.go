package scan

import (
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Scanner remembers what it has reported about each file under Dir. Create it with New.
// ScanOnce may be called from any goroutine, also while Run runs; each change is then
// reported to whichever of the two found it, never to both.
type Scanner struct {
	cfg     Config
	dir     string // absolute, symlinks resolved
	log     *slog.Logger
	kick    chan struct{} // RescanNow → Run
	running atomic.Bool

	// mu is held for a whole scan, from the snapshot of known to its update, so that two
	// scans never both report the same change.
	mu    sync.Mutex
	known map[string]entry // by relative slash path
}

// Dir is the directory watched, absolute, with symlinks resolved.
func (s *Scanner) Dir() string { return s.dir }

// ScanOnce walks Dir and returns what changed since the previous scan (every file, the
// first time), sorted by Path. It does not touch any watch.
func (s *Scanner) ScanOnce() []Change { return s.fullScan(nil) }

// fullScan walks everything; onDir (the watcher's add, or nil) is called for each directory.
func (s *Scanner) fullScan(w *watcher) []Change {
	s.mu.Lock()
	defer s.mu.Unlock()
	var onDir func(string)
	if w != nil {
		onDir = w.add
	}
	start := time.Now()
	t, err := s.walk(s.dir, onDir)
	if err != nil {
		s.log.Error("cannot walk the workflow directory; known files are kept as they were", "err", err)
		return nil
	}
	if w != nil {
		w.prune(t.dirs)
	}
	jobs := make([]job, 0, len(t.files))
	seen := make(map[string]bool, len(t.files))
	for _, rel := range t.files {
		prev, known := s.known[rel]
		jobs = append(jobs, job{rel: rel, prev: prev, known: known, precheck: true})
		seen[rel] = true
	}
	for rel, prev := range s.known {
		if !seen[rel] && !belowAny(rel, t.unreadable) {
			jobs = append(jobs, job{rel: rel, prev: prev, known: true}) // examine confirms it is gone
		}
	}
	return s.run(jobs, "rescan", start)
}

// checkPaths examines the given paths (debounced events), reading every one of them.
func (s *Scanner) checkPaths(rels []string) []Change {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	jobs := make([]job, 0, len(rels))
	for _, rel := range rels {
		prev, known := s.known[rel]
		jobs = append(jobs, job{rel: rel, prev: prev, known: known})
	}
	return s.run(jobs, "events", start)
}

// run examines jobs (sorted by path first) and applies the results. Callers hold mu.
func (s *Scanner) run(jobs []job, why string, start time.Time) []Change {
	sort.Slice(jobs, func(i, k int) bool { return jobs[i].rel < jobs[k].rel })
	results := s.examineAll(jobs)
	now := time.Now()
	var changes []Change
	var counts [Removed + 1]int
	for _, r := range results {
		c, ok := s.apply(r, now)
		if ok {
			changes = append(changes, c)
			counts[c.Kind]++
		}
	}
	if len(changes) > 0 {
		s.log.Info("workflow files changed", "trigger", why, "examined", len(jobs),
			"added", counts[Added], "modified", counts[Modified], "removed", counts[Removed],
			"took", time.Since(start).Round(time.Millisecond))
	}
	return changes
}

// apply updates known with one result and returns the Change to report, if any.
func (s *Scanner) apply(r result, at time.Time) (Change, bool) {
	switch r.outcome {
	case gone:
		if !r.known {
			return Change{}, false
		}
		delete(s.known, r.rel)
		return Change{Path: r.rel, Kind: Removed, Hash: r.prev.hash, At: at}, true
	case same:
		s.known[r.rel] = r.now // a touched file: remember its new mtime for the next pre-check
		return Change{}, false
	}
	kind := Modified
	if !r.known {
		kind = Added
	}
	s.known[r.rel] = r.now
	return Change{Path: r.rel, Kind: kind, Hash: r.now.hash, Data: r.data, Definition: r.def, At: at}, true
}

// belowAny reports whether rel lies in one of dirs.
func belowAny(rel string, dirs []string) bool {
	for _, d := range dirs {
		if under(rel, d) {
			return true
		}
	}
	return false
}
