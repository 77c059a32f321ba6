package store

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func TestPutDefinitionVersionsAndKeepsCreated(t *testing.T) {
	s := openTemp(t)
	must(t, s, PutDefinition{Name: "wf", Origin: OriginFile, Source: "wf.xml", XML: []byte("<a/>"), Hash: "1", Enabled: true, At: t0})
	first := s.AppliedIndex()
	must(t, s, PutFile{Path: "other.xml", Status: FileLoaded, At: t0}) // moves the index on
	must(t, s, PutDefinition{Name: "wf", Origin: OriginAPI, Source: "api", XML: []byte("<b/>"), Hash: "2", At: t0.Add(time.Hour)})

	rec, ok, err := s.Definition("wf")
	if err != nil || !ok {
		t.Fatalf("Definition = %v, %v", ok, err)
	}
	if rec.Version != s.AppliedIndex() || rec.Version == first {
		t.Errorf("Version = %d, want the index of the last write %d", rec.Version, s.AppliedIndex())
	}
	if !rec.Created.Equal(t0) {
		t.Errorf("Created = %v, want the first write's time %v", rec.Created, t0)
	}
	if rec.Hash != "2" || string(rec.XML) != "<b/>" || rec.Origin != OriginAPI || rec.Enabled {
		t.Errorf("record not replaced: %+v", rec)
	}

	must(t, s, DeleteDefinition{Name: "wf"})
	must(t, s, DeleteDefinition{Name: "wf"}) // a retried delete is harmless
	if _, ok, _ := s.Definition("wf"); ok {
		t.Error("definition still there after DeleteDefinition")
	}
	if defs, _ := s.Definitions(); len(defs) != 0 {
		t.Errorf("Definitions = %v, want none", defs)
	}
}

func TestFiles(t *testing.T) {
	s := openTemp(t)
	probs := workflows.Problems{{Pos: workflows.Pos{File: "b.xml", Line: 3, Col: 5}, Severity: workflows.SeverityWarning, Code: "alias", Message: "old name"}}
	must(t, s,
		PutFile{Path: "b.xml", Status: FileError, Problems: probs, At: t0},
		PutFile{Path: "a.xml", Status: FileLoaded, Workflow: "a", Hash: "h", At: t0},
	)
	files, err := s.Files()
	if err != nil {
		t.Fatal(err)
	}
	want := []FileRecord{
		{Path: "a.xml", Status: FileLoaded, Workflow: "a", Hash: "h", At: t0},
		{Path: "b.xml", Status: FileError, Problems: probs, At: t0},
	}
	if !reflect.DeepEqual(files, want) {
		t.Fatalf("Files =\n%+v\nwant (by path)\n%+v", files, want)
	}
	must(t, s, DeleteFile{Path: "a.xml"})
	if files, _ := s.Files(); len(files) != 1 || files[0].Path != "b.xml" {
		t.Fatalf("after DeleteFile: %+v", files)
	}
}

func TestCoordinatorsAndDue(t *testing.T) {
	s := openTemp(t)
	must(t, s,
		PutCoordinator{Name: "late", NextFire: t0.Add(2 * time.Hour), State: json.RawMessage(`{"n":1}`)},
		PutCoordinator{Name: "soon", NextFire: t0.Add(time.Hour), State: json.RawMessage(`{"n":2}`)},
		PutCoordinator{Name: "never", State: json.RawMessage(`{}`)},
	)
	due := func(at time.Time) []string {
		t.Helper()
		recs, err := s.DueCoordinators(at)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range recs {
			names = append(names, r.Name)
		}
		return names
	}
	if got := due(t0.Add(3 * time.Hour)); !reflect.DeepEqual(got, []string{"soon", "late"}) {
		t.Errorf("due = %v, want [soon late] (fire order)", got)
	}
	// Moving the next fire moves the index entry: the old time no longer matches.
	must(t, s, PutCoordinator{Name: "soon", NextFire: t0.Add(5 * time.Hour), State: json.RawMessage(`{"n":3}`)})
	if got := due(t0.Add(3 * time.Hour)); !reflect.DeepEqual(got, []string{"late"}) {
		t.Errorf("due after moving soon = %v, want [late]", got)
	}
	rec, ok, err := s.Coordinator("soon")
	if err != nil || !ok || string(rec.State) != `{"n":3}` {
		t.Errorf("Coordinator(soon) = %+v, %v, %v", rec, ok, err)
	}
	all, _ := s.Coordinators()
	if len(all) != 3 || all[0].Name != "late" || all[1].Name != "never" {
		t.Errorf("Coordinators = %+v, want 3 by name", all)
	}
}

