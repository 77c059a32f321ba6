//go:build linux

package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// instance-limit="1": of three triggered instances one runs and two wait (prep); released,
// they complete in the order they were created.
func TestInstanceLimitQueue(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	trace, release := filepath.Join(dir, "trace"), filepath.Join(dir, "release")
	s.add(workflow("limited", `instance-limit="1"`, "",
		`<start name="start" to="block"/>`,
		action("block", "", fmt.Sprintf(`echo "start $ACTORFLOW_INSTANCE_ID" >> %[1]q
%[2]s
echo "end $ACTORFLOW_INSTANCE_ID" >> %[1]q`, trace, waitScript(release)), "end", ""),
		`<end name="end"/>`))

	ids := []string{s.trigger("limited"), s.trigger("limited"), s.trigger("limited")}
	s.waitStatus(ids[0], "running", 20*time.Second)
	eventually(t, 20*time.Second, func() bool { return count(t, trace, "start "+ids[0]) == 1 },
		"the first instance's task did not start")
	// The other two stay queued while the first blocks.
	consistently(t, time.Second, func() bool {
		return s.instance(ids[1]).Status == "prep" && s.instance(ids[2]).Status == "prep" &&
			len(lines(t, trace)) == 1
	}, "an instance beyond the limit left the queue: %s / %s, trace %v",
		s.instance(ids[1]).Status, s.instance(ids[2]).Status, lines(t, trace))
	queued, err := s.client().ListInstances(ctx(), client.InstanceFilter{Workflow: "limited", Status: "prep"})
	if err != nil {
		t.Fatal(err)
	}
	if queued.Total != 2 {
		t.Errorf("GET /instances?status=prep: %d, want 2", queued.Total)
	}
	running, err := s.client().ListInstances(ctx(), client.InstanceFilter{Workflow: "limited", Status: "running"})
	if err != nil {
		t.Fatal(err)
	}
	if running.Total != 1 || running.Items[0].ID != ids[0] {
		t.Errorf("GET /instances?status=running: %+v, want only %s", running.Items, ids[0])
	}

	touch(t, release)
	for _, id := range ids {
		s.waitFor(id, "succeeded", 30*time.Second)
	}
	var want []string
	for _, id := range ids {
		want = append(want, "start "+id, "end "+id)
	}
	if got := lines(t, trace); !slices.Equal(got, want) {
		t.Errorf("execution order %v, want FIFO %v", got, want)
	}
	for i := 1; i < len(ids); i++ {
		prev, cur := s.instance(ids[i-1]), s.instance(ids[i])
		if cur.Started.Time.Before(prev.Ended.Time) {
			t.Errorf("instance %d started (%v) before instance %d ended (%v)", i+1, cur.Started, i, prev.Ended)
		}
	}
}
