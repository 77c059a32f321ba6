//go:build linux

package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// rerun --from-failed skips the nodes that succeeded (status skipped, not executed again)
// and runs the failed one.
func TestRerunFromFailed(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	trace, marker := filepath.Join(dir, "trace"), filepath.Join(dir, "b-failed-once")
	s.add(workflow("rerun", "", "",
		`<start name="start" to="a"/>`,
		action("a", "", fmt.Sprintf(`echo a >> %q`, trace), "b", ""),
		action("b", "", fmt.Sprintf(`echo b >> %[1]q
if [ ! -e %[2]q ]; then touch %[2]q; echo "first run fails" >&2; exit 1; fi`, trace, marker), "end", ""),
		`<end name="end"/>`))

	first := s.trigger("rerun")
	inst := s.waitFor(first, "failed", 30*time.Second)
	if n := nodeOf(t, inst, "b"); n.Status != "failed" {
		t.Fatalf("b is %s on the first run, want failed", n.Status)
	}

	second := s.cli("instance", "rerun", "--from-failed", first).expect(t, 0).id(t)
	inst = s.waitFor(second, "succeeded", 30*time.Second)
	if n := nodeOf(t, inst, "a"); n.Status != "skipped" {
		t.Errorf("a is %s on the rerun, want skipped", n.Status)
	}
	if n := nodeOf(t, inst, "b"); n.Status != "succeeded" {
		t.Errorf("b is %s on the rerun, want succeeded", n.Status)
	}
	if got := lines(t, trace); !slices.Equal(got, []string{"a", "b", "b"}) {
		t.Errorf("executions %v, want [a b b]: a must not run again", got)
	}
}
