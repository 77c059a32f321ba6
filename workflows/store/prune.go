package store

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/actorflow/actorflow/workflows"
)

var terminalStatuses = []workflows.InstanceStatus{
	workflows.InstanceSucceeded, workflows.InstanceFailed, workflows.InstanceKilled,
}

// prune deletes finished instances created before c.Before, then, per workflow, finished
// instances beyond the c.KeepPerWorkflow newest finished ones (newest by creation order, Seq).
// It depends only on the command and the state, so every replica deletes the same instances.
// Instances in prep or running are never touched.
func (w *wtx) prune(c Prune) error {
	if c.KeepPerWorkflow < 0 {
		return rejectf(workflows.CodeInvalid, "prune: negative KeepPerWorkflow %d", c.KeepPerWorkflow)
	}
	var victims []string
	seen := make(map[string]bool)
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			victims = append(victims, id)
		}
	}
	if !c.Before.IsZero() {
		end := timeKey(c.Before)
		cur := w.idxCr().Cursor()
		for k, v := cur.First(); k != nil && bytes.Compare(k[:12], end) < 0; k, v = cur.Next() {
			if workflows.InstanceStatus(v[0]).Terminal() {
				add(string(v[1:]))
			}
		}
	}
	if c.KeepPerWorkflow > 0 {
		for _, wf := range w.workflowsWithInstances() {
			if ids := w.finishedNewestFirst(wf); len(ids) > c.KeepPerWorkflow {
				for _, id := range ids[c.KeepPerWorkflow:] {
					add(id)
				}
			}
		}
	}
	for _, id := range victims {
		if err := w.deleteInstance(id); err != nil {
			return err
		}
	}
	return nil
}

// workflowsWithInstances lists, in name order, every workflow that has instances (from the
// per-workflow counts, which exist exactly while the count is positive).
func (w *wtx) workflowsWithInstances() []string {
	var out []string
	prefix := []byte("w")
	cur := w.counts().Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		out = append(out, string(k[1:]))
	}
	return out
}

// finishedNewestFirst returns the ids of wf's finished instances, newest first.
func (w *wtx) finishedNewestFirst(wf string) []string {
	type item struct {
		seq uint64
		id  string
	}
	var items []item
	for _, st := range terminalStatuses {
		prefix := join(named(wf), statusByte(st))
		cur := w.idxWfStatus().Cursor()
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			items = append(items, item{getU64(k[len(prefix):]), string(v)})
		}
	}
	slices.SortFunc(items, func(a, b item) int { return cmp.Compare(b.seq, a.seq) })
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.id
	}
	return ids
}
