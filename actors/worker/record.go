package worker

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/actorflow/actorflow/workflows/executors"
)

// record is what the worker keeps on disk about an attempt, from its process start until
// the master acknowledges its result, so that a later incarnation of a worker that died
// can kill the attempt's orphaned process group and refuses to run the attempt again.
// Records live in the worker's journal (journal.go).
type record struct {
	InstanceID string `json:"instance_id"`
	Node       string `json:"node"`
	Attempt    int    `json:"attempt"`
	// PGID is the attempt's process group (its leader's pid); 0 once the attempt ended.
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

// recordsDir is where a worker named name keeps its journal: one directory per worker
// name, so workers sharing a work root never touch each other's process groups.
func recordsDir(workRoot, name string) string {
	return filepath.Join(workRoot, recordsDirName, executors.SafeName(name))
}

// Earlier versions kept one file per record: <hash>.json while the attempt ran, renamed to
// <hash>.ended when it ended. The sweep still reads such files, so that upgrading a worker
// that died with attempts in hand still kills their orphans; it then removes them.
const (
	legacyRunningSuffix = ".json"
	legacyEndedSuffix   = ".ended"
)

func isLegacyRecord(name string) bool {
	return strings.HasSuffix(name, legacyRunningSuffix) || strings.HasSuffix(name, legacyEndedSuffix)
}

// readLegacyRecord reads a record file; an ended one reports no process group.
func readLegacyRecord(path string) (record, error) {
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
	if strings.HasSuffix(path, legacyEndedSuffix) {
		rec.PGID, rec.Start = 0, 0
	}
	return rec, nil
}
