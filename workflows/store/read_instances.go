package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/actorflow/actorflow/workflows"
	bolt "go.etcd.io/bbolt"
)

// DefaultLimit is the page size of an InstanceQuery without a Limit.
const DefaultLimit = 50

// Instance returns one instance with its nodes in document order and its definition.
func (s *Store) Instance(id string) (rec InstanceRecord, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		rec, ok, err = readRecord(tx, []byte(id), true)
		return err
	})
	return rec, ok, err
}

// Instances lists instances newest first (by creation order) with the total matching q.
// Results carry the header only (Instance.Nodes and Definition are nil) unless q.Full is set.
//
// Cost: the page is read from an index matching the filter and the total is one counter
// lookup, so a page costs O(Offset+Limit) whatever the store's size. The exception is Group
// combined with another filter: the group's index is scanned for the total (and, with
// Workflow, each candidate's header read).
func (s *Store) Instances(q InstanceQuery) (items []InstanceRecord, total int, err error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	offset := max(q.Offset, 0)
	err = s.view(func(tx *bolt.Tx) error {
		src := chooseIndex(tx, q)
		var ids [][]byte
		n := 0
		var ferr error
		scanDesc(src.bucket, src.prefix, func(_, v []byte) bool {
			if src.filter != nil {
				ok, err := src.filter(v)
				if err != nil {
					ferr = err
					return false
				}
				if !ok {
					return true
				}
			}
			if n >= offset && len(ids) < limit {
				ids = append(ids, bytes.Clone(v[src.value:]))
			}
			n++
			// With a counter for the total, stop as soon as the page is full.
			return src.count == nil || len(ids) < limit
		})
		if ferr != nil {
			return ferr
		}
		total = n
		if src.count != nil {
			total = int(getU64(tx.Bucket(bucketCounts).Get(src.count)))
		}
		items = make([]InstanceRecord, 0, len(ids))
		for _, id := range ids {
			rec, ok, err := readRecord(tx, id, q.Full)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("store: an index names missing instance %q", id)
			}
			items = append(items, rec)
		}
		return nil
	})
	return items, total, err
}

// indexSource is where a query reads its ids: a bucket and key prefix, newest last, whose
// values hold the id from byte value on; the counter holding the total, or nil when the total
// needs a scan; and a filter (given the whole value) for what the index does not cover.
type indexSource struct {
	bucket *bolt.Bucket
	prefix []byte
	value  int
	count  []byte
	filter func(v []byte) (bool, error)
}

func chooseIndex(tx *bolt.Tx, q InstanceQuery) indexSource {
	switch {
	case q.Group != "":
		// idx_group values are status + id.
		src := indexSource{bucket: tx.Bucket(bucketIdxGroup), prefix: named(q.Group), value: 1}
		if q.Workflow == "" && q.Status == nil {
			src.count = countGroup(q.Group)
			return src
		}
		insts := tx.Bucket(bucketInstances)
		src.filter = func(v []byte) (bool, error) {
			if q.Status != nil && workflows.InstanceStatus(v[0]) != *q.Status {
				return false, nil
			}
			if q.Workflow == "" {
				return true, nil
			}
			h, err := readHeader(insts, v[1:])
			if err != nil || h == nil {
				return false, err
			}
			return h.Instance.Workflow == q.Workflow, nil
		}
		return src
	case q.Workflow != "" && q.Status != nil:
		return indexSource{bucket: tx.Bucket(bucketIdxWfStatus), prefix: join(named(q.Workflow), statusByte(*q.Status)),
			count: countWfStatus(q.Workflow, *q.Status)}
	case q.Workflow != "":
		return indexSource{bucket: tx.Bucket(bucketIdxWorkflow), prefix: named(q.Workflow), count: countWorkflow(q.Workflow)}
	case q.Status != nil:
		return indexSource{bucket: tx.Bucket(bucketIdxStatus), prefix: statusByte(*q.Status), count: countStatus(*q.Status)}
	default:
		return indexSource{bucket: tx.Bucket(bucketIdxAll), count: countAll()}
	}
}

