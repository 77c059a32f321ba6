//go:build linux

package e2e

import (
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// A fresh installation has no workflows yet: the server must become ready with an empty
// xmlconfig directory, and load files dropped in later.
func TestEmptyXMLConfigBecomesReady(t *testing.T) {
	t.Parallel()
	s := startServer(t, withEmptyXMLConfig(), withReadyTimeout(15*time.Second))
	l, err := s.client().ListWorkflows(ctx(), client.WorkflowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != 0 {
		t.Errorf("an empty xmlconfig directory loaded %d workflows", l.Total)
	}
	s.drop("late.xml", workflow("late", "", "", `<start name="start" to="end"/>`, `<end name="end"/>`))
	s.waitFor(s.trigger("late"), "succeeded", 30*time.Second)
}
