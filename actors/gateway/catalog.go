package gateway

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/actorflow/actorflow/workflows/store"
)

// catalog caches the parsed definitions. Parsing is by far the dearest part of a workflow
// row, so each (name, version) is parsed once; a snapshot (every definition, sorted by
// name) is rebuilt from the store only when the store moved on, and then re-parses only the
// versions it has not seen.
type catalog struct {
	store    store.Reader
	loc      *time.Location
	xmlDir   string
	maxStale time.Duration

	mu         sync.Mutex
	snap       *snapshot
	dirty      bool          // a write through this gateway: the next read must re-read
	refreshing chan struct{} // closed when the refresh in progress ends; nil when none
	entries    map[string]*entry
}

// snapshot is every definition as of one read of the store. Immutable once published.
type snapshot struct {
	applied uint64
	taken   time.Time
	list    []*entry // by name
	byName  map[string]*entry
	// targetedBy maps a workflow without a coordinator of its own to the (first, by name)
	// standalone coordinator that triggers it, so its row shows that schedule.
	targetedBy map[string]*entry
}

func newCatalog(st store.Reader, loc *time.Location, xmlDir string, maxStale time.Duration) *catalog {
	return &catalog{store: st, loc: loc, xmlDir: xmlDir, maxStale: maxStale, entries: map[string]*entry{}}
}

// invalidate makes the next read see the store as it is now: the caller just changed it.
func (c *catalog) invalidate() {
	c.mu.Lock()
	c.dirty = true
	c.mu.Unlock()
}

// current returns a snapshot that is fresh enough: the store has not applied anything since
// it was taken, or it is younger than maxStale and nothing was written through us. While one
// caller rebuilds, the others keep the previous snapshot when it is acceptable, else wait.
func (c *catalog) current(ctx context.Context) (*snapshot, error) {
	for {
		c.mu.Lock()
		s := c.snap
		if s != nil && !c.dirty && (s.applied == c.store.AppliedIndex() || time.Since(s.taken) < c.maxStale) {
			c.mu.Unlock()
			return s, nil
		}
		if wait := c.refreshing; wait != nil {
			if s != nil && !c.dirty {
				c.mu.Unlock()
				return s, nil // someone is already refreshing; slightly stale is allowed
			}
			c.mu.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return nil, mapErr(ctx.Err(), "read the workflow list")
			}
		}
		done := make(chan struct{})
		c.refreshing, c.dirty = done, false
		known := c.entries
		c.mu.Unlock()

		next, entries, err := c.build(known)

		c.mu.Lock()
		c.refreshing = nil
		if err == nil {
			c.snap, c.entries = next, entries
		} else {
			c.dirty = true // the read failed: whoever comes next must try again
		}
		c.mu.Unlock()
		close(done)
		if err != nil {
			return nil, mapErr(err, "read the definitions")
		}
		return next, nil
	}
}

// build reads every definition and parses the versions not in known, in parallel: a cold
// start with 10,000 definitions is then bounded by the cores, not by one of them.
func (c *catalog) build(known map[string]*entry) (*snapshot, map[string]*entry, error) {
	applied := c.store.AppliedIndex() // before the read: the snapshot is at least this new
	recs, err := c.store.Definitions()
	if err != nil {
		return nil, nil, err
	}
	list := make([]*entry, len(recs))
	var todo []int
	for i, rec := range recs {
		if e := known[rec.Name]; e != nil && e.version == rec.Version {
			list[i] = e
		} else {
			todo = append(todo, i)
		}
	}
	parallel(len(todo), func(k int) {
		i := todo[k]
		list[i] = derive(recs[i], c.loc, c.xmlDir)
	})
	slices.SortFunc(list, func(a, b *entry) int { return strings.Compare(a.name, b.name) })
	s := &snapshot{applied: applied, taken: time.Now(), list: list,
		byName: make(map[string]*entry, len(list)), targetedBy: map[string]*entry{}}
	for _, e := range list {
		s.byName[e.name] = e
	}
	for _, e := range list { // by name, so the first standalone coordinator wins
		if e.trigger == nil || e.base.NodeCount > 0 || len(e.trigger.spec.Targets) == 0 {
			continue
		}
		for _, t := range e.trigger.spec.Targets {
			if w := s.byName[t]; w != nil && w.trigger == nil && s.targetedBy[t] == nil {
				s.targetedBy[t] = e
			}
		}
	}
	return s, s.byName, nil
}

// entryFor returns the parsed form of rec, from the cache when this version was seen.
func (c *catalog) entryFor(rec store.DefinitionRecord) *entry {
	c.mu.Lock()
	e := c.entries[rec.Name]
	c.mu.Unlock()
	if e != nil && e.version == rec.Version {
		return e
	}
	return derive(rec, c.loc, c.xmlDir)
}

// warm builds the first snapshot (see Gateway.Warm).
func (c *catalog) warm(ctx context.Context) error {
	_, err := c.current(ctx)
	return err
}

// parallel runs fn(0…n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var (
		wg   sync.WaitGroup
		next = make(chan int)
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
