package raftfsm

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows/store"
)

const childEnv = "RAFTFSM_CRASH_CHILD_DIR"

// TestSIGKILLLosesNothingCommitted runs a controller in a child process that creates
// instances through raft and reports each one once Apply returned (committed and applied),
// kills it with SIGKILL mid-stream, restarts from the same directory and checks that every
// reported instance is there. The FSM store runs without fsync and is not closed, so this is
// the argument for NoSync: the state comes back from the raft snapshot and log.
func TestSIGKILLLosesNothingCommitted(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("running as the child")
	}
	if testing.Short() {
		t.Skip("spawns a process")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	const killAfter = 150 // past the child's snapshot at 60, so both paths are exercised
	last := -1
	lines := bufio.NewScanner(out)
	for last < killAfter && lines.Scan() {
		if n, ok := strings.CutPrefix(lines.Text(), "committed "); ok {
			if last, err = strconv.Atoi(n); err != nil {
				t.Fatalf("child said %q", lines.Text())
			}
		}
	}
	if last < killAfter {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child stopped after %d commits: %v", last, lines.Err())
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no Close, no flush
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, StoreFile+".unclean")); err != nil {
		t.Fatalf("the killed child left no unclean marker: %v", err)
	}
	if snaps, _ := os.ReadDir(filepath.Join(dir, "snapshots")); len(snaps) == 0 {
		t.Fatal("the child took no snapshot; the restart would not exercise Restore")
	}

	c := openController(t, dir)
	for i := 0; i <= last; i++ {
		if _, ok, err := c.store.Instance(instanceID(i)); err != nil || !ok {
			t.Fatalf("instance %d was reported committed but is missing after the restart (ok %v, err %v)", i, ok, err)
		}
	}
	_, total, _ := c.store.Instances(store.InstanceQuery{Limit: 1})
	t.Logf("killed after %d reported commits; %d instances after restart", last+1, total)
	if total < last+1 || total > last+2 {
		// At most one more: the create in flight when the child died may have committed.
		t.Errorf("total %d after restart, want %d or %d", total, last+1, last+2)
	}
}

// TestCrashChild is the child process of TestSIGKILLLosesNothingCommitted.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(childEnv)
	if dir == "" {
		t.Skip("only runs as the child of TestSIGKILLLosesNothingCommitted")
	}
	c := openController(t, dir)
	for i := 0; ; i++ {
		if err := c.log.Apply(context.Background(), createCmd(instanceID(i), "wf")); err != nil {
			t.Fatalf("Apply %d: %v", i, err)
		}
		fmt.Printf("committed %d\n", i) // unbuffered: the parent sees it at once
		if i == 60 {
			if err := c.g.Snapshot(); err != nil {
				t.Fatalf("Snapshot: %v", err)
			}
		}
	}
}
