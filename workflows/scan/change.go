package scan

import (
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// CodeReadError is the problem code of a file that exists but could not be read: permission
// denied, a dangling symlink, a FIFO or device, a file over MaxFileSize.
const CodeReadError = "read-error"

// codeLoadPanic reports a Config.Load that panicked (a bug in the loader, not in the file).
const codeLoadPanic = "internal-error"

// Kind says what happened to a path.
type Kind uint8

const (
	Added    Kind = iota + 1 // first seen by this Scanner (every file, on the first scan)
	Modified                 // its bytes, or the reason it cannot be read, changed
	Removed                  // it is gone (deleted, renamed away, no longer a regular file)
)

func (k Kind) String() string {
	switch k {
	case Added:
		return "added"
	case Modified:
		return "modified"
	case Removed:
		return "removed"
	}
	return "unknown"
}

// MarshalText makes kinds readable in JSON and logs.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Change is one path whose state changed.
type Change struct {
	Path string // relative to Config.Dir, slash-separated; also Definition.Source
	Kind Kind
	// Hash is the hex sha256 of Data. For Removed it is the hash last seen, so that a rename
	// (Removed + Added with equal hashes) can be recognised. "" when the file could not be read.
	Hash string
	Data []byte // the file's bytes; nil for Removed and read errors
	// Definition is the parsed file, with every problem; for a read error, a Definition with
	// only that problem. nil for Removed. It must not be used if Problems has errors.
	Definition *workflows.Definition
	At         time.Time // when the scanner noticed
}

// readFailure is the Definition reported for a file that could not be read.
func readFailure(rel, msg string) *workflows.Definition {
	return &workflows.Definition{Source: rel, Problems: workflows.Problems{{
		Pos:      workflows.Pos{File: rel},
		Severity: workflows.SeverityError,
		Code:     CodeReadError,
		Message:  msg,
	}}}
}
