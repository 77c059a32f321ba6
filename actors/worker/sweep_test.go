package worker

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/actorflow/actorflow/actors/messages"
)

// startGroup starts sh -c command as the leader of a new process group, the way the
// executors start an attempt. The leader is reaped in the background; its exit shows on
// the returned channel.
func startGroup(t *testing.T, command string) (pid int, exited <-chan struct{}) {
	t.Helper()
	cmd := exec.Command("/bin/sh", "-c", command)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid = cmd.Process.Pid
	t.Cleanup(func() { syscall.Kill(-pid, syscall.SIGKILL) })
	ch := make(chan struct{})
	go func() { cmd.Wait(); close(ch) }()
	return pid, ch
}

// recordAs appends a record to worker name's journal, the way a running attempt of an
// earlier incarnation did, and returns the journal's directory.
func recordAs(t *testing.T, workRoot, name string, rec record) string {
	t.Helper()
	dir := recordsDir(workRoot, name)
	appendLine(t, dir, opStart, rec)
	return dir
}

// appendLine writes one journal line by hand.
func appendLine(t *testing.T, dir, op string, rec record) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(line{Op: op, record: rec})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, journalName), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(append(b, '\n')); err != nil {
		t.Fatal(err)
	}
}

// noRecords fails unless the journal in dir has no record of the refs.
func noRecords(t *testing.T, dir string, refs ...Ref) {
	t.Helper()
	live, _, err := readJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		if rec, ok := live[r]; ok {
			t.Errorf("record %+v still there after the sweep", rec)
		}
	}
}

func currentBoot(t *testing.T) string {
	t.Helper()
	b, err := bootID()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A worker SIGKILLed with its tasks leaves their process groups behind: one whose leader
// still runs, and one whose leader died (as the parent-death signal makes it) and whose
// child lives on as an orphan. The next incarnation kills both before it runs anything.
func TestSweepKillsOrphanedGroupsBeforeTakingTasks(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	work, boot := filepath.Join(root, "work"), currentBoot(t)
	pidDir := t.TempDir()

	// Group A: the leader runs, with a child.
	leaderA, exitedA := startGroup(t, `sleep 300 & echo $! > `+pidDir+`/a.tmp; mv `+pidDir+`/a.tmp `+pidDir+`/a.pid; wait`)
	childA := readPid(t, filepath.Join(pidDir, "a.pid"))
	startA, err := processStart(leaderA)
	if err != nil {
		t.Fatal(err)
	}
	// Group B: the leader is gone, its child orphaned in the group.
	leaderB, exitedB := startGroup(t, `sleep 300 & echo $! > `+pidDir+`/b.tmp; mv `+pidDir+`/b.tmp `+pidDir+`/b.pid; exec sleep 300`)
	orphanB := readPid(t, filepath.Join(pidDir, "b.pid"))
	startB, err := processStart(leaderB)
	if err != nil {
		t.Fatal(err)
	}
	syscall.Kill(leaderB, syscall.SIGKILL)
	<-exitedB

	refA, refB := refN("orphan-a", 1), refN("orphan-b", 2)
	recordAs(t, work, "w1", record{InstanceID: refA.InstanceID, Node: refA.Node, Attempt: refA.Attempt, PGID: leaderA, Start: startA, Boot: boot})
	dir := recordAs(t, work, "w1", record{InstanceID: refB.InstanceID, Node: refB.Node, Attempt: refB.Attempt, PGID: leaderB, Start: startB, Boot: boot})

	h := newHarness(t, func(c *Config) { c.WorkRoot = work })
	// Sent at once: the worker holds it until the sweep is over.
	h.run(refN("after-sweep", 1), 1, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master)
	for _, pid := range []int{leaderA, childA, orphanB} {
		if !gone(pid) {
			t.Errorf("process %d of an orphaned group still runs after the worker started a task", pid)
		}
	}
	<-exitedA
	noRecords(t, dir, refA, refB)

	// The swept attempts are never run again here.
	h.run(refA, 1, shell("true"), nil)
	for {
		switch m := h.master.next(t).msg.(type) {
		case *messages.TaskFinished: // of after-sweep
			continue
		case *messages.RunTaskRejected:
			wantRef(t, "rejection", m.GetRef(), refA)
			if m.GetCode() != "conflict" || !strings.Contains(m.GetMessage(), "earlier incarnation") ||
				!strings.Contains(m.GetMessage(), "killed") {
				t.Fatalf("got %v", m)
			}
			return
		default:
			t.Fatalf("unexpected %T %v", m, m)
		}
	}
}

// A record whose pid now belongs to another process (different start time), or that was
// written before a reboot, names nobody of ours: those processes are left alone.
func TestSweepSparesRecycledPidsAndOldBoots(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	work, boot := filepath.Join(root, "work"), currentBoot(t)

	recycled, _ := startGroup(t, "exec sleep 300")
	start, err := processStart(recycled)
	if err != nil {
		t.Fatal(err)
	}
	// The recorded leader started earlier than the process that has its pid now.
	recordAs(t, work, "w1", record{InstanceID: "i-recycled", Node: "n", Attempt: 1, PGID: recycled, Start: start - 1, Boot: boot})
	otherBoot, _ := startGroup(t, "exec sleep 300")
	startOther, err := processStart(otherBoot)
	if err != nil {
		t.Fatal(err)
	}
	dir := recordAs(t, work, "w1", record{InstanceID: "i-boot", Node: "n", Attempt: 1, PGID: otherBoot, Start: startOther, Boot: "another-boot"})
	// A record of another worker sharing the work root is not this worker's business.
	foreign, _ := startGroup(t, "exec sleep 300")
	startForeign, err := processStart(foreign)
	if err != nil {
		t.Fatal(err)
	}
	foreignDir := recordAs(t, work, "w2", record{InstanceID: "i-foreign", Node: "n", Attempt: 1, PGID: foreign, Start: startForeign, Boot: boot})

	h := newHarness(t, func(c *Config) { c.WorkRoot = work })
	h.run(refN("after-sweep", 1), 1, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master)
	for _, pid := range []int{recycled, otherBoot, foreign} {
		if gone(pid) {
			t.Errorf("process %d was killed by the sweep", pid)
		}
	}
	noRecords(t, dir, Ref{"i-recycled", "n", 1}, Ref{"i-boot", "n", 1})
	if live, _, _ := readJournal(foreignDir); len(live) != 1 {
		t.Errorf("the other worker's journal was touched: %v", live)
	}
}

// An attempt that ended on the earlier incarnation but whose result was never
// acknowledged is refused too: its result died with that worker, and running it again
// would repeat its effects.
func TestSweepRefusesAttemptsOfEarlierIncarnation(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	work := filepath.Join(root, "work")
	ref := refN("ended", 3)
	dir := recordAs(t, work, "w1", record{InstanceID: ref.InstanceID, Node: ref.Node, Attempt: ref.Attempt,
		PGID: os.Getpid(), Start: 1, Boot: currentBoot(t)}) // the pgid must not matter once ended
	appendLine(t, dir, opEnd, record{InstanceID: ref.InstanceID, Node: ref.Node, Attempt: ref.Attempt})

	h := newHarness(t, func(c *Config) { c.WorkRoot = work })
	h.run(ref, 1, shell("true"), nil)
	rej := expect[*messages.RunTaskRejected](t, h.master)
	if rej.GetCode() != "conflict" || !strings.Contains(rej.GetMessage(), "never acknowledged") {
		t.Fatalf("got %v", rej)
	}
	noRecords(t, dir, ref)
}

// Two live workers with one name over one work root would sweep each other's tasks: the
// second refuses to run anything.
func TestSecondWorkerWithSameNameRefusesTasks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.run(refN("first", 1), 1, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master) // the first worker holds the lock now
	expect[*messages.TaskFinished](t, h.master)

	twin := h.spawn(h.cfg)
	defer func() { h.sys.Root.StopFuture(twin).Wait() }()
	h.sys.Root.RequestWithCustomSender(twin, runTask(t, refN("twin", 1), 1, shell("true"), nil), h.master.pid)
	rej := expect[*messages.RunTaskRejected](t, h.master)
	if rej.GetCode() != "unavailable" || !strings.Contains(rej.GetMessage(), "another live worker") {
		t.Fatalf("got %v", rej)
	}
}

