package worker

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/actorflow/actorflow/workflows/executors"
)

// record is what the worker keeps on disk about an attempt, from its process start until
// the master acknowledges its result, so that a later incarnation of a worker that died
// can kill the attempt's orphaned process group and refuses to run the attempt again.
type record struct {
	InstanceID string `json:"instance_id"`
	Node       string `json:"node"`
	Attempt    int    `json:"attempt"`
	// PGID is the attempt's process group (its leader's pid).
	PGID int `json:"pgid,omitempty"`
	// Start is the leader's start time in clock ticks after boot (/proc/<pid>/stat),
	// which tells our group from a later one that recycled the pid.
	Start uint64 `json:"start,omitempty"`
	// Boot is the kernel's boot id: after a reboot the record names no live process.
	Boot string `json:"boot,omitempty"`
}

func (r record) ref() Ref { return Ref{InstanceID: r.InstanceID, Node: r.Node, Attempt: r.Attempt} }

// recordsDirName starts with a dot so it can never be an instance's directory
// (SafeName never produces a leading dot).
const recordsDirName = ".actorflow-worker"

// lockName is the lock file a live worker holds in its records directory.
const lockName = ".lock"

// recordsDir is where a worker named name keeps its records: one directory per worker
// name, so workers sharing a work root never touch each other's process groups.
func recordsDir(workRoot, name string) string {
	return filepath.Join(workRoot, recordsDirName, executors.SafeName(name))
}

// Record file suffixes: a running attempt's record is renamed from .json to .ended when
// the attempt ends, and removed when the master acknowledges its result.
const (
	runningSuffix = ".json"
	endedSuffix   = ".ended"
)

// recordPath names a ref's (running) record by a hash: two SafeName parts could exceed the
// 255-byte file name limit, and the hash keeps distinct refs apart whatever their
// characters.
func recordPath(dir string, r Ref) string {
	h := sha256.New()
	for _, s := range []string{r.InstanceID, r.Node, strconv.Itoa(r.Attempt)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return filepath.Join(dir, hex.EncodeToString(h.Sum(nil)[:16])+runningSuffix)
}

// endedPath is where a running record goes once its attempt has ended.
func endedPath(path string) string { return strings.TrimSuffix(path, runningSuffix) + endedSuffix }

// Costs on this ext4 disk shaped the writes: a record is created once, by one write, and
// later only renamed to a name that does not exist yet. Replacing a file (by rename or by
// truncation) makes ext4 flush its data first (auto_da_alloc), five times the cost.
// Creating and writing are not atomic, but a worker killed in between leaves an empty
// record, which the sweep reports and drops: the same microseconds-wide gap as between
// the process start and the write. No fsync: the records guard against a dead worker
// process, not a dead machine (after a reboot the boot id voids them anyway).

// writeRecord creates the record of a running attempt at path.
func writeRecord(path string, rec record) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// markEnded says the recorded attempt's process group is gone.
func markEnded(path string) error { return os.Rename(path, endedPath(path)) }

// readRecord reads a record; an ended one reports no process group.
func readRecord(path string) (record, error) {
	var rec record
	b, err := os.ReadFile(path)
	if err != nil {
		return rec, err
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return rec, err
	}
	if !rec.ref().valid() {
		return rec, errors.New("record names no attempt")
	}
	if strings.HasSuffix(path, endedSuffix) {
		rec.PGID, rec.Start = 0, 0
	}
	return rec, nil
}

// removeRecord deletes a ref's record, running or ended; one that is gone is fine.
func removeRecord(path string) error {
	var errs []error
	for _, p := range []string{path, endedPath(path)} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
