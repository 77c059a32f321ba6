package worker

import (
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

// recordAs writes a record the way a running attempt of worker name would have.
func recordAs(t *testing.T, workRoot, name string, rec record) string {
	t.Helper()
	dir := recordsDir(workRoot, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := recordPath(dir, rec.ref())
	if err := writeRecord(path, rec); err != nil {
		t.Fatal(err)
	}
	return path
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
	recA := recordAs(t, work, "w1", record{InstanceID: refA.InstanceID, Node: refA.Node, Attempt: refA.Attempt, PGID: leaderA, Start: startA, Boot: boot})
	recB := recordAs(t, work, "w1", record{InstanceID: refB.InstanceID, Node: refB.Node, Attempt: refB.Attempt, PGID: leaderB, Start: startB, Boot: boot})

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
	for _, p := range []string{recA, recB} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("record %s still there after the sweep (%v)", p, err)
		}
	}

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
	recA := recordAs(t, work, "w1", record{InstanceID: "i-recycled", Node: "n", Attempt: 1, PGID: recycled, Start: start - 1, Boot: boot})
	otherBoot, _ := startGroup(t, "exec sleep 300")
	startOther, err := processStart(otherBoot)
	if err != nil {
		t.Fatal(err)
	}
	recB := recordAs(t, work, "w1", record{InstanceID: "i-boot", Node: "n", Attempt: 1, PGID: otherBoot, Start: startOther, Boot: "another-boot"})
	// A record of another worker sharing the work root is not this worker's business.
	foreign, _ := startGroup(t, "exec sleep 300")
	startForeign, err := processStart(foreign)
	if err != nil {
		t.Fatal(err)
	}
	recordAs(t, work, "w2", record{InstanceID: "i-foreign", Node: "n", Attempt: 1, PGID: foreign, Start: startForeign, Boot: boot})

	h := newHarness(t, func(c *Config) { c.WorkRoot = work })
	h.run(refN("after-sweep", 1), 1, shell("true"), nil)
	expect[*messages.TaskStarted](t, h.master)
	for _, pid := range []int{recycled, otherBoot, foreign} {
		if gone(pid) {
			t.Errorf("process %d was killed by the sweep", pid)
		}
	}
	for _, p := range []string{recA, recB} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("record %s still there after the sweep (%v)", p, err)
		}
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
	path := recordAs(t, work, "w1", record{InstanceID: ref.InstanceID, Node: ref.Node, Attempt: ref.Attempt,
		PGID: os.Getpid(), Start: 1, Boot: currentBoot(t)}) // the pgid must not matter once ended
	if err := markEnded(path); err != nil {
		t.Fatal(err)
	}

	h := newHarness(t, func(c *Config) { c.WorkRoot = work })
	h.run(ref, 1, shell("true"), nil)
	rej := expect[*messages.RunTaskRejected](t, h.master)
	if rej.GetCode() != "conflict" || !strings.Contains(rej.GetMessage(), "never acknowledged") {
		t.Fatalf("got %v", rej)
	}
	if _, err := os.Stat(endedPath(path)); !os.IsNotExist(err) {
		t.Fatalf("the ended record is still there: %v", err)
	}
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
