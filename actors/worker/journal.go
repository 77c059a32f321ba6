package worker

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// The worker keeps its records in one append-only file per worker, the journal: a line
// when an attempt's process starts (with its group, start time and boot id), one when it
// ends, one when the master acknowledges the result. Replaying the lines gives the
// records that are still live. A file per record, as before, meant an inode created, a
// rename and an unlink per attempt: on an ext4 disk with churn the create alone costs up to
// a millisecond, and every unlinked inode makes later allocations slower for minutes (ext4
// skips recently deleted inodes, scanning for others). An append costs microseconds and
// allocates no inode.
//
// No fsync: the records guard against a dead worker process, not a dead machine; the page
// cache survives the former, and after a reboot the boot id voids every record anyway.
const (
	journalName = "records"
	journalTmp  = "records.new" // a compaction in progress; a crash can leave it behind
)

// Journal operations.
const (
	opStart  = "start"  // the record as written at the process start
	opEnd    = "end"    // the attempt's process group is gone; no pgid any more
	opForget = "forget" // the master has the result: the record is dropped
)

// compactAfter is how many lines the journal may hold before a forget rewrites it with
// only the live records (when those are no more than a quarter of it). At ~150 bytes a
// line that bounds it near 600 KiB and the sweep's replay to a few milliseconds, and the
// rewrite, an inode and a rename, happens once per ~1,300 attempts.
const compactAfter = 4096

// line is one journal entry: an operation and the record it applies to.
type line struct {
	Op string `json:"op"`
	record
}

// journal is the open journal of a live worker. Safe for concurrent use: attempts append
// from their own goroutines.
type journal struct {
	mu    sync.Mutex
	dir   string
	f     *os.File // O_APPEND; nil once closed
	live  map[Ref]record
	lines int
	torn  bool // a write failed part-way: the next line starts on a new line
}

// openJournal starts the journal anew in dir with the given records (what the sweep
// keeps), replacing any earlier one.
func openJournal(dir string, keep []record) (*journal, error) {
	j := &journal{dir: dir, live: map[Ref]record{}}
	for _, r := range keep {
		j.live[r.ref()] = r
	}
	if err := j.rewrite(); err != nil {
		return nil, err
	}
	return j, nil
}

// started records a running attempt's process group.
func (j *journal) started(rec record) error { return j.append(opStart, rec) }

// ended says the attempt's process group is gone; the record stays until forgotten, so a
// later incarnation still refuses to run the attempt again.
func (j *journal) ended(ref Ref) error {
	return j.append(opEnd, record{InstanceID: ref.InstanceID, Node: ref.Node, Attempt: ref.Attempt})
}

// forget drops the record of an acknowledged attempt; an unknown ref changes nothing.
func (j *journal) forget(ref Ref) error {
	j.mu.Lock()
	_, ok := j.live[ref]
	j.mu.Unlock()
	if !ok {
		return nil
	}
	if err := j.append(opForget, record{InstanceID: ref.InstanceID, Node: ref.Node, Attempt: ref.Attempt}); err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f != nil && j.lines >= compactAfter && len(j.live)*4 <= j.lines {
		return j.rewrite()
	}
	return nil
}

func (j *journal) append(op string, rec record) error {
	b, err := json.Marshal(line{Op: op, record: rec})
	if err != nil {
		return err
	}
	b = append(b, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return os.ErrClosed
	}
	if j.torn {
		b = append([]byte{'\n'}, b...)
	}
	// One write(2) per line: O_APPEND puts it at the end whatever else appends.
	if _, err := j.f.Write(b); err != nil {
		j.torn = true
		return err
	}
	j.torn = false
	j.lines++
	apply(j.live, op, rec)
	return nil
}

// rewrite replaces the journal with the live records: written to a new file, then renamed
// over the old one, so a crash at any point leaves one complete journal. Called with mu
// held (or before the journal is shared).
func (j *journal) rewrite() error {
	tmp := filepath.Join(j.dir, journalTmp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	refs := slices.SortedFunc(maps.Keys(j.live), compareRefs)
	for _, ref := range refs {
		rec := j.live[ref]
		op := opStart
		if rec.PGID <= 0 {
			op = opEnd
		}
		b, err := json.Marshal(line{Op: op, record: rec})
		if err != nil {
			f.Close()
			return err
		}
		w.Write(append(b, '\n'))
	}
	if err := errors.Join(w.Flush(), os.Rename(tmp, filepath.Join(j.dir, journalName))); err != nil {
		f.Close()
		return err
	}
	if j.f != nil {
		j.f.Close()
	}
	j.f, j.lines, j.torn = f, len(refs), false
	return nil
}

// close stops the journal: later appends fail. A restarted worker actor reopens it after its
// sweep; an attempt of the old actor must not write into the file that replaced this one.
func (j *journal) close() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f != nil {
		j.f.Close()
		j.f = nil
	}
}

// apply is one line's effect on the live records.
func apply(live map[Ref]record, op string, rec record) {
	switch op {
	case opStart:
		live[rec.ref()] = rec
	case opEnd:
		rec.PGID, rec.Start = 0, 0
		if old, ok := live[rec.ref()]; ok {
			old.PGID, old.Start = 0, 0
			rec = old
		}
		live[rec.ref()] = rec
	case opForget:
		delete(live, rec.ref())
	}
}

// readJournal replays the journal in dir into the live records. No journal means none.
// Lines that do not parse (a write torn by a full disk) are skipped and counted.
func readJournal(dir string) (live map[Ref]record, bad int, err error) {
	live = map[Ref]record{}
	f, err := os.Open(filepath.Join(dir, journalName))
	if errors.Is(err, fs.ErrNotExist) {
		return live, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var l line
		if json.Unmarshal(sc.Bytes(), &l) != nil || !l.ref().valid() {
			bad++
			continue
		}
		apply(live, l.Op, l.record)
	}
	if err := sc.Err(); err != nil {
		return nil, bad, fmt.Errorf("cannot read %s: %w", f.Name(), err)
	}
	return live, bad, nil
}
