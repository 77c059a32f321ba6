package worker

import (
	"cmp"
	"path/filepath"
	"strconv"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Ref identifies one attempt: (instance, node, attempt) is the idempotency key of every
// task message. Unlike messages.TaskRef it is a comparable value, usable as a map key.
type Ref struct {
	InstanceID string
	Node       string
	Attempt    int
}

// RefOf converts a wire TaskRef; nil gives the zero Ref.
func RefOf(r *messages.TaskRef) Ref {
	if r == nil {
		return Ref{}
	}
	return Ref{InstanceID: r.GetInstanceId(), Node: r.GetNode(), Attempt: int(r.GetAttempt())}
}

// Proto is the wire form; a fresh message each time, so callers may keep it.
func (r Ref) Proto() *messages.TaskRef {
	return &messages.TaskRef{InstanceId: r.InstanceID, Node: r.Node, Attempt: int32(r.Attempt)}
}

func (r Ref) String() string { return r.InstanceID + "/" + r.Node + "#" + strconv.Itoa(r.Attempt) }

// valid reports whether r can name an attempt at all.
func (r Ref) valid() bool { return r.InstanceID != "" && r.Node != "" && r.Attempt >= 1 }

func compareRefs(a, b Ref) int {
	return cmp.Or(cmp.Compare(a.InstanceID, b.InstanceID), cmp.Compare(a.Node, b.Node), cmp.Compare(a.Attempt, b.Attempt))
}

// LogDir is the directory holding one attempt's stdout.log and stderr.log under root:
// <root>/<instance>/<node>/<attempt>, each part made safe by executors.SafeName, the same
// layout as the attempt's working directory. The HTTP backend reads logs from here with
// executors.ReadLog.
func LogDir(root, instance, node string, attempt int) string {
	return filepath.Join(root, executors.Task{InstanceID: instance, Node: node, Attempt: attempt}.RelDir())
}
