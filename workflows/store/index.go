package store

import (
	"github.com/actorflow/actorflow/workflows"
	bolt "go.etcd.io/bbolt"
)

// header is the instances bucket's value: the instance without its nodes (which live in their
// own bucket, so updating one node never rewrites the others) plus the record's own fields.
type header struct {
	Instance workflows.Instance `json:"instance"` // Nodes is always nil here
	Version  uint64             `json:"version"`
	Group    string             `json:"group,omitempty"`
	Priority int                `json:"priority,omitempty"`
	Seq      uint64             `json:"seq"`
	// NodeCount is the number of node records; a node seen for the first time in an update
	// takes position NodeCount.
	NodeCount uint32 `json:"node_count"`
}

// indexedFieldsDiffer reports whether a and b differ in a field some index is keyed on.
func indexedFieldsDiffer(a, b *header) bool {
	return a.Instance.Status != b.Instance.Status || a.Instance.Workflow != b.Instance.Workflow ||
		!a.Instance.Created.Equal(b.Instance.Created) || a.Group != b.Group
}

// Count keys in the counts bucket: the number of instances in each list Instances can be
// asked for, so a page's total costs one Get instead of a scan.
func countAll() []byte                              { return []byte("a") }
func countStatus(s workflows.InstanceStatus) []byte { return join([]byte("s"), statusByte(s)) }
func countWorkflow(wf string) []byte                { return join([]byte("w"), []byte(wf)) }
func countWfStatus(wf string, s workflows.InstanceStatus) []byte {
	return join([]byte("v"), named(wf), statusByte(s))
}
func countGroup(g string) []byte { return join([]byte("g"), []byte(g)) }

// reindex adds h to every index and count (delta +1), or removes it (delta -1).
func (w *wtx) reindex(h *header, delta int) error {
	id := []byte(h.Instance.ID)
	seq := u64(h.Seq)
	st := h.Instance.Status
	wf := h.Instance.Workflow
	type entry struct {
		b     *bolt.Bucket
		k, v  []byte
		count []byte
	}
	entries := []entry{
		{w.idxAll(), seq, id, countAll()},
		{w.idxStatus(), join(statusByte(st), seq), id, countStatus(st)},
		{w.idxWf(), join(named(wf), seq), id, countWorkflow(wf)},
		{w.idxWfStatus(), join(named(wf), statusByte(st), seq), id, countWfStatus(wf, st)},
		// The status rides along so CountsByDay and Prune need no header reads.
		{w.idxCr(), join(timeKey(h.Instance.Created), seq), join(statusByte(st), id), nil},
	}
	if h.Group != "" {
		// The status rides along so a group's list filters by status without header reads.
		entries = append(entries, entry{w.idxGroup(), join(named(h.Group), seq), join(statusByte(st), id), countGroup(h.Group)})
	}
	for _, e := range entries {
		var err error
		if delta > 0 {
			err = e.b.Put(e.k, e.v)
		} else {
			err = e.b.Delete(e.k)
		}
		if err != nil {
			return err
		}
		if e.count != nil {
			if err := w.bump(e.count, delta); err != nil {
				return err
			}
		}
	}
	return nil
}

// bump adds delta to a count, deleting it at zero so the counts of vanished workflows and
// groups do not accumulate.
func (w *wtx) bump(key []byte, delta int) error {
	n := int64(getU64(w.counts().Get(key))) + int64(delta)
	if n <= 0 {
		return w.counts().Delete(key)
	}
	return w.counts().Put(key, u64(uint64(n)))
}
