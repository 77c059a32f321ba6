package worker

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/actorflow/actorflow/actors/messages"
)

func rec(inst string, attempt, pgid int) record {
	return record{InstanceID: inst, Node: "n", Attempt: attempt, PGID: pgid, Start: uint64(pgid) * 10, Boot: "b"}
}

// Replaying the journal gives what the appends said: started records with their group,
// ended ones without, forgotten ones gone. A restart (openJournal) keeps only what it is
// given.
func TestJournalReplay(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	j, err := openJournal(dir, []record{rec("kept", 1, 7)})
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		j.started(rec("running", 1, 100)),
		j.started(rec("ended", 1, 200)), j.ended(Ref{"ended", "n", 1}),
		j.started(rec("acked", 1, 300)), j.ended(Ref{"acked", "n", 1}), j.forget(Ref{"acked", "n", 1}),
		j.forget(Ref{"never-started", "n", 1}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	live, bad, err := readJournal(dir)
	if err != nil || bad != 0 {
		t.Fatalf("%d bad lines, %v", bad, err)
	}
	want := map[Ref]record{
		{"kept", "n", 1}:    rec("kept", 1, 7),
		{"running", "n", 1}: rec("running", 1, 100),
		{"ended", "n", 1}:   {InstanceID: "ended", Node: "n", Attempt: 1, Boot: "b"},
	}
	if len(live) != len(want) {
		t.Fatalf("live %v, want %v", live, want)
	}
	for ref, w := range want {
		if live[ref] != w {
			t.Errorf("%s: %+v, want %+v", ref, live[ref], w)
		}
	}
	j.close()
	if err := j.started(rec("late", 1, 1)); err == nil {
		t.Fatal("an append after close succeeded")
	}
}

// A line torn by a failed write (a full disk) costs that line only: the next one starts on
// a line of its own and is read back.
func TestJournalSurvivesATornLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	j, err := openJournal(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	if _, err := j.f.Write([]byte(`{"op":"start","instance_id":"torn","no`)); err != nil {
		t.Fatal(err)
	}
	j.torn = true // what append sets after a short write
	if err := j.started(rec("after", 1, 5)); err != nil {
		t.Fatal(err)
	}
	live, bad, err := readJournal(dir)
	if err != nil || bad != 1 || live[Ref{"after", "n", 1}] != rec("after", 1, 5) {
		t.Fatalf("live %v, %d bad lines, %v", live, bad, err)
	}
}

// Forgetting compacts the journal once it is long and mostly dead: the file shrinks to the
// live records, and later appends go to the new file.
func TestJournalCompacts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	j, err := openJournal(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	if err := j.started(rec("stays", 1, 9)); err != nil {
		t.Fatal(err)
	}
	compacted := false
	for i := 0; i < compactAfter && !compacted; i++ {
		r := rec("gone", i+1, 10)
		if err := j.started(r); err != nil {
			t.Fatal(err)
		}
		before := j.lines
		if err := j.forget(r.ref()); err != nil {
			t.Fatal(err)
		}
		compacted = j.lines < before
	}
	if !compacted {
		t.Fatalf("no compaction after %d attempts", compactAfter)
	}
	if err := j.started(rec("new", 1, 11)); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, journalName))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("\n")); n != 2 {
		t.Fatalf("the journal has %d lines after compaction:\n%s", n, b)
	}
	live, _, _ := readJournal(dir)
	if len(live) != 2 || live[Ref{"stays", "n", 1}] != rec("stays", 1, 9) || live[Ref{"new", "n", 1}] != rec("new", 1, 11) {
		t.Fatalf("live after compaction: %v", live)
	}
	if _, err := os.Stat(filepath.Join(dir, journalTmp)); !os.IsNotExist(err) {
		t.Fatalf("the compaction's temporary file is left: %v", err)
	}
}

// A running attempt's record is in the journal as the sweep needs it: the process group the
// master was told about, its leader's start time and the boot id.
func TestRunningAttemptIsJournaled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	g := newGate(t)
	ref := refN("journaled", 1)
	h.run(ref, 1, shell(gated), g.env())
	pid := int(expect[*messages.TaskStarted](t, h.master).GetPid())
	start, err := processStart(pid)
	if err != nil {
		t.Fatal(err)
	}
	live, _, err := readJournal(recordsDir(h.cfg.WorkRoot, h.cfg.Name))
	if want := (record{InstanceID: ref.InstanceID, Node: ref.Node, Attempt: 1, PGID: pid, Start: start, Boot: currentBoot(t)}); err != nil || live[ref] != want {
		t.Fatalf("journal %+v (%v), want %+v", live, err, want)
	}
	g.open(t)
	expect[*messages.TaskFinished](t, h.master)
}