func TestCreateInstance(t *testing.T) {
	s := openTemp(t)
	c := create(inst("i1", "wf", workflows.InstancePrep, t0, "start", "zeta", "alpha", "end"))
	c.Group, c.Priority, c.Instance.Params = "etl", 5, map[string]string{"k": "v"}
	must(t, s, c)
	rec := get(t, s, "i1")
	if !reflect.DeepEqual(rec.Instance, c.Instance) {
		t.Errorf("Instance =\n%+v\nwant\n%+v", rec.Instance, c.Instance)
	}
	if string(rec.Definition) != string(c.Definition) || rec.Version != 7 || rec.Group != "etl" || rec.Priority != 5 {
		t.Errorf("record fields: %+v", rec)
	}
	if want := s.AppliedIndex() << SeqShift; rec.Seq != want {
		t.Errorf("Seq = %d, want index<<SeqShift = %d", rec.Seq, want)
	}

	// Several creations in one entry are numbered by position.
	must(t, s, create(inst("i2", "wf", workflows.InstancePrep, t0)), create(inst("i3", "wf", workflows.InstancePrep, t0)))
	if a, b := get(t, s, "i2").Seq, get(t, s, "i3").Seq; b != a+1 || a <= rec.Seq {
		t.Errorf("Seq of i2, i3 = %d, %d; want consecutive and after %d", a, b, rec.Seq)
	}
}

func TestCreateInstanceRejects(t *testing.T) {
	s := openTemp(t)
	must(t, s, create(inst("i1", "wf", workflows.InstancePrep, t0, "a")))
	before := dump(t, s)

	for name, c := range map[string]CreateInstance{
		"duplicate id": create(inst("i1", "other", workflows.InstanceRunning, t0, "b")),
		"empty id":     create(inst("", "wf", workflows.InstancePrep, t0)),
		"NUL workflow": create(inst("i9", "w\x00f", workflows.InstancePrep, t0)),
		"twice a node": create(inst("i9", "wf", workflows.InstancePrep, t0, "a", "a")),
	} {
		// The rejected command shares its entry with a valid one: neither may take effect.
		index := s.AppliedIndex() + 1
		entry, err := Encode(PutFile{Path: "side-effect.xml", At: t0}, c)
		if err != nil {
			t.Fatal(err)
		}
		err = s.Apply(index, entry)
		var we *workflows.Error
		if !errors.As(err, &we) {
			t.Errorf("%s: Apply error = %v, want a *workflows.Error", name, err)
			continue
		}
		if errors.Is(err, ErrStorage) {
			t.Errorf("%s: a rejection must not look like a storage failure: %v", name, err)
		}
		if s.AppliedIndex() != index {
			t.Errorf("%s: applied index = %d, want %d (a rejected entry still counts as applied)", name, s.AppliedIndex(), index)
		}
		after := dump(t, s)
		after.Applied = before.Applied
		if !reflect.DeepEqual(after, before) {
			t.Errorf("%s: a rejected entry changed the state", name)
		}
	}
	if code := workflows.CodeOf(s.Apply(s.AppliedIndex()+1, mustEncode(t, create(inst("i1", "wf", 0, t0))))); code != workflows.CodeConflict {
		t.Errorf("duplicate id code = %q, want conflict", code)
	}
}

func mustEncode(tb testing.TB, cmds ...Command) []byte {
	tb.Helper()
	entry, err := Encode(cmds...)
	if err != nil {
		tb.Fatal(err)
	}
	return entry
}

func TestUpdateInstanceReplacesHeaderAndNamedNodes(t *testing.T) {
	s := openTemp(t)
	c := create(inst("i1", "wf", workflows.InstancePrep, t0, "start", "a", "b", "end"))
	c.Group, c.Priority = "g", 3
	must(t, s, c)
	created := get(t, s, "i1")

	up := c.Instance
	up.Status = workflows.InstanceRunning
	up.Started = t0.Add(time.Minute)
	up.Message = "go"
	up.Nodes = []workflows.NodeRun{
		{Name: "b", Status: workflows.NodeRunning, Visit: 1, Attempts: []workflows.Attempt{{Number: 1, Visit: 1, Worker: "w1"}}},
		{Name: "late", Status: workflows.NodeRunning}, // unknown to the creation: goes last
	}
	must(t, s, UpdateInstance{Instance: up})

	rec := get(t, s, "i1")
	var names []string
	for _, n := range rec.Instance.Nodes {
		names = append(names, n.Name)
	}
	if want := []string{"start", "a", "b", "end", "late"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("node order = %v, want %v", names, want)
	}
	if !reflect.DeepEqual(rec.Instance.Nodes[2], up.Nodes[0]) {
		t.Errorf("node b = %+v, want %+v", rec.Instance.Nodes[2], up.Nodes[0])
	}
	if !reflect.DeepEqual(rec.Instance.Nodes[1], created.Instance.Nodes[1]) {
		t.Errorf("node a changed although not named: %+v", rec.Instance.Nodes[1])
	}
	if rec.Instance.Status != workflows.InstanceRunning || rec.Instance.Message != "go" || !rec.Instance.Started.Equal(up.Started) {
		t.Errorf("header not replaced: %+v", rec.Instance)
	}
	if rec.Group != "g" || rec.Priority != 3 || rec.Version != 7 || rec.Seq != created.Seq || string(rec.Definition) != string(created.Definition) {
		t.Errorf("creation fields changed: %+v", rec)
	}

	err := ApplyDirect(s, UpdateInstance{Instance: inst("ghost", "wf", workflows.InstanceRunning, t0)})
	if workflows.CodeOf(err) != workflows.CodeNotFound {
		t.Errorf("update of an unknown instance: %v, want not_found", err)
	}
}

