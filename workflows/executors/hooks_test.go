package executors

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// procPgrp reads the process group of pid from /proc/<pid>/stat.
func procPgrp(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	pgrp, err := strconv.Atoi(f[2]) // state ppid pgrp ...
	if err != nil {
		t.Fatal(err)
	}
	return pgrp
}

// OnStart reports the leader's pid, which is its own process group, while it runs.
func TestOnStartReportsProcessGroupLeader(t *testing.T) {
	t.Parallel()
	x := NewShell(testConfig(t))
	var got []int
	var pgrp int
	var out capture
	tio := TaskIO{Stdout: &out, OnStart: func(pid int) {
		got = append(got, pid)
		pgrp = procPgrp(t, pid) // the process exists until Run has waited for it
	}}
	r := x.Run(context.Background(), shellTask("echo $$"), tio)
	if r.Status != workflows.AttemptSucceeded {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
	want, _ := strconv.Atoi(strings.TrimSpace(out.String()))
	if len(got) != 1 || got[0] != want || pgrp != want {
		t.Fatalf("OnStart calls %v, pgrp %d; the task's pid is %d", got, pgrp, want)
	}
}

// No process, no OnStart.
func TestOnStartNotCalledWhenStartFails(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.Interpreter = []string{"/nonexistent/interpreter"}
	called := false
	r := NewScript(cfg).Run(context.Background(), scriptTask("true"), TaskIO{OnStart: func(int) { called = true }})
	if r.Status != workflows.AttemptFailed || called {
		t.Fatalf("got %s %q, OnStart called: %v", r.Status, r.Message, called)
	}
}

// pdeathHelperEnv makes the test binary act as a short-lived "worker" for the tests below.
const pdeathHelperEnv = "ACTORFLOW_TEST_PDEATH_HELPER"

// TestPdeathHelper is not a test: run by the tests below in a child process, it starts a
// task (with or without ParentDeathSignal) that records its pid, then waits to be killed.
func TestPdeathHelper(t *testing.T) {
	dir := os.Getenv(pdeathHelperEnv)
	if dir == "" {
		t.Skip("helper process only")
	}
	tio := TaskIO{}
	if os.Getenv(pdeathHelperEnv+"_SIG") != "" {
		tio.ParentDeathSignal = syscall.SIGKILL
	}
	x := NewShell(Config{WorkRoot: dir})
	task := shellTask("echo $$ > " + filepath.Join(dir, "tmp.pid") + "; mv " +
		filepath.Join(dir, "tmp.pid") + " " + filepath.Join(dir, "leader.pid") + "; exec sleep 300")
	x.Run(context.Background(), task, tio)
}

// startPdeathHelper runs the helper and returns it with the pid of its task's leader.
func startPdeathHelper(t *testing.T, withSignal bool) (*exec.Cmd, int) {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPdeathHelper$")
	cmd.Env = append(os.Environ(), pdeathHelperEnv+"="+dir)
	if withSignal {
		cmd.Env = append(cmd.Env, pdeathHelperEnv+"_SIG=1")
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, waitFile(t, filepath.Join(dir, "leader.pid"))
}

// With ParentDeathSignal, a SIGKILLed worker takes its task leaders with it.
func TestParentDeathSignalKillsLeader(t *testing.T) {
	t.Parallel()
	cmd, leader := startPdeathHelper(t, true)
	defer syscall.Kill(-leader, syscall.SIGKILL)
	cmd.Process.Kill()
	cmd.Wait()
	waitGone(t, leader)
}

// Without it the leader outlives the worker: the test above is not passing by accident.
// The kernel sends parent-death signals while it reparents the children of the dying
// process, so once the leader has a new parent any such signal is already pending.
func TestWithoutParentDeathSignalLeaderSurvives(t *testing.T) {
	t.Parallel()
	cmd, leader := startPdeathHelper(t, false)
	defer syscall.Kill(-leader, syscall.SIGKILL)
	helper := cmd.Process.Pid
	cmd.Process.Kill()
	cmd.Wait()
	deadline := time.Now().Add(waitLimit)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for procStatus(t, leader)["PPid"] == strconv.Itoa(helper) {
		if time.Now().After(deadline) {
			t.Fatalf("leader %d was never reparented", leader)
		}
		<-tick.C
	}
	st := procStatus(t, leader)
	const sigkillBit = 1 << (syscall.SIGKILL - 1)
	pending := hexMask(t, st["SigPnd"]) | hexMask(t, st["ShdPnd"])
	if strings.HasPrefix(st["State"], "Z") || pending&sigkillBit != 0 {
		t.Fatalf("leader %d was killed without a parent-death signal: %v", leader, st)
	}
}

// procStatus reads /proc/<pid>/status as a map; the process must exist.
func procStatus(t *testing.T, pid int) map[string]string {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatalf("process %d: %v", pid, err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

func hexMask(t *testing.T, s string) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		t.Fatalf("signal mask %q: %v", s, err)
	}
	return v
}
