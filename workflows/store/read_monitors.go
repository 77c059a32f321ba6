package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"slices"

	"github.com/actorflow/actorflow/workflows"
	bolt "go.etcd.io/bbolt"
)

// Data-monitor results. akkaflow upserted a data_monitor row (day, category, name, value,
// min, max, instance) from the worker on every run; actorflow keeps no such table: a result
// is the node record of a <data-monitor> node, whose outputs hold the measurement, so the
// results are derived from instance records and disappear with them (retention, delete).

// MonitorQuery selects data-monitor results, newest first. Category and Name match the
// result's effective category and source name (see MonitorResult) exactly.
type MonitorQuery struct {
	Workflow string
	Category string
	Name     string
	Limit    int // 0 = DefaultLimit
	Offset   int
}

// MonitorResult is one run of a data-monitor node: the node record (status, message,
// outputs, attempts) of an instance that ran it. Category and SourceName are the node's
// 2017 attributes when its definition sets them and otherwise, as akkaflow HEAD keyed its
// rows, the workflow's name and the node's name.
type MonitorResult struct {
	InstanceID string
	Workflow   string
	Seq        uint64 // the instance's creation order
	Category   string
	SourceName string
	Node       workflows.NodeRun
}

// dataMonitorKey is how encoding/json writes the body of a data-monitor action. An instance
// definition without these bytes has no data-monitor node, so most instances are skipped
// without decoding their definition; one that has them is decoded (the bytes may also sit
// inside an escaped string, which the decode then tells apart).
var dataMonitorKey = []byte(`"data_monitor":{`)

// monitorNode is a data-monitor node of a definition, with its effective keys.
type monitorNode struct {
	name, category, source string
}

// monitorDefs decodes the data-monitor nodes of instance definitions. Instances of one
// workflow version carry identical definitions, so within one read each distinct definition
// is decoded once (keyed by a hash of its bytes and their length).
type monitorDefs struct {
	seed  maphash.Seed
	cache map[defKey][]monitorNode
}

type defKey struct {
	sum uint64
	n   int
}

func newMonitorDefs() *monitorDefs {
	return &monitorDefs{seed: maphash.MakeSeed(), cache: map[defKey][]monitorNode{}}
}

// nodes returns the data-monitor nodes of def (nil when it has none or does not decode: an
// instance whose definition is unreadable has no results to show, and the instance views
// report it).
func (d *monitorDefs) nodes(def []byte) []monitorNode {
	if !bytes.Contains(def, dataMonitorKey) {
		return nil
	}
	k := defKey{maphash.Bytes(d.seed, def), len(def)}
	if ns, ok := d.cache[k]; ok {
		return ns
	}
	var wf struct {
		Name  string `json:"name"`
		Nodes []struct {
			Name   string `json:"name"`
			Action *struct {
				DataMonitor *struct {
					Category   string `json:"category"`
					SourceName string `json:"source_name"`
				} `json:"data_monitor"`
			} `json:"action"`
		} `json:"nodes"`
	}
	var out []monitorNode
	if json.Unmarshal(def, &wf) == nil {
		for _, n := range wf.Nodes {
			if n.Action == nil || n.Action.DataMonitor == nil {
				continue
			}
			m := monitorNode{name: n.Name, category: n.Action.DataMonitor.Category, source: n.Action.DataMonitor.SourceName}
			if m.category == "" {
				m.category = wf.Name
			}
			if m.source == "" {
				m.source = n.Name
			}
			out = append(out, m)
		}
	}
	d.cache[k] = out
	return out
}

// Node records are JSON of workflows.NodeRun, whose fields are written in declaration order:
// name first, then status, then attempts (omitted when empty). Inside a JSON string every
// quote is escaped, so these bytes can only be keys, and the first "status" key is the
// node's own (the attempts' come after it).
var (
	nodeStatusField   = []byte(`"status":"`)
	nodeAttemptsField = []byte(`"attempts":[`)
	resultStatuses    = [][]byte{[]byte(workflows.NodeSucceeded.String() + `"`), []byte(workflows.NodeFailed.String() + `"`)}
)

