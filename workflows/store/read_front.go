package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/actorflow/actorflow/workflows"
	bolt "go.etcd.io/bbolt"
)

// Reads for the dashboard: answers that the general lists could only give by decoding many
// records, computed here from index keys (or one field) in one read transaction.

// LatestFinished returns, for each of names that has a finished instance, the status of its
// newest finished instance by creation order (Seq). It reads only index keys: for each name
// and finished status, the last key of idx_workflow_status under that prefix; so it costs
// three cursor seeks per name, whatever the history holds, and decodes no record.
func (s *Store) LatestFinished(names []string) (map[string]workflows.InstanceStatus, error) {
	out := make(map[string]workflows.InstanceStatus, len(names))
	err := s.view(func(tx *bolt.Tx) error {
		idx := tx.Bucket(bucketIdxWfStatus)
		for _, name := range names {
			var best uint64
			found := false
			for _, st := range terminalStatuses {
				prefix := join(named(name), statusByte(st))
				seq, ok, err := lastSeq(idx, prefix)
				if err != nil {
					return err
				}
				if ok && (!found || seq > best) {
					best, found = seq, true
					out[name] = st
				}
			}
		}
		return nil
	})
	return out, err
}

// lastSeq returns the Seq of the largest key with prefix (keys are prefix + 8-byte Seq).
func lastSeq(b *bolt.Bucket, prefix []byte) (uint64, bool, error) {
	var (
		seq   uint64
		found bool
		bad   []byte
	)
	scanDesc(b, prefix, func(k, _ []byte) bool {
		if len(k) != len(prefix)+8 {
			bad = bytes.Clone(k)
		} else {
			seq, found = getU64(k[len(prefix):]), true
		}
		return false
	})
	if bad != nil {
		return 0, false, fmt.Errorf("store: idx_workflow_status key %q is not prefix + seq", bad)
	}
	return seq, found, nil
}

// statusField and workflowField are how encoding/json writes PutFile's status and the
// instance header's workflow. Inside a JSON string every quote is escaped, so these bytes can
// only be a key; and the first such key is the record's own: in a file record status follows
// only path, in a header workflow follows only the instance's id.
var (
	statusField   = []byte(`"status":"`)
	workflowField = []byte(`"workflow":"`)
)

// FileStatusCounts counts the xmlconfig file records per status. It finds the status field in
// each record's JSON without decoding the rest (paths, problems), so counting 10,000 files
// costs a scan of their bytes; a record where the field is not found is decoded in full.
func (s *Store) FileStatusCounts() (map[FileStatus]int, error) {
	out := map[FileStatus]int{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFiles).ForEach(func(k, v []byte) error {
			if st, ok := fileStatusOf(v); ok {
				out[st]++
				return nil
			}
			var rec FileRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("store: %s/%q: %w", bucketFiles, k, err)
			}
			out[rec.Status]++
			return nil
		})
	})
	return out, err
}

// fileStatusOf reads the status of a file record's JSON; ok is false when the value is not
// a plain string without escapes (then the caller decodes the record).
func fileStatusOf(v []byte) (FileStatus, bool) {
	st, ok := plainStringField(v, statusField)
	return FileStatus(st), ok
}

// plainStringField returns the value of the first field written as key (`"name":"`) when it
// holds no escape; ok is false otherwise, and the caller decodes the record in full.
func plainStringField(v, key []byte) (string, bool) {
	i := bytes.Index(v, key)
	if i < 0 {
		return "", false
	}
	rest := v[i+len(key):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return "", false
	}
	return string(rest[:end]), true
}

// RecentWorkflows returns the workflow of each of the newest limit instances in status st
// (by creation order, newest first; a workflow appears once per instance). It reads
// idx_status and each header's workflow field, decoding a header only when that field is
// escaped, so the newest 1,000 failures cost 1,000 lookups, not 1,000 decodes.
func (s *Store) RecentWorkflows(st workflows.InstanceStatus, limit int) ([]string, error) {
	var out []string
	err := s.view(func(tx *bolt.Tx) error {
		insts := tx.Bucket(bucketInstances)
		var ferr error
		scanDesc(tx.Bucket(bucketIdxStatus), statusByte(st), func(_, id []byte) bool {
			raw := insts.Get(id)
			if raw == nil {
				ferr = fmt.Errorf("store: idx_status names missing instance %q", id)
				return false
			}
			wf, ok := plainStringField(raw, workflowField)
			if !ok {
				var h header
				if err := json.Unmarshal(raw, &h); err != nil {
					ferr = fmt.Errorf("store: instance %q: %w", id, err)
					return false
				}
				wf = h.Instance.Workflow
			}
			out = append(out, wf)
			return len(out) < limit
		})
		return ferr
	})
	return out, err
}

// CountsBetween counts instances per status by creation time in each interval
// [bounds[i], bounds[i+1]), so len(bounds)-1 maps; bounds must ascend. It compares the
// creation index's keys with the bounds' encodings and decodes no time, which makes a week of
// 100,000 instances a few milliseconds (CountsByDay formats each key's day).
func (s *Store) CountsBetween(bounds []time.Time) ([]map[workflows.InstanceStatus]int, error) {
	if len(bounds) < 2 {
		return nil, nil
	}
	keys := make([][]byte, len(bounds))
	for i, b := range bounds {
		keys[i] = timeKey(b)
		if i > 0 && bytes.Compare(keys[i-1], keys[i]) > 0 {
			return nil, workflows.Errorf(workflows.CodeInvalid, "store: CountsBetween: bound %d (%s) is before bound %d (%s)",
				i, b, i-1, bounds[i-1])
		}
	}
	counts := make([][256]int, len(bounds)-1)
	err := s.view(func(tx *bolt.Tx) error {
		cur := tx.Bucket(bucketIdxCreated).Cursor()
		i := 0
		for k, v := cur.Seek(keys[0]); k != nil; k, v = cur.Next() {
			for i < len(counts) && bytes.Compare(k[:12], keys[i+1]) >= 0 {
				i++
			}
			if i == len(counts) {
				break
			}
			counts[i][v[0]]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]map[workflows.InstanceStatus]int, len(counts))
	for i, c := range counts {
		out[i] = map[workflows.InstanceStatus]int{}
		for st, n := range c {
			if n > 0 {
				out[i][workflows.InstanceStatus(st)] = n
			}
		}
	}
	return out, nil
}
