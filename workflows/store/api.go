package store

import (
	"encoding/json"
	"io"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// This file is the store's contract, implemented by *Store. Reads are served from a
// consistent bbolt snapshot; writes happen only through Apply, driven by the Raft FSM.

// DefinitionRecord is a stored definition.
type DefinitionRecord struct {
	PutDefinition
	Version uint64    `json:"version"` // the log index that last wrote it
	Created time.Time `json:"created"`
}

// FileRecord is a stored xmlconfig file status.
type FileRecord = PutFile

// CoordinatorRecord is a stored coordinator state.
type CoordinatorRecord = PutCoordinator

// InstanceRecord is a stored instance with the definition it runs.
type InstanceRecord struct {
	Instance   workflows.Instance `json:"instance"`
	Definition json.RawMessage    `json:"definition"`
	Version    uint64             `json:"version"`
	Group      string             `json:"group,omitempty"`
	Priority   int                `json:"priority,omitempty"`
	// Seq is the creation order: the log index of CreateInstance shifted left by SeqShift,
	// plus the command's position in its entry (several creations can share an entry).
	Seq uint64 `json:"seq"`
}

// InstanceQuery filters and pages instances, newest first.
type InstanceQuery struct {
	Workflow string
	Status   *workflows.InstanceStatus
	Group    string
	Limit    int // 0 = 50
	Offset   int
	// Full also loads each instance's nodes and definition; list pages leave them out
	// (Instance.Nodes and Definition are nil) because a 10,000-node instance is large.
	Full bool
}

// Reader is the read side used by the master (recovery) and the HTTP backend.
type Reader interface {
	Definition(name string) (DefinitionRecord, bool, error)
	Definitions() ([]DefinitionRecord, error)
	Files() ([]FileRecord, error)
	Coordinator(name string) (CoordinatorRecord, bool, error)
	Coordinators() ([]CoordinatorRecord, error)
	Instance(id string) (InstanceRecord, bool, error)
	Instances(q InstanceQuery) (items []InstanceRecord, total int, err error)
	// Unfinished lists instances in prep or running, in creation order (recovery and queue).
	Unfinished() ([]InstanceRecord, error)
	// CountsByDay counts instances per creation day (in loc) and status since from.
	CountsByDay(from time.Time, loc *time.Location) (map[string]map[workflows.InstanceStatus]int, error)
	AppliedIndex() uint64
}

// Writer is the FSM side.
type Writer interface {
	// Apply applies one encoded log entry (a batch of commands) at index, atomically.
	Apply(index uint64, entry []byte) error
	Snapshot(w io.Writer) error
	Restore(r io.Reader) error
}

// Encode and Decode, the log entry codec, are in codec.go.
