package raftfsm

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/actorflow/actorflow/cluster/raftgroup"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

func TestApplyThroughRaftAndReadBack(t *testing.T) {
	c := openController(t, t.TempDir())
	ctx := testCtx(t)
	err := c.log.Apply(ctx,
		store.PutDefinition{Name: "wf", Origin: store.OriginAPI, Source: "api", XML: []byte("<work-flow/>"), Hash: "h", Enabled: true, At: t0},
		createCmd("i1", "wf"),
	)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	// Apply returned: the entry is applied to the local FSM, readable at once.
	def, ok, err := c.store.Definition("wf")
	if err != nil || !ok || def.Version != c.store.AppliedIndex() {
		t.Fatalf("Definition = %+v, %v, %v (applied %d)", def, ok, err, c.store.AppliedIndex())
	}
	if err := c.log.Apply(ctx, nodeUpdate("i1", 1)); err != nil {
		t.Fatal(err)
	}
	rec, ok, err := c.store.Instance("i1")
	if err != nil || !ok || rec.Instance.Status != workflows.InstanceRunning || rec.Instance.Nodes[1].Attempts[0].Number != 1 {
		t.Fatalf("Instance = %+v, %v, %v", rec, ok, err)
	}
	// raft publishes its applied index after handing entries to the FSM, so it may lag the
	// store for a moment: wait for them to agree rather than compare once.
	deadline := time.Now().Add(5 * time.Second)
	for c.store.AppliedIndex() != c.g.AppliedIndex() {
		if time.Now().After(deadline) {
			t.Fatalf("store applied %d, raft applied %d", c.store.AppliedIndex(), c.g.AppliedIndex())
		}
		runtime.Gosched()
	}
	if err := c.log.Apply(ctx); err != nil {
		t.Errorf("empty Apply: %v", err)
	}
}

func TestRejectionComesBackAsError(t *testing.T) {
	c := openController(t, t.TempDir())
	ctx := testCtx(t)
	if err := c.log.Apply(ctx, createCmd("i1", "wf")); err != nil {
		t.Fatal(err)
	}
	before := c.store.AppliedIndex()
	err := c.log.Apply(ctx, store.PutFile{Path: "x.xml", At: t0}, createCmd("i1", "wf"))
	if workflows.CodeOf(err) != workflows.CodeConflict {
		t.Fatalf("duplicate create: %v (code %q), want conflict", err, workflows.CodeOf(err))
	}
	if files, _ := c.store.Files(); len(files) != 0 {
		t.Errorf("the rejected entry's other command took effect: %+v", files)
	}
	if c.store.AppliedIndex() <= before {
		t.Error("the rejected entry did not advance the applied index")
	}
	err = c.log.Apply(ctx, store.UpdateInstance{Instance: workflows.Instance{ID: "ghost", Workflow: "wf"}})
	if workflows.CodeOf(err) != workflows.CodeNotFound {
		t.Errorf("unknown instance: %v, want not_found", err)
	}
}

func TestNotLeaderIsRecognisable(t *testing.T) {
	// Not bootstrapped: no configuration, so this node never leads.
	c := startController(t, t.TempDir(), false)
	err := c.log.Apply(testCtx(t), createCmd("i1", "wf"))
	if !errors.Is(err, raftgroup.ErrNotLeader) {
		t.Fatalf("Apply on a non-leader: %v, want raftgroup.ErrNotLeader", err)
	}
	var nl *raftgroup.NotLeaderError
	if !errors.As(err, &nl) {
		t.Errorf("the *raftgroup.NotLeaderError is not reachable in %v", err)
	}
	if code := workflows.CodeOf(err); code != workflows.CodeUnavailable {
		t.Errorf("CodeOf = %q, want unavailable", code)
	}
}

func TestClassify(t *testing.T) {
	rejection := workflows.Errorf(workflows.CodeConflict, "dup")
	for _, c := range []struct {
		in   error
		code workflows.Code
		is   error
	}{
		{nil, "", nil},
		{rejection, workflows.CodeConflict, rejection},
		{raftgroup.ErrLeadershipLost, workflows.CodeUnavailable, raftgroup.ErrLeadershipLost},
		{raftgroup.ErrShutdown, workflows.CodeUnavailable, raftgroup.ErrShutdown},
		{context.DeadlineExceeded, workflows.CodeTimeout, context.DeadlineExceeded},
		{context.Canceled, workflows.CodeUnavailable, context.Canceled},
		{errors.New("other"), workflows.CodeInternal, nil},
	} {
		got := classify(c.in)
		if workflows.CodeOf(got) != c.code {
			t.Errorf("classify(%v): code %q, want %q", c.in, workflows.CodeOf(got), c.code)
		}
		if c.is != nil && !errors.Is(got, c.is) {
			t.Errorf("classify(%v) lost its cause", c.in)
		}
	}
}

// A restart from the same directories, after a snapshot and more entries, loses nothing:
// raft restores the snapshot into the store and re-applies the log after it. The FSM file is
// deleted before the restart, so everything must come from raft.
func TestRestartRebuildsFromSnapshotAndLog(t *testing.T) {
	dir := t.TempDir()
	c := openController(t, dir)
	ctx := testCtx(t)
	for i := range 30 {
		if err := c.log.Apply(ctx, createCmd(instanceID(i), "wf")); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.g.Snapshot(); err != nil {
		t.Fatalf("Snapshot: %v", err)
	}
	for i := 30; i < 50; i++ {
		if err := c.log.Apply(ctx, createCmd(instanceID(i), "wf"), nodeUpdate(instanceID(i-30), 1)); err != nil {
			t.Fatal(err)
		}
	}
	want := snapshotOf(t, c.store)
	c.close()

	for _, name := range []string{"kept", "lost"} {
		if name == "lost" {
			if err := removeStore(dir); err != nil {
				t.Fatal(err)
			}
		}
		c = openController(t, dir)
		if got := snapshotOf(t, c.store); got != want {
			t.Fatalf("%s FSM file: after restart the state differs:\n got %s\nwant %s", name, got, want)
		}
		c.close()
	}
}

func removeStore(dir string) error {
	err := os.Remove(filepath.Join(dir, StoreFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// snapshotOf summarises what readers see (instances with nodes, and the count), as a string
// for a readable diff.
func snapshotOf(t *testing.T, s *store.Store) string {
	t.Helper()
	items, total, err := s.Instances(store.InstanceQuery{Limit: 1 << 20, Full: true})
	if err != nil {
		t.Fatal(err)
	}
	out := ""
	for _, it := range items {
		out += it.Instance.ID + ":" + it.Instance.Status.String()
		for _, n := range it.Instance.Nodes {
			out += "," + n.Name + "=" + n.Status.String()
		}
		out += ";"
	}
	return out + " total=" + strconv.Itoa(total)
}
