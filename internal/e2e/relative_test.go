package e2e

import (
	"path/filepath"
	"testing"
	"time"
)

// A server started with relative --home and --xmlconfig runs script tasks: tasks run in
// their own working directories, so the paths handed to them must be absolute.
func TestRelativeHomeRunsScripts(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	s := startServer(t, withCwd(base), withHome(filepath.Join(base, "home")),
		withXMLConfig(filepath.Join(base, "xmlconfig")))
	s.add(`<work-flow name="rel">
  <start name="start" to="a"/>
  <action name="a"><script><code>echo hi from a relative home</code></script><ok to="end"/></action>
  <end name="end"/>
</work-flow>`)
	id := s.trigger("rel")
	if inst := s.wait(id, 30*time.Second); inst.Status != "succeeded" {
		t.Fatalf("instance: %s", describe(&inst))
	}
}
