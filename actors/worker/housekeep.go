package worker

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows/executors"
)

// DefaultHousekeepEvery is how often a worker looks for old attempt directories.
const DefaultHousekeepEvery = time.Hour

// housekeep: time to remove old attempt directories.
type housekeep struct{}

// onHousekeep removes, off the mailbox, the per-instance directories under WorkRoot and
// LogRoot that nothing has touched for KeepFiles, except those of instances with an attempt
// in hand here. Instances are pruned from the state after the retention period; their
// directories on the worker would otherwise grow without bound, in a cluster above all,
// where the API's delete cannot reach a worker's disk.
func (w *worker) onHousekeep(ctx actor.Context) {
	if w.cfg.KeepFiles <= 0 {
		return
	}
	busy := map[string]bool{}
	for ref := range w.tasks {
		busy[executors.SafeName(ref.InstanceID)] = true
	}
	roots := []string{w.cfg.WorkRoot}
	if w.cfg.LogRoot != w.cfg.WorkRoot {
		roots = append(roots, w.cfg.LogRoot)
	}
	cutoff := w.cfg.Now().Add(-w.cfg.KeepFiles)
	log := w.log
	go func() {
		n := removeOldInstanceDirs(roots, cutoff, busy)
		if n > 0 {
			log.Info("worker: removed old attempt directories", "instances", n, "older_than", cutoff)
		}
	}()
	self, root := ctx.Self(), ctx.ActorSystem().Root
	w.housekeepTimer = time.AfterFunc(w.cfg.HousekeepEvery, func() { root.Send(self, housekeep{}) })
}

// removeOldInstanceDirs removes each instance directory under roots last modified before
// cutoff and not busy, and returns how many it removed. Dot entries (the worker's records)
// are never touched.
func removeOldInstanceDirs(roots []string, cutoff time.Time, busy map[string]bool) int {
	removed := 0
	for _, root := range roots {
		entries, err := os.ReadDir(root)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			if !e.IsDir() || strings.HasPrefix(name, ".") || busy[name] {
				continue
			}
			info, err := e.Info()
			if err != nil || !info.ModTime().Before(cutoff) {
				continue
			}
			if os.RemoveAll(filepath.Join(root, name)) == nil {
				removed++
			}
		}
	}
	return removed
}
