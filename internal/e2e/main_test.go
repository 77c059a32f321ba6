//go:build linux

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// actorflowBin is the binary every test runs, built once by TestMain.
var actorflowBin string

// repoRoot is the module root (the sbin scripts live there).
var repoRoot string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	// A developer's own settings must not reach the servers or the CLI the tests start; the
	// variables that configure the tests themselves stay (see testSetting).
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "ACTORFLOW_") && !testSetting(k) {
			os.Unsetenv(k)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	repoRoot = root
	dir, err := os.MkdirTemp("", "actorflow-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	actorflowBin = filepath.Join(dir, "actorflow")
	build := exec.Command("go", "build", "-o", actorflowBin, "./cmd/actorflow")
	build.Dir = repoRoot
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building the actorflow binary:", err)
		return 1
	}
	return m.Run()
}

// testSetting reports whether an ACTORFLOW_* variable configures the tests rather than
// actorflow: ACTORFLOW_TEST_* (the real servers' and Chromium's locations, read by
// internal/testenv) and ACTORFLOW_UI_SCREENSHOTS (where the UI tests save screenshots). No
// actorflow command reads them, so leaving them to the servers and the CLI changes nothing.
func testSetting(name string) bool {
	return strings.HasPrefix(name, "ACTORFLOW_TEST_") || name == "ACTORFLOW_UI_SCREENSHOTS"
}
