package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/actorflow/actorflow/workflows"
	bolt "go.etcd.io/bbolt"
)

// An operator can switch a coordinator off (and on again) through the API or CLI, whatever its
// XML says: a switched-off coordinator does not fire on its own (manual triggers and runs
// still work). The switch belongs to the name, not to a version of the definition: replacing
// the definition, editing its file or a controller's restart keep it; only SetEnabled with
// Enabled=true clears it. It is kept apart from PutDefinition.Enabled, which follows the file
// (removed or not) and is rewritten by every put.
//
// Layout: bucket coord_disabled, name → JSON {"at": time of the switch}; a name is in it
// exactly while switched off. The bucket is created by the first SetEnabled (a file older than
// this command has none, and reads treat a missing bucket as empty), so the schema version
// did not change: an older controller never sees the bucket without the command, which it
// would reject anyway (see doc.go, Upgrades).

// KindSetEnabled is SetEnabled's kind number; it never changes meaning.
const KindSetEnabled CommandKind = 10

// SetEnabled switches a coordinator off (Enabled=false) or back on. Switching off a name
// already off keeps the first time; switching on a name not off is a no-op, so a retried
// command does no harm.
type SetEnabled struct {
	Name    string    `json:"name"`
	Enabled bool      `json:"enabled"`
	At      time.Time `json:"at"`
}

func (SetEnabled) Kind() CommandKind { return KindSetEnabled }

func init() { decoders[KindSetEnabled] = decodeAs[SetEnabled] }

var bucketCoordDisabled = []byte("coord_disabled")

// switchedOff is a value of coord_disabled.
type switchedOff struct {
	At time.Time `json:"at"`
}

func (w *wtx) setEnabled(c SetEnabled) error {
	if c.Name == "" {
		return rejectf(workflows.CodeInvalid, "switch of a coordinator without a name")
	}
	b, err := w.tx.CreateBucketIfNotExists(bucketCoordDisabled)
	if err != nil {
		return err
	}
	key := []byte(c.Name)
	if c.Enabled {
		return b.Delete(key)
	}
	if b.Get(key) != nil {
		return nil
	}
	return putJSON(b, key, switchedOff{At: c.At})
}

// DisabledCoordinators returns the coordinators switched off by SetEnabled, each with the
// time of its switch. Definitions that no longer exist may be named: the switch outlives a
// delete so that a workflow added back under the same name stays off.
func (s *Store) DisabledCoordinators() (map[string]time.Time, error) {
	out := map[string]time.Time{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCoordDisabled)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var rec switchedOff
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("store: %s/%q: %w", bucketCoordDisabled, k, err)
			}
			out[string(k)] = rec.At
			return nil
		})
	})
	return out, err
}

// CoordinatorDisabled reports whether the coordinator called name is switched off.
func (s *Store) CoordinatorDisabled(name string) (bool, error) {
	var off bool
	err := s.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketCoordDisabled); b != nil {
			off = b.Get([]byte(name)) != nil
		}
		return nil
	})
	return off, err
}
