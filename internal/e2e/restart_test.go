//go:build linux

package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// A server SIGKILLed while a task runs and another instance waits in the queue, restarted on
// the same home: the interrupted attempt is lost and retried, its orphaned processes are
// swept before anything runs again, finished nodes are not re-run, and the queued instance
// still runs.
func TestRestartRecovery(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	trace, release := filepath.Join(dir, "trace"), filepath.Join(dir, "release")
	mark := func(what string) string {
		return fmt.Sprintf(`echo "%s $ACTORFLOW_INSTANCE_ID $ACTORFLOW_NODE $ACTORFLOW_ATTEMPT" >> %q`, what, trace)
	}
	// b's waiting runs in a subshell, which outlives b's main process when the server dies: if
	// the orphan sweep missed it, it would write "end … b 1" once released.
	s.drop("recover.xml", workflow("recover", `instance-limit="1"`, "",
		`<start name="start" to="a"/>`,
		action("a", "", mark("start")+"\n"+mark("end"), "b", ""),
		action("b", `retry-times="1"`, mark("start")+fmt.Sprintf(`
(
  %s
  %s
) &
echo $! > %q/waiter-$ACTORFLOW_INSTANCE_ID-$ACTORFLOW_ATTEMPT
wait $!`, waitScript(release), mark("end"), dir), "c", ""),
		action("c", "", mark("start")+"\n"+mark("end"), "end", ""),
		`<end name="end"/>`))

	first, second := s.trigger("recover"), s.trigger("recover")
	waiter := filepath.Join(dir, "waiter-"+first+"-1")
	eventually(t, 20*time.Second, func() bool { return exists(waiter) },
		"b of the first instance did not start")
	if st := s.instance(second).Status; st != "prep" {
		t.Fatalf("the second instance is %s, want prep (queued behind the first)", st)
	}
	orphan := readPid(t, waiter)

	s.crash()
	if !alive(orphan) {
		t.Fatalf("b's waiting subshell %d died with the server; the test cannot show the sweep", orphan)
	}
	s.start()

	eventually(t, 20*time.Second, func() bool { return !alive(orphan) },
		"the orphan %d of the interrupted attempt survived the restart", orphan)
	eventually(t, 30*time.Second, func() bool { return count(t, trace, "start "+first+" b 2") == 1 },
		"b was not retried after the restart: %v", lines(t, trace))
	inst := s.instance(first)
	b := nodeOf(t, inst, "b")
	if len(b.AttemptList) != 2 || b.AttemptList[0].Status != "lost" {
		t.Errorf("b's attempts after the restart: %s; want attempt 1 lost and attempt 2", describe(&inst))
	}

	touch(t, release)
	inst = s.waitFor(first, "succeeded", 30*time.Second)
	if b := nodeOf(t, inst, "b"); b.Attempts != 2 || b.AttemptList[1].Status != "succeeded" {
		t.Errorf("b: %s", describe(&inst))
	}
	s.waitFor(second, "succeeded", 30*time.Second)

	want := []string{
		"start FIRST a 1", "end FIRST a 1",
		"start FIRST b 1",
		"start FIRST b 2", "end FIRST b 2",
		"start FIRST c 1", "end FIRST c 1",
		"start SECOND a 1", "end SECOND a 1",
		"start SECOND b 1", "end SECOND b 1",
		"start SECOND c 1", "end SECOND c 1",
	}
	for i := range want {
		want[i] = strings.NewReplacer("FIRST", first, "SECOND", second).Replace(want[i])
	}
	if got := lines(t, trace); !slices.Equal(got, want) {
		t.Errorf("executions:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