// A worker of an earlier version kept one file per record. Upgraded after it died, the
// worker still kills the orphans those files name, refuses their attempts and removes them.
func TestSweepReadsLegacyRecordFiles(t *testing.T) {
	t.Parallel()
	work := filepath.Join(t.TempDir(), "work")
	dir := recordsDir(work, "w1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	leader, exited := startGroup(t, "exec sleep 300")
	start, err := processStart(leader)
	if err != nil {
		t.Fatal(err)
	}
	running, ended := refN("legacy-running", 1), refN("legacy-ended", 1)
	files := map[string]record{
		"0123456789abcdef0123456789abcdef.json":  {InstanceID: running.InstanceID, Node: running.Node, Attempt: 1, PGID: leader, Start: start, Boot: currentBoot(t)},
		"fedcba9876543210fedcba9876543210.ended": {InstanceID: ended.InstanceID, Node: ended.Node, Attempt: 1, PGID: os.Getpid(), Start: 1, Boot: currentBoot(t)},
	}
	for name, rec := range files {
		b, _ := json.Marshal(rec)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	h := newHarness(t, func(c *Config) { c.WorkRoot = work })
	for _, ref := range []Ref{running, ended} {
		h.run(ref, 1, shell("true"), nil)
		if rej := expect[*messages.RunTaskRejected](t, h.master); rej.GetCode() != "conflict" || RefOf(rej.GetRef()) != ref {
			t.Fatalf("got %v", rej)
		}
	}
	<-exited // killed by the sweep; the test's own cleanup kill comes later
	for name := range files {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("legacy record %s still there (%v)", name, err)
		}
	}
}
