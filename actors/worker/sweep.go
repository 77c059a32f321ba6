package worker

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

// sweepWait bounds how long the sweep waits for the groups it killed to die; sweepPoll is
// how often it looks (processes that are not our children give no exit event to wait on).
const (
	sweepWait = 10 * time.Second
	sweepPoll = 5 * time.Millisecond
)

// prepare runs once, on its own goroutine, before the worker takes any task: it locks the
// worker's records directory, kills the process groups that a previous incarnation of the
// worker (SIGKILLed, so its tasks' children live on as orphans) left behind, starts the
// journal anew, and returns the attempts that incarnation had, so they are never run a
// second time. It also marks the roots of the attempts' directories for ext4 (markTopDir).
func prepare(dir string, roots []string, log *slog.Logger) prepared {
	for _, root := range roots {
		if err := os.MkdirAll(root, 0o755); err != nil {
			log.Error("worker: cannot create a root directory; attempts will fail or lose their logs", "dir", root, "err", err)
		} else if err := markTopDir(root); err != nil {
			log.Debug("worker: cannot mark a root directory as a top directory (chattr +T)", "dir", root, "err", err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return prepared{err: fmt.Errorf("cannot create the records directory: %w", err)}
	}
	lock, err := lockDir(dir)
	if err != nil {
		return prepared{err: err}
	}
	boot, err := bootID()
	if err != nil {
		lock.Close()
		return prepared{err: fmt.Errorf("cannot read the kernel boot id: %w", err)}
	}
	previous, keep, legacy, err := sweep(dir, boot, log)
	if err != nil {
		lock.Close()
		return prepared{err: err}
	}
	j, err := openJournal(dir, keep)
	if err != nil {
		lock.Close()
		return prepared{err: fmt.Errorf("cannot write the records journal: %w", err)}
	}
	// Only now that the journal holds what is kept: a crash before leaves them to the next sweep.
	for _, p := range legacy {
		os.Remove(p)
	}
	return prepared{lock: lock, boot: boot, previous: previous, journal: j}
}

// lockDir takes an exclusive flock on the directory's lock file. The kernel drops it when
// the holder dies, however it dies, so holding it proves every earlier incarnation is gone,
// and failing to get it means a live worker with the same name shares the work root: its
// groups must not be swept. Go opens files close-on-exec, so tasks never inherit the lock.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another live worker process with this name holds %s", path)
		}
		return nil, fmt.Errorf("cannot lock %s: %w", path, err)
	}
	return f, nil
}

// sweep judges every record of the journal (and of legacy record files) in dir: groups
// still alive and provably ours are SIGKILLed and waited for. It returns each recorded
// attempt with what became of it, the records to keep (groups that outlived the wait), and
// the legacy files to remove once those are safe in the new journal.
func sweep(dir, boot string, log *slog.Logger) (previous map[Ref]string, keep []record, legacy []string, err error) {
	live, bad, err := readJournal(dir)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("cannot read the records journal: %w", err)
	}
	if bad > 0 {
		log.Warn("worker: skipped unreadable lines of the records journal", "lines", bad)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("cannot read the records directory: %w", err)
	}
	for _, e := range entries {
		name, path := e.Name(), filepath.Join(dir, e.Name())
		switch {
		case e.IsDir() || name == lockName || name == journalName:
		case isLegacyRecord(name):
			legacy = append(legacy, path)
			rec, err := readLegacyRecord(path)
			if err != nil {
				log.Warn("worker: ignoring an unreadable process record", "path", path, "err", err)
			} else if old, ok := live[rec.ref()]; !ok || old.PGID <= 0 {
				live[rec.ref()] = rec // a running record beats an ended one
			}
		case name == journalTmp: // an interrupted compaction; the journal itself is whole
			os.Remove(path)
		default:
			log.Warn("worker: removing an unknown file from the records directory", "path", path)
			os.Remove(path)
		}
	}
	previous = map[Ref]string{}
	var victims []record
	for _, ref := range slices.SortedFunc(maps.Keys(live), compareRefs) {
		rec := live[ref]
		fate, kill := judge(rec, boot)
		if kill {
			if err := syscall.Kill(-rec.PGID, syscall.SIGKILL); err != nil && err != syscall.ESRCH {
				log.Error("worker: cannot kill an orphaned process group", "ref", ref, "pgid", rec.PGID, "err", err)
			}
			log.Warn("worker: killed the orphaned process group of an earlier incarnation", "ref", ref, "pgid", rec.PGID)
			victims = append(victims, rec)
		}
		previous[ref] = fate
	}
	return previous, awaitDeath(victims, log), legacy, nil
}

// judge decides what to do with one record and says what became of its attempt.
func judge(rec record, boot string) (fate string, kill bool) {
	switch {
	case rec.PGID <= 0:
		return "it ended, but its result was never acknowledged", false
	case rec.Boot != boot:
		return "the machine has restarted since", false
	}
	members, err := groupMembers(rec.PGID)
	switch {
	case err != nil:
		return "its processes could not be inspected (" + err.Error() + ")", false
	case len(members) == 0:
		return "its processes had already exited", false
	case !ours(members, rec):
		return "its process group id now belongs to other processes, which were left alone", false
	}
	return "its orphaned processes were killed", true
}

// ours tells the recorded group from a later one that recycled its id. Every process of
// our group was forked after its leader, so none may be older than the recorded start; and
// a live process with the leader's pid must be that very leader. (Linux hands out a group's
// id again only once the group is empty, so a mixed group cannot occur.)
func ours(members []procStat, rec record) bool {
	for _, m := range members {
		if m.start < rec.Start || (m.pid == rec.PGID && m.start != rec.Start) {
			return false
		}
	}
	return true
}

// awaitDeath waits, bounded by sweepWait, until the killed groups have no live process,
// and returns the records of those that outlived the wait (a process stuck in the kernel):
// they are kept, so the next incarnation tries again.
func awaitDeath(victims []record, log *slog.Logger) []record {
	deadline := time.Now().Add(sweepWait)
	for len(victims) > 0 {
		left := victims[:0]
		for _, v := range victims {
			if members, err := groupMembers(v.PGID); err == nil && len(members) > 0 {
				left = append(left, v)
			}
		}
		victims = left
		if len(victims) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(sweepPoll)
	}
	for _, v := range victims {
		log.Error("worker: an orphaned process group survived SIGKILL; keeping its record",
			"ref", v.ref(), "pgid", v.PGID, "waited", sweepWait)
	}
	return victims
}
