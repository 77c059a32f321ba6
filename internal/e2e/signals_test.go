package e2e

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A second SIGTERM during a graceful stop kills the running tasks, children included, instead
// of leaving them behind: the stop grace here is long, so only the second signal can end the
// task in time.
func TestSecondSignalKillsTasks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	child := filepath.Join(dir, "child.pid")
	s := startServer(t, withArgs("--stop-grace", "10m"))
	s.add(`<work-flow name="sig">
  <start name="start" to="a"/>
  <action name="a"><script><code>sleep 600 &amp; echo $! > ` + child + `
wait</code></script><ok to="end"/></action>
  <end name="end"/>
</work-flow>`)
	s.trigger("sig")
	pid := readPid(t, child)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The first signal starts the graceful stop; the task keeps running during the grace.
	consistently(t, 300*time.Millisecond, func() bool { return alive(pid) }, "task child alive during the grace period")
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, s.exited, "server exits after the second signal")
	eventually(t, 5*time.Second, func() bool { return !alive(pid) }, "task child %d gone", pid)
}
