//go:build linux

package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// enableFlow drops an upstream (manual only) and a downstream whose coordinator depends on it.
func enableFlow(t *testing.T, s *server) {
	t.Helper()
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
}

func (s *server) enabled(name string) bool {
	s.t.Helper()
	wf, err := s.client().GetWorkflow(ctx(), name)
	if err != nil {
		s.t.Fatalf("GET /api/v1/workflows/%s: %v", name, err)
	}
	return wf.Enabled
}

// upThenDowns triggers the upstream, waits for its success and returns the downstream's
// instances. The downstream's fire, when there is one, is committed together with the
// upstream's success, so it is listed as soon as that success is.
func (s *server) upThenDowns() int {
	s.t.Helper()
	s.waitFor(s.trigger("up"), "succeeded", 30*time.Second)
	return len(s.instancesOf("down"))
}

// `workflow disable` stops a dependency coordinator from firing (a manual trigger still
// runs it), the switch survives a restart (with the initial scan re-reading its file), and
// `workflow enable` lets it fire again. Refusals exit with the code of their cause.
func TestEnableDisableSurvivesRestart(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	enableFlow(t, s)
	if !s.enabled("down") {
		t.Fatal("down is not enabled before the switch")
	}

	if r := s.cli("workflow", "disable", "down").expect(t, 0); strings.TrimSpace(r.out) != "disabled workflow down" {
		t.Errorf("disable printed %q", r.out)
	}
	if s.enabled("down") {
		t.Fatal("down is still enabled after `workflow disable`")
	}
	if n := s.upThenDowns(); n != 0 {
		t.Fatalf("the disabled downstream fired: %d instances", n)
	}
	manual := s.trigger("down")
	s.waitFor(manual, "succeeded", 30*time.Second)

	if !s.stop() {
		t.Fatal("the server did not stop on SIGTERM")
	}
	s.start()
	if s.enabled("down") {
		t.Fatal("down is enabled again after a restart")
	}
	if n := s.upThenDowns(); n != 1 {
		t.Fatalf("after the restart the disabled downstream fired: %d instances, want the manual one", n)
	}

	// Switched on, it keeps the flag the upstream's success set while it was off, so it fires
	// at once (committed with the switch), then again for the next success.
	s.cli("workflow", "enable", "down").expect(t, 0)
	if !s.enabled("down") {
		t.Fatal("down is not enabled after `workflow enable`")
	}
	if n := len(s.instancesOf("down")); n != 2 {
		t.Fatalf("switched on with its dependency satisfied, down has %d instances, want 2", n)
	}
	if n := s.upThenDowns(); n != 3 {
		t.Fatalf("the enabled downstream has %d instances after the upstream succeeded, want 3", n)
	}
	for _, in := range s.instancesOf("down") {
		if in.ID != manual && in.Trigger != "schedule" {
			t.Errorf("downstream instance %s was started by %s, want schedule", in.ID, in.Trigger)
		}
		s.waitFor(in.ID, "succeeded", 30*time.Second)
	}

	// up's XML disables its coordinator: enabling it is a conflict; an unknown name is not found.
	if r := s.cli("workflow", "enable", "up").expect(t, 4); !strings.Contains(r.errOut, `is-enabled="false"`) {
		t.Errorf("enable of an XML-disabled coordinator said %q", r.errOut)
	}
	if r := s.cli("workflow", "disable", "nosuch").expect(t, 3); !strings.Contains(r.errOut, "nosuch") {
		t.Errorf("disable of an unknown workflow said %q", r.errOut)
	}
}

// The workflows view's enabled box switches the coordinator after a confirmation, and shows
// the server's state once it is done.
func TestEnableToggleInTheUI(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	enableFlow(t, s)
	box := `input.enabled-toggle[data-workflow="down"]`
	b.do("workflows", 30*time.Second, chromedp.Navigate(s.url()+"/ui/workflows?q=down"), ready(), visible(box+":checked"))

	// Cancelling the dialog changes nothing.
	b.do("cancel", 30*time.Second, click(box), visible(`#modal-cancel`), click(`#modal-cancel`), visible(box+":checked"))
	if !s.enabled("down") {
		t.Fatal("down was disabled although the dialog was cancelled")
	}

	b.do("disable", 30*time.Second, click(box), visible(`#modal-ok`), click(`#modal-ok`),
		ready(), visible(box+":not(:checked)"))
	eventually(t, 10*time.Second, func() bool { return !s.enabled("down") }, "the UI's toggle did not disable down")
	b.screenshot("workflows-disabled")

	b.do("enable", 30*time.Second, click(box), visible(`#modal-ok`), click(`#modal-ok`),
		ready(), visible(box+":checked"))
	eventually(t, 10*time.Second, func() bool { return s.enabled("down") }, "the UI's toggle did not enable down")
}
