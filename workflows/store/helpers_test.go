package store

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// t0 is the fixtures' epoch: a fixed UTC time, so JSON round trips compare equal.
var t0 = time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)

// openTemp opens a NoSync store (the FSM setting) in a fresh directory, closed at the end.
func openTemp(tb testing.TB) *Store {
	tb.Helper()
	return openAt(tb, filepath.Join(tb.TempDir(), "fsm.db"), Options{NoSync: true})
}

func openAt(tb testing.TB, path string, opts Options) *Store {
	tb.Helper()
	if opts.Logger == nil {
		opts.Logger = quiet
	}
	s, err := Open(path, opts)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// must applies cmds as one entry and fails the test on error.
func must(tb testing.TB, s *Store, cmds ...Command) {
	tb.Helper()
	if err := ApplyDirect(s, cmds...); err != nil {
		tb.Fatalf("ApplyDirect: %v", err)
	}
}

// inst builds an instance of wf with the named nodes (all prep), in that document order.
func inst(id, wf string, st workflows.InstanceStatus, created time.Time, nodes ...string) workflows.Instance {
	in := workflows.Instance{ID: id, Workflow: wf, Status: st, Trigger: workflows.TriggerManual,
		Created: created, Nodes: []workflows.NodeRun{}}
	for _, n := range nodes {
		in.Nodes = append(in.Nodes, workflows.NodeRun{Name: n, Status: workflows.NodePrep})
	}
	return in
}

func create(in workflows.Instance) CreateInstance {
	def, _ := json.Marshal(map[string]string{"name": in.Workflow})
	return CreateInstance{Instance: in, Definition: def, Version: 7}
}

// createN creates n instances of wf (ids wf-0 … wf-n-1), one a minute from start, one entry.
func createN(tb testing.TB, s *Store, wf, group string, n int, st workflows.InstanceStatus, start time.Time) []string {
	tb.Helper()
	var cmds []Command
	var ids []string
	for i := range n {
		id := fmt.Sprintf("%s-%d", wf, i)
		c := create(inst(id, wf, st, start.Add(time.Duration(i)*time.Minute), "start", "a", "end"))
		c.Group = group
		cmds = append(cmds, c)
		ids = append(ids, id)
	}
	must(tb, s, cmds...)
	return ids
}

// setStatus moves an instance to st with an UpdateInstance carrying no node changes.
func setStatus(tb testing.TB, s *Store, id string, st workflows.InstanceStatus) {
	tb.Helper()
	rec := get(tb, s, id)
	in := rec.Instance
	in.Status = st
	in.Nodes = nil
	must(tb, s, UpdateInstance{Instance: in})
}

func get(tb testing.TB, s *Store, id string) InstanceRecord {
	tb.Helper()
	rec, ok, err := s.Instance(id)
	if err != nil || !ok {
		tb.Fatalf("Instance(%s) = ok %v, err %v", id, ok, err)
	}
	return rec
}

func ids(recs []InstanceRecord) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Instance.ID
	}
	return out
}

func statusPtr(s workflows.InstanceStatus) *workflows.InstanceStatus { return &s }

// state is everything a reader can see, for comparing two stores.
type state struct {
	Applied      uint64
	Definitions  []DefinitionRecord
	Files        []FileRecord
	Coordinators []CoordinatorRecord
	Instances    []InstanceRecord
	Total        int
	Unfinished   []string
	Days         map[string]map[workflows.InstanceStatus]int
}

func dump(tb testing.TB, s *Store) state {
	tb.Helper()
	var st state
	var err error
	st.Applied = s.AppliedIndex()
	if st.Definitions, err = s.Definitions(); err != nil {
		tb.Fatal(err)
	}
	if st.Files, err = s.Files(); err != nil {
		tb.Fatal(err)
	}
	if st.Coordinators, err = s.Coordinators(); err != nil {
		tb.Fatal(err)
	}
	if st.Instances, st.Total, err = s.Instances(InstanceQuery{Limit: 1 << 30, Full: true}); err != nil {
		tb.Fatal(err)
	}
	un, err := s.Unfinished()
	if err != nil {
		tb.Fatal(err)
	}
	st.Unfinished = ids(un)
	if st.Days, err = s.CountsByDay(time.Time{}, time.UTC); err != nil {
		tb.Fatal(err)
	}
	return st
}