func TestDeleteInstance(t *testing.T) {
	s := openTemp(t)
	c := create(inst("i1", "wf", workflows.InstanceSucceeded, t0, "a"))
	c.Group = "g"
	must(t, s, c, create(inst("i2", "wf", workflows.InstanceSucceeded, t0, "a")))
	must(t, s, DeleteInstance{ID: "i1"})
	must(t, s, DeleteInstance{ID: "i1"}) // a retried delete is harmless
	if _, ok, _ := s.Instance("i1"); ok {
		t.Fatal("i1 still there")
	}
	for _, q := range []InstanceQuery{{}, {Workflow: "wf"}, {Group: "g"}, {Status: statusPtr(workflows.InstanceSucceeded)},
		{Workflow: "wf", Status: statusPtr(workflows.InstanceSucceeded)}} {
		items, total, err := s.Instances(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Instance.ID == "i1" {
				t.Errorf("%+v still lists i1", q)
			}
		}
		want := 1 // i2
		if q.Group != "" {
			want = 0 // i1 was the group's only instance
		}
		if total != want || len(items) != want {
			t.Errorf("%+v: %d items, total %d; want %d", q, len(items), total, want)
		}
	}
	days, _ := s.CountsByDay(time.Time{}, time.UTC)
	if n := days["2024-03-10"][workflows.InstanceSucceeded]; n != 1 {
		t.Errorf("CountsByDay after delete = %v, want 1 succeeded", days)
	}
	// Delete and create with the same id in one entry: how a rerun that keeps its id is stored.
	must(t, s, DeleteInstance{ID: "i2"}, create(inst("i2", "wf", workflows.InstancePrep, t0.Add(time.Hour), "a", "b")))
	if rec := get(t, s, "i2"); rec.Instance.Status != workflows.InstancePrep || len(rec.Instance.Nodes) != 2 {
		t.Errorf("recreated i2 = %+v", rec.Instance)
	}
}

func TestReplayOfAppliedIndexIsIgnored(t *testing.T) {
	s := openTemp(t)
	entry := mustEncode(t, create(inst("i1", "wf", workflows.InstancePrep, t0)))
	if err := s.Apply(5, entry); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	// The same entry again (a replay after restart): a duplicate id if it were applied.
	if err := s.Apply(5, entry); err != nil {
		t.Fatalf("replay of index 5: %v", err)
	}
	if err := s.Apply(3, mustEncode(t, DeleteInstance{ID: "i1"})); err != nil {
		t.Fatalf("older index: %v", err)
	}
	if after := dump(t, s); !reflect.DeepEqual(after, before) || after.Applied != 5 {
		t.Fatalf("replayed entries changed the state (applied %d)", after.Applied)
	}
}

func TestApplyBatchRejectsOnlyTheBadEntry(t *testing.T) {
	s := openTemp(t)
	entries := []Entry{
		{Index: 1, Data: mustEncode(t, create(inst("i1", "wf", workflows.InstancePrep, t0)))},
		{Index: 2, Data: mustEncode(t, create(inst("i1", "wf", workflows.InstancePrep, t0)))}, // duplicate
		{Index: 3, Data: []byte("garbage")},
		{Index: 4, Data: mustEncode(t, create(inst("i2", "wf", workflows.InstancePrep, t0)))},
	}
	errs := s.ApplyBatch(entries)
	if errs[0] != nil || errs[3] != nil {
		t.Errorf("good entries failed: %v", errs)
	}
	if workflows.CodeOf(errs[1]) != workflows.CodeConflict || workflows.CodeOf(errs[2]) != workflows.CodeInvalid {
		t.Errorf("bad entries: %v", errs)
	}
	if s.AppliedIndex() != 4 {
		t.Errorf("applied = %d, want 4", s.AppliedIndex())
	}
	if got := dump(t, s).Unfinished; !reflect.DeepEqual(got, []string{"i1", "i2"}) {
		t.Errorf("instances = %v, want [i1 i2]", got)
	}
}

func TestClosedStore(t *testing.T) {
	s := openTemp(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, _, err := s.Instance("x"); !errors.Is(err, ErrClosed) {
		t.Errorf("read after Close: %v", err)
	}
	err := ApplyDirect(s, DeleteFile{Path: "x"})
	if !errors.Is(err, ErrClosed) || !errors.Is(err, ErrStorage) {
		t.Errorf("Apply after Close: %v, want ErrClosed and ErrStorage", err)
	}
}