// Unfinished lists instances in prep or running, in creation order, with nodes and
// definition: what a new master needs to rebuild its run supervisors and queue.
func (s *Store) Unfinished() ([]InstanceRecord, error) {
	var out []InstanceRecord
	err := s.view(func(tx *bolt.Tx) error {
		type item struct {
			seq uint64
			id  []byte
		}
		var items []item
		idx := tx.Bucket(bucketIdxStatus)
		for _, st := range []workflows.InstanceStatus{workflows.InstancePrep, workflows.InstanceRunning} {
			prefix := statusByte(st)
			cur := idx.Cursor()
			for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
				items = append(items, item{getU64(k[1:]), bytes.Clone(v)})
			}
		}
		slices.SortFunc(items, func(a, b item) int { return cmp.Compare(a.seq, b.seq) })
		for _, it := range items {
			rec, ok, err := readRecord(tx, it.id, true)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("store: idx_status names missing instance %q", it.id)
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// CountsByDay counts instances per creation day (YYYY-MM-DD in loc; nil means UTC) and
// status, for instances created at or after from. It reads only the creation-time index.
func (s *Store) CountsByDay(from time.Time, loc *time.Location) (map[string]map[workflows.InstanceStatus]int, error) {
	if loc == nil {
		loc = time.UTC
	}
	out := make(map[string]map[workflows.InstanceStatus]int)
	err := s.view(func(tx *bolt.Tx) error {
		cur := tx.Bucket(bucketIdxCreated).Cursor()
		for k, v := cur.Seek(timeKey(from)); k != nil; k, v = cur.Next() {
			day := parseTimeKey(k[:12]).In(loc).Format(time.DateOnly)
			byStatus := out[day]
			if byStatus == nil {
				byStatus = make(map[workflows.InstanceStatus]int)
				out[day] = byStatus
			}
			byStatus[workflows.InstanceStatus(v[0])]++
		}
		return nil
	})
	return out, err
}

// readRecord assembles an instance record; full adds the nodes (document order) and the
// definition. Everything is copied out of bbolt's memory.
func readRecord(tx *bolt.Tx, id []byte, full bool) (InstanceRecord, bool, error) {
	h, err := readHeader(tx.Bucket(bucketInstances), id)
	if err != nil || h == nil {
		return InstanceRecord{}, false, err
	}
	rec := InstanceRecord{Instance: h.Instance, Version: h.Version, Group: h.Group,
		Priority: h.Priority, Seq: h.Seq}
	if !full {
		return rec, true, nil
	}
	rec.Definition = bytes.Clone(tx.Bucket(bucketInstanceDefs).Get(id))
	nodes, err := readNodes(tx.Bucket(bucketNodes).Bucket(id))
	if err != nil {
		return InstanceRecord{}, false, fmt.Errorf("store: instance %s: %w", id, err)
	}
	rec.Instance.Nodes = nodes
	return rec, true, nil
}

// readNodes returns an instance's node records in document order (by stored position).
func readNodes(b *bolt.Bucket) ([]workflows.NodeRun, error) {
	if b == nil {
		return nil, fmt.Errorf("node bucket missing")
	}
	type raw struct {
		pos  uint32
		json []byte
	}
	var raws []raw
	err := b.ForEach(func(k, v []byte) error {
		if len(v) < 4 {
			return fmt.Errorf("node %q: short record", k)
		}
		raws = append(raws, raw{binary.BigEndian.Uint32(v), v[4:]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(raws, func(a, b raw) int { return cmp.Compare(a.pos, b.pos) })
	nodes := make([]workflows.NodeRun, len(raws))
	for i, r := range raws {
		if err := json.Unmarshal(r.json, &nodes[i]); err != nil {
			return nil, err
		}
	}
	return nodes, nil
}

// scanDesc calls fn for each key with prefix, largest first, until fn returns false.
func scanDesc(b *bolt.Bucket, prefix []byte, fn func(k, v []byte) bool) {
	cur := b.Cursor()
	var k, v []byte
	if end := prefixEnd(prefix); end == nil {
		k, v = cur.Last()
	} else if k, v = cur.Seek(end); k == nil {
		k, v = cur.Last()
	} else {
		k, v = cur.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Prev() {
		if !fn(k, v) {
			return
		}
	}
}
