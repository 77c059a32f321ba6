//go:build linux

package e2e

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// stubbornChild ignores SIGTERM, records its pid in $1, optionally starts another stubborn
// process recording its pid in $2 (a grandchild of the task), and sleeps.
const stubbornChild = `#!/bin/bash
trap '' TERM
echo $$ > "$1"
if [ -n "$2" ]; then "$0" "$2" & fi
exec sleep 300
`

// Killing an instance kills its task's whole process tree, children that ignore SIGTERM
// included.
func TestKillProcessTree(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	child := filepath.Join(dir, "child.sh")
	writeFile(t, child, stubbornChild)
	if err := os.Chmod(child, 0o755); err != nil {
		t.Fatal(err)
	}
	pidFiles := []string{"main", "c1", "g1", "c2", "c3"}
	for i, name := range pidFiles {
		pidFiles[i] = filepath.Join(dir, name+".pid")
	}
	s.add(workflow("tree", "", "",
		`<start name="start" to="spawn"/>`,
		action("spawn", "", fmt.Sprintf(`trap '' TERM
echo $$ > %[2]q
%[1]q %[3]q %[4]q &
%[1]q %[5]q &
%[1]q %[6]q &
wait`, child, pidFiles[0], pidFiles[1], pidFiles[2], pidFiles[3], pidFiles[4]), "end", ""),
		`<end name="end"/>`))

	id := s.trigger("tree")
	eventually(t, 20*time.Second, func() bool {
		for _, f := range pidFiles {
			if !exists(f) {
				return false
			}
		}
		return true
	}, "the task did not start all its processes")
	var pids []int
	for _, f := range pidFiles {
		pid := readPid(t, f)
		if !alive(pid) {
			t.Fatalf("process %d (%s) is not running before the kill", pid, filepath.Base(f))
		}
		pids = append(pids, pid)
	}

	s.cli("instance", "kill", id).expect(t, 0)
	inst := s.waitFor(id, "killed", 20*time.Second)
	t.Logf("killed: %s", describe(&inst))
	if n := nodeOf(t, inst, "spawn"); n.Status != "killed" {
		t.Errorf("spawn is %s, want killed", n.Status)
	}
	eventually(t, 15*time.Second, func() bool {
		for _, pid := range pids {
			if alive(pid) {
				return false
			}
		}
		return true
	}, "processes of the killed task still run: %v", livePids(pids))

	// A finished instance cannot be killed: exit code 4, HTTP 409.
	r := s.cli("instance", "kill", id).expect(t, 4)
	if r.errOut == "" {
		t.Error("killing a finished instance printed no reason")
	}
	err := s.client().KillInstance(ctx(), id)
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusConflict {
		t.Errorf("POST /instances/%s/kill on a killed instance: %v, want HTTP 409", id, err)
	}
}

func livePids(pids []int) []int {
	var out []int
	for _, p := range pids {
		if alive(p) {
			out = append(out, p)
		}
	}
	return out
}

// Triggering a workflow that does not exist: exit code 3, HTTP 404.
func TestTriggerUnknownWorkflow(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	r := s.cli("workflow", "trigger", "no_such_workflow").expect(t, 3)
	if !strings.Contains(r.errOut, "no_such_workflow") {
		t.Errorf("stderr does not name the workflow:\n%s", r.errOut)
	}
	_, err := s.client().TriggerWorkflow(ctx(), "no_such_workflow", apiv1.TriggerRequest{})
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound {
		t.Errorf("POST /workflows/no_such_workflow/trigger: %v, want HTTP 404", err)
	}
	// An unknown instance is not found either.
	s.cli("instance", "kill", "NOSUCHINSTANCE").expect(t, 3)
}

// SIGTERM while a task runs: the server gives it --stop-grace, then kills its whole process
// tree and exits; restarted, it finishes the interrupted instance instead of leaving it
// running forever.
func TestGracefulStopKillsTasks(t *testing.T) {
	t.Parallel()
	s := startServer(t) // --stop-grace 2s --kill-grace 1s
	dir := t.TempDir()
	child := filepath.Join(dir, "child.sh")
	writeFile(t, child, stubbornChild)
	if err := os.Chmod(child, 0o755); err != nil {
		t.Fatal(err)
	}
	mainPid, c1, g1 := filepath.Join(dir, "main.pid"), filepath.Join(dir, "c1.pid"), filepath.Join(dir, "g1.pid")
	s.add(workflow("stubborn", "", "",
		`<start name="start" to="spawn"/>`,
		action("spawn", "", fmt.Sprintf(`trap '' TERM
echo $$ > %q
%q %q %q &
wait`, mainPid, child, c1, g1), "end", ""),
		`<end name="end"/>`))
	id := s.trigger("stubborn")
	eventually(t, 20*time.Second, func() bool { return exists(mainPid) && exists(c1) && exists(g1) },
		"the task did not start its processes")
	pids := []int{readPid(t, mainPid), readPid(t, c1), readPid(t, g1)}

	began := time.Now()
	if !s.stop() {
		t.Fatal("the server did not stop on SIGTERM")
	}
	if took := time.Since(began); took > 15*time.Second {
		t.Errorf("stopping took %s with --stop-grace 2s --kill-grace 1s", took)
	}
	if live := livePids(pids); len(live) > 0 {
		t.Errorf("task processes %v outlived the graceful stop", live)
	}

	s.start()
	inst := s.wait(id, 30*time.Second)
	t.Logf("after the restart: %s", describe(&inst))
	if inst.Status == "succeeded" {
		t.Errorf("the instance whose task was killed at shutdown succeeded: %s", describe(&inst))
	}
}
