package store

import (
	"encoding/json"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Command is one durable change. Every command carries all the values it writes (times, ids),
// so applying it is deterministic on every controller.
type Command interface {
	Kind() CommandKind
}

// CommandKind names a command in the encoded log entry; values never change meaning.
type CommandKind uint8

const (
	KindPutDefinition    CommandKind = 1
	KindDeleteDefinition CommandKind = 2
	KindPutFile          CommandKind = 3
	KindDeleteFile       CommandKind = 4
	KindPutCoordinator   CommandKind = 5
	KindCreateInstance   CommandKind = 6
	KindUpdateInstance   CommandKind = 7
	KindDeleteInstance   CommandKind = 8
	KindPrune            CommandKind = 9
)

// Origin says where a definition came from.
type Origin string

const (
	OriginFile Origin = "file" // loaded from the xmlconfig directory
	OriginAPI  Origin = "api"  // uploaded through the API or CLI
)

// PutDefinition creates or replaces a workflow or standalone coordinator definition.
type PutDefinition struct {
	Name    string    `json:"name"`
	Origin  Origin    `json:"origin"`
	Source  string    `json:"source"`  // file path (relative to xmlconfig) or "api"
	XML     []byte    `json:"xml"`     // the source text; re-parsed to rebuild the model
	Hash    string    `json:"hash"`    // sha256 of XML, hex
	Enabled bool      `json:"enabled"` // false: the coordinator must not fire (file removed)
	At      time.Time `json:"at"`
}

// DeleteDefinition removes a definition; its instances and their history stay.
type DeleteDefinition struct {
	Name string `json:"name"`
}

// FileStatus is the outcome of loading one xmlconfig file.
type FileStatus string

const (
	FileLoaded   FileStatus = "loaded"
	FileError    FileStatus = "error"
	FileDisabled FileStatus = "disabled" // the file was removed; its workflow's schedule is off
)

// PutFile records what scanning one xmlconfig file produced.
type PutFile struct {
	Path     string             `json:"path"` // relative to the xmlconfig directory
	Status   FileStatus         `json:"status"`
	Workflow string             `json:"workflow,omitempty"`
	Hash     string             `json:"hash,omitempty"`
	Problems workflows.Problems `json:"problems,omitempty"`
	At       time.Time          `json:"at"`
}

// DeleteFile forgets a file record.
type DeleteFile struct {
	Path string `json:"path"`
}

// PutCoordinator stores a coordinator's runtime state. State is owned by the master (the
// schedule package's state, JSON); the store keeps it opaque and indexes NextFire.
type PutCoordinator struct {
	Name     string          `json:"name"`
	NextFire time.Time       `json:"next_fire,omitzero"`
	State    json.RawMessage `json:"state"`
}

// CreateInstance records a new instance (status prep, queued for admission) together with the
// expanded definition it will run, so it keeps that version whatever happens to the source.
type CreateInstance struct {
	Instance   workflows.Instance `json:"instance"`
	Definition json.RawMessage    `json:"definition"` // JSON of the *workflows.Workflow it runs
	Version    uint64             `json:"version"`    // the definition's version at creation
	Group      string             `json:"group,omitempty"`
	Priority   int                `json:"priority,omitempty"`
}

// UpdateInstance writes the instance's header fields and replaces the named node records.
// Instance.Nodes holds only the changed nodes (workflows.Result.Changed).
type UpdateInstance struct {
	Instance workflows.Instance `json:"instance"`
}

// DeleteInstance removes an instance and its node records.
type DeleteInstance struct {
	ID string `json:"id"`
}

// Prune deletes finished instances created before Before, and finished instances of a workflow
// beyond its KeepPerWorkflow newest (0 = no count limit). Running and queued ones stay.
type Prune struct {
	Before          time.Time `json:"before"`
	KeepPerWorkflow int       `json:"keep_per_workflow,omitempty"`
}

func (PutDefinition) Kind() CommandKind    { return KindPutDefinition }
func (DeleteDefinition) Kind() CommandKind { return KindDeleteDefinition }
func (PutFile) Kind() CommandKind          { return KindPutFile }
func (DeleteFile) Kind() CommandKind       { return KindDeleteFile }
func (PutCoordinator) Kind() CommandKind   { return KindPutCoordinator }
func (CreateInstance) Kind() CommandKind   { return KindCreateInstance }
func (UpdateInstance) Kind() CommandKind   { return KindUpdateInstance }
func (DeleteInstance) Kind() CommandKind   { return KindDeleteInstance }
func (Prune) Kind() CommandKind            { return KindPrune }
