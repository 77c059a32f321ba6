//go:build linux

package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// A downstream workflow whose coordinator only depends on an upstream fires once for each
// triggered, successful upstream instance; a `run` of the upstream does not count.
func TestDependencyTrigger(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	trace := filepath.Join(t.TempDir(), "trace")
	s.drop("up.xml", workflow("up", "", "",
		`<start name="start" to="produce"/>`,
		action("produce", "", fmt.Sprintf("echo up >> %q", trace), "end", ""),
		`<end name="end"/>`))
	s.drop("down.xml", workflow("down", "",
		`<coordinator><depend-list><workflow name="up"/></depend-list></coordinator>`,
		`<start name="start" to="consume"/>`,
		action("consume", "", fmt.Sprintf("echo down >> %q", trace), "end", ""),
		`<end name="end"/>`))

	// An ad-hoc run of the upstream satisfies nothing downstream.
	run := s.cli("workflow", "run", "up").expect(t, 0).id(t)
	s.waitFor(run, "succeeded", 30*time.Second)
	consistently(t, 2*time.Second, func() bool { return len(s.instancesOf("down")) == 0 },
		"a run of the upstream fired the downstream: %+v", s.instancesOf("down"))

	// A trigger does, once it succeeded.
	trig := s.trigger("up")
	s.waitFor(trig, "succeeded", 30*time.Second)
	eventually(t, 15*time.Second, func() bool { return len(s.instancesOf("down")) > 0 },
		"the downstream did not fire after the upstream's triggered instance succeeded")
	down := s.instancesOf("down")[0]
	s.waitFor(down.ID, "succeeded", 30*time.Second)
	consistently(t, 2*time.Second, func() bool { return len(s.instancesOf("down")) == 1 },
		"the downstream fired more than once: %+v", s.instancesOf("down"))

	// The flag was consumed by the fire: the next triggered success fires it once more.
	s.waitFor(s.trigger("up"), "succeeded", 30*time.Second)
	eventually(t, 15*time.Second, func() bool { return len(s.instancesOf("down")) == 2 },
		"the downstream did not fire for the second triggered upstream instance")
	for _, d := range s.instancesOf("down") {
		s.waitFor(d.ID, "succeeded", 30*time.Second)
	}
	consistently(t, 2*time.Second, func() bool { return len(s.instancesOf("down")) == 2 },
		"the downstream fired more than once for the second upstream instance: %+v", s.instancesOf("down"))

	if got := lines(t, trace); !slices.Equal(got, []string{"up", "up", "down", "up", "down"}) {
		t.Errorf("executions %v, want [up up down up down]", got)
	}
}
