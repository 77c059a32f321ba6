package store

import (
	"encoding/json"

	"github.com/actorflow/actorflow/workflows"
)

func (w *wtx) putDefinition(c PutDefinition) error {
	if c.Name == "" {
		return rejectf(workflows.CodeInvalid, "definition without a name")
	}
	rec := DefinitionRecord{PutDefinition: c, Version: w.index, Created: c.At}
	if old := w.defs().Get([]byte(c.Name)); old != nil {
		var prev DefinitionRecord
		if err := json.Unmarshal(old, &prev); err != nil {
			return err
		}
		rec.Created = prev.Created
	}
	return putJSON(w.defs(), []byte(c.Name), rec)
}

// deleteDefinition forgets a definition; deleting a missing one is a no-op, so a retried
// command (outcome unknown after a failover) is harmless.
func (w *wtx) deleteDefinition(c DeleteDefinition) error {
	return w.defs().Delete([]byte(c.Name))
}

func (w *wtx) putFile(c PutFile) error {
	if c.Path == "" {
		return rejectf(workflows.CodeInvalid, "file record without a path")
	}
	return putJSON(w.files(), []byte(c.Path), c)
}

func (w *wtx) deleteFile(c DeleteFile) error {
	return w.files().Delete([]byte(c.Path))
}

// putCoordinator stores the state and keeps idx_coord_next (next fire time, name) in step.
func (w *wtx) putCoordinator(c PutCoordinator) error {
	if c.Name == "" {
		return rejectf(workflows.CodeInvalid, "coordinator without a name")
	}
	name := []byte(c.Name)
	if old := w.coords().Get(name); old != nil {
		var prev CoordinatorRecord
		if err := json.Unmarshal(old, &prev); err != nil {
			return err
		}
		if !prev.NextFire.IsZero() {
			if err := w.coordNext().Delete(join(timeKey(prev.NextFire), name)); err != nil {
				return err
			}
		}
	}
	if !c.NextFire.IsZero() {
		if err := w.coordNext().Put(join(timeKey(c.NextFire), name), nil); err != nil {
			return err
		}
	}
	return putJSON(w.coords(), name, c)
}

func putJSON(b interface{ Put(k, v []byte) error }, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}