// hasResult reports whether a node record holds a result: the node ran (an attempt) and its
// latest visit ended in success or failure. Killed, lost, skipped (is-ignore, or carried
// over by a rerun) and unfinished nodes measured nothing of their own. It looks at the bytes
// only: counting the results of a long history must not decode every node record.
func hasResult(rec []byte) bool {
	i := bytes.Index(rec, nodeStatusField)
	if i < 0 || !bytes.Contains(rec, nodeAttemptsField) {
		return false
	}
	rest := rec[i+len(nodeStatusField):]
	return bytes.HasPrefix(rest, resultStatuses[0]) || bytes.HasPrefix(rest, resultStatuses[1])
}

// MonitorResults lists data-monitor results newest first (by instance creation order, then
// by the node's end, latest first) with the total matching q.
//
// Cost: instances are walked newest first through idx_workflow (with Workflow) or idx_all;
// an instance costs one lookup of its definition and a byte search in it, and only one that
// has a data-monitor node is decoded (once per distinct definition) and has those nodes'
// records read. The total needs the whole walk: it grows with the instances of the workflow
// (or the store) that are kept, not with the page. Filter by workflow when you can.
func (s *Store) MonitorResults(q MonitorQuery) (items []MonitorResult, total int, err error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	offset := max(q.Offset, 0)
	err = s.view(func(tx *bolt.Tx) error {
		src := tx.Bucket(bucketIdxAll)
		var prefix []byte
		if q.Workflow != "" {
			src, prefix = tx.Bucket(bucketIdxWorkflow), named(q.Workflow)
		}
		defs := tx.Bucket(bucketInstanceDefs)
		nodes := tx.Bucket(bucketNodes)
		insts := tx.Bucket(bucketInstances)
		md := newMonitorDefs()
		var ferr error
		scanDesc(src, prefix, func(_, id []byte) bool {
			mons := md.nodes(defs.Get(id))
			if len(mons) == 0 {
				return true
			}
			found, err := instanceResults(nodes.Bucket(id), mons, q)
			if err == nil && total+len(found) > offset && len(items) < limit {
				items, err = appendResults(items, insts, id, found, offset-total, limit)
			}
			if err != nil {
				ferr = fmt.Errorf("store: instance %s: %w", id, err)
				return false
			}
			total += len(found)
			return true
		})
		return ferr
	})
	if err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// foundNode is a monitor node of one instance whose record holds a result; rec is the
// record in bbolt's memory (valid during the read transaction only).
type foundNode struct {
	mon monitorNode
	pos int
	rec []byte
}

// instanceResults returns the monitor nodes of one instance that hold a result and match q,
// in document order.
func instanceResults(b *bolt.Bucket, mons []monitorNode, q MonitorQuery) ([]foundNode, error) {
	if b == nil {
		return nil, fmt.Errorf("node records missing")
	}
	var out []foundNode
	for i, m := range mons {
		if (q.Category != "" && m.category != q.Category) || (q.Name != "" && m.source != q.Name) {
			continue
		}
		v := b.Get([]byte(m.name))
		if v == nil {
			continue // a definition node without a record: never reached
		}
		if len(v) < 4 {
			return nil, fmt.Errorf("node %q: short record", m.name)
		}
		if hasResult(v[4:]) {
			out = append(out, foundNode{mon: m, pos: i, rec: v[4:]})
		}
	}
	return out, nil
}

// appendResults decodes the found results of one instance, orders them latest end first
// (document order breaks ties), and appends those from skip on until items holds limit.
func appendResults(items []MonitorResult, insts *bolt.Bucket, id []byte, found []foundNode, skip, limit int) ([]MonitorResult, error) {
	h, err := readHeader(insts, id)
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, fmt.Errorf("an index names a missing instance")
	}
	rs := make([]MonitorResult, len(found))
	for i, f := range found {
		rs[i] = MonitorResult{InstanceID: string(id), Workflow: h.Instance.Workflow, Seq: h.Seq,
			Category: f.mon.category, SourceName: f.mon.source}
		if err := json.Unmarshal(f.rec, &rs[i].Node); err != nil {
			return nil, fmt.Errorf("node %q: %w", f.mon.name, err)
		}
	}
	slices.SortStableFunc(rs, func(a, b MonitorResult) int { return b.Node.Ended.Compare(a.Node.Ended) })
	for _, r := range rs[max(skip, 0):] {
		if len(items) == limit {
			break
		}
		items = append(items, r)
	}
	return items, nil
}
