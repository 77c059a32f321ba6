package store

import (
	"encoding/binary"
	"encoding/json"
	"strings"

	"github.com/actorflow/actorflow/workflows"
	bolt "go.etcd.io/bbolt"
)

// Node records live in a sub-bucket of "nodes" per instance: node name → 4-byte big-endian
// position in document order, then the NodeRun as JSON. Keying by name makes an update of one
// node one Put; the position restores document order on read; the sub-bucket makes deleting an
// instance one DeleteBucket.

func (w *wtx) createInstance(c CreateInstance) error {
	in := c.Instance
	if err := checkName("instance id", in.ID); err != nil {
		return err
	}
	if err := checkName("workflow", in.Workflow); err != nil {
		return err
	}
	if strings.IndexByte(c.Group, sep) >= 0 {
		return rejectf(workflows.CodeInvalid, "group %q contains NUL", c.Group)
	}
	id := []byte(in.ID)
	if w.insts().Get(id) != nil {
		return rejectf(workflows.CodeConflict, "instance %s already exists", in.ID)
	}
	h := &header{
		Instance: in, Version: c.Version, Group: c.Group, Priority: c.Priority,
		Seq: w.index<<SeqShift | uint64(w.pos),
	}
	h.Instance.Nodes = nil
	nodes, err := w.nodes().CreateBucket(id)
	if err != nil {
		return err
	}
	for i := range in.Nodes {
		name := []byte(in.Nodes[i].Name)
		if nodes.Get(name) != nil {
			return rejectf(workflows.CodeInvalid, "instance %s lists node %q twice", in.ID, in.Nodes[i].Name)
		}
		if err := putNode(nodes, name, uint32(i), &in.Nodes[i]); err != nil {
			return err
		}
	}
	h.NodeCount = uint32(len(in.Nodes))
	if err := putJSON(w.insts(), id, h); err != nil {
		return err
	}
	def := c.Definition
	if def == nil {
		def = json.RawMessage("null")
	}
	if err := w.instDefs().Put(id, def); err != nil {
		return err
	}
	return w.reindex(h, +1)
}

// updateInstance replaces the header fields and the node records named in Instance.Nodes.
// Version, Group, Priority and Seq belong to the creation and are kept. The indexes are
// touched only when an indexed field (status, workflow, created) changed, so the common case
// (a node moved on) writes the header and the changed nodes, nothing else.
func (w *wtx) updateInstance(c UpdateInstance) error {
	in := c.Instance
	id := []byte(in.ID)
	old, err := w.header(id)
	if err != nil {
		return err
	}
	if old == nil {
		return rejectf(workflows.CodeNotFound, "no instance %s to update", in.ID)
	}
	if err := checkName("workflow", in.Workflow); err != nil {
		return err
	}
	h := *old
	h.Instance = in
	h.Instance.Nodes = nil
	nodes := w.nodes().Bucket(id)
	if nodes == nil {
		return rejectf(workflows.CodeInternal, "instance %s has no node bucket", in.ID)
	}
	for i := range in.Nodes {
		name := []byte(in.Nodes[i].Name)
		pos := h.NodeCount
		if prev := nodes.Get(name); len(prev) >= 4 {
			pos = binary.BigEndian.Uint32(prev)
		} else {
			h.NodeCount++ // a node the creation did not list goes last
		}
		if err := putNode(nodes, name, pos, &in.Nodes[i]); err != nil {
			return err
		}
	}
	if indexedFieldsDiffer(old, &h) {
		if err := w.reindex(old, -1); err != nil {
			return err
		}
		if err := w.reindex(&h, +1); err != nil {
			return err
		}
	}
	return putJSON(w.insts(), id, &h)
}

// deleteInstance removes an instance, its nodes, definition and index entries. A missing
// instance is a no-op, so a retried delete is harmless.
func (w *wtx) deleteInstance(idStr string) error {
	id := []byte(idStr)
	h, err := w.header(id)
	if err != nil || h == nil {
		return err
	}
	if err := w.reindex(h, -1); err != nil {
		return err
	}
	if err := w.nodes().DeleteBucket(id); err != nil {
		return err
	}
	if err := w.instDefs().Delete(id); err != nil {
		return err
	}
	return w.insts().Delete(id)
}

// header reads an instance header; nil when absent.
func (w *wtx) header(id []byte) (*header, error) {
	return readHeader(w.insts(), id)
}

func readHeader(b *bolt.Bucket, id []byte) (*header, error) {
	raw := b.Get(id)
	if raw == nil {
		return nil, nil
	}
	var h header
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, err
	}
	return &h, nil
}

func putNode(b *bolt.Bucket, name []byte, pos uint32, n *workflows.NodeRun) error {
	raw, err := json.Marshal(n)
	if err != nil {
		return err
	}
	v := make([]byte, 4, 4+len(raw))
	binary.BigEndian.PutUint32(v, pos)
	return b.Put(name, append(v, raw...))
}

// checkName rejects names that cannot be part of an index key.
func checkName(what, s string) error {
	if s == "" {
		return rejectf(workflows.CodeInvalid, "%s is empty", what)
	}
	if strings.IndexByte(s, sep) >= 0 {
		return rejectf(workflows.CodeInvalid, "%s %q contains NUL", what, s)
	}
	return nil
}
