//go:build linux

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// A file that stops parsing is reported with file:line:col, and the definition it loaded
// before keeps working.
func TestMalformedXMLKeepsPreviousDefinition(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	trace := filepath.Join(t.TempDir(), "trace")
	version := func(v string) string {
		return workflow("faulty", "", "",
			`<start name="start" to="work"/>`,
			action("work", "", fmt.Sprintf("echo %s >> %q", v, trace), "end", ""),
			`<end name="end"/>`)
	}
	s.drop("faulty.xml", version("v1"))
	s.waitFor(s.trigger("faulty"), "succeeded", 30*time.Second)

	// Version 2 loses the closing tag of its end node's parent: not well-formed XML.
	broken := strings.Replace(version("v2"), "</work-flow>", "", 1)
	writeFile(t, filepath.Join(s.xml, "faulty.xml"), broken)
	eventually(t, 20*time.Second, func() bool { return s.xmlFile("faulty.xml").Status == "error" },
		"the broken file is not shown as an error: %+v", s.xmlFile("faulty.xml"))
	f := s.xmlFile("faulty.xml")
	if len(f.Errors) == 0 {
		t.Fatalf("GET /api/v1/xmlconfig: the broken file has no errors: %+v", f)
	}
	e := f.Errors[0]
	t.Logf("xmlconfig: %s %s: %+v", f.Path, f.Status, f.Errors)
	if e.Line <= 0 || e.Col <= 0 || !strings.HasSuffix(e.File, "faulty.xml") && !strings.HasSuffix(f.Path, "faulty.xml") {
		t.Errorf("error %+v does not locate the problem as file:line:col", e)
	}
	files := s.cli("workflow", "files").expect(t, 0)
	if loc := fmt.Sprintf("faulty.xml:%d:%d", e.Line, e.Col); !strings.Contains(files.out+files.errOut, loc) {
		t.Errorf("`workflow files` does not show %s:\n%s%s", loc, files.out, files.errOut)
	}

	// The previous version still triggers and runs.
	s.waitFor(s.trigger("faulty"), "succeeded", 30*time.Second)
	if got := lines(t, trace); !slices.Equal(got, []string{"v1", "v1"}) {
		t.Errorf("executions %v, want [v1 v1]: the broken version must not replace the loaded one", got)
	}
}

// rssBytes is a process's resident set size (VmRSS).
func rssBytes(t testing.TB, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^VmRSS:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no VmRSS in /proc/%d/status", pid)
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return kb << 10
}

// A task printing 200 MB succeeds; its log is capped (head and tail with a marker between)
// and the server's memory stays bounded.
func TestHugeOutputIsCapped(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	const total = 200_000_000
	s.add(workflow("huge", "", "",
		`<start name="start" to="flood"/>`,
		action("flood", "", fmt.Sprintf(`head -c %d /dev/zero | tr '\0' x`, total), "end", ""),
		`<end name="end"/>`))

	id := s.trigger("huge")
	var maxRSS int64
	eventually(t, 90*time.Second, func() bool {
		maxRSS = max(maxRSS, rssBytes(t, s.pid()))
		return terminal(s.instance(id).Status)
	}, "the instance did not finish")
	inst := s.waitFor(id, "succeeded", time.Second)
	maxRSS = max(maxRSS, rssBytes(t, s.pid()))
	if maxRSS >= 300<<20 {
		t.Errorf("server RSS reached %d MB, want < 300 MB", maxRSS>>20)
	}
	t.Logf("%s: server RSS peaked at %d MB", describe(&inst), maxRSS>>20)

	r, err := s.client().InstanceLog(ctx(), id, client.LogOptions{Node: "flood"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	const limit = 2 * 16 << 20 // per-stream cap of 16 MiB, for stdout and stderr
	log, err := io.ReadAll(io.LimitReader(r, limit+1<<20))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the log of flood has %d bytes", len(log))
	if len(log) > limit+64<<10 {
		t.Errorf("the log has %d bytes, want at most 2×16 MiB plus the marker", len(log))
	}
	if !bytes.Contains(log, []byte("bytes cut")) {
		t.Errorf("the log has no \"bytes cut\" marker")
	}
	if want := fmt.Sprintf("the output was %d bytes", total); !bytes.Contains(log, []byte(want)) {
		t.Errorf("the marker does not say %q", want)
	}
	if xs := bytes.Count(log, []byte("x")); xs < 1<<20 {
		t.Errorf("the log keeps only %d bytes of the output", xs)
	}
}

// An attempt whose working directory cannot be created fails with a message saying so. A file
// is put where node b's directory (<home>/work/<instance>/<node>/<attempt>) must go while node
// a still runs.
func TestWorkdirCannotBeCreated(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	release := filepath.Join(t.TempDir(), "release")
	s.add(workflow("nowork", "", "",
		`<start name="start" to="a"/>`,
		action("a", "", waitScript(release), "b", ""),
		action("b", "", "echo should not run", "end", ""),
		`<end name="end"/>`))

	id := s.trigger("nowork")
	instDir := filepath.Join(s.home, "work", id)
	eventually(t, 20*time.Second, func() bool { return exists(filepath.Join(instDir, "a")) },
		"node a's working directory %s/a did not appear", instDir)
	writeFile(t, filepath.Join(instDir, "b"), "a file where a directory must go\n")
	touch(t, release)

	inst := s.waitFor(id, "failed", 30*time.Second)
	b := nodeOf(t, inst, "b")
	if b.Status != "failed" || len(b.AttemptList) != 1 {
		t.Fatalf("b: %s", describe(&inst))
	}
	if msg := b.AttemptList[0].Message; !strings.Contains(msg, "cannot create working directory") {
		t.Errorf("b's attempt message %q does not say the working directory could not be created", msg)
	}
}

// secondServer runs another `actorflow standalone` on home and returns its exit code, output
// and how long it ran. It fails the test if the process is still running after 20s.
func secondServer(t *testing.T, home, xml string) (int, string, time.Duration) {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(c, actorflowBin, "standalone", "--home", home, "--xmlconfig", xml,
		"--http", "127.0.0.1:0", "--raft-addr", "127.0.0.1:0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if c.Err() != nil {
		t.Fatalf("a second server on the same home did not exit within 20s (killed); output:\n%s", out.String())
	}
	code := 0
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), took
}

// A second server on a home another one uses exits at once, non-zero, saying the state is
// locked; the first keeps working.
func TestSecondServerOnLockedHome(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	code, out, took := secondServer(t, s.home, s.xml)
	if code == 0 {
		t.Errorf("the second server exited 0; output:\n%s", out)
	}
	if took > 10*time.Second {
		t.Errorf("the second server took %s to give up", took)
	}
	if l := strings.ToLower(out); !strings.Contains(l, "lock") && !strings.Contains(l, "in use") {
		t.Errorf("the second server does not say the state is locked or in use:\n%s", out)
	}
	t.Logf("the second server exited %d after %s:\n%s", code, took.Round(time.Millisecond), out)
	if s.exited() {
		t.Fatal("the first server exited")
	}
	s.add(workflow("still", "", "", `<start name="start" to="end"/>`, `<end name="end"/>`))
	s.waitFor(s.trigger("still"), "succeeded", 30*time.Second)
}

// A second server refused because the home is in use must leave the running server's files
// alone: <home>/http.addr is how scripts and tools find the running server.
func TestSecondServerKeepsHTTPAddrFile(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	addrFile := filepath.Join(s.home, "http.addr")
	before, err := os.ReadFile(addrFile)
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := secondServer(t, s.home, s.xml)
	if code == 0 {
		t.Fatalf("the second server exited 0; output:\n%s", out)
	}
	after, err := os.ReadFile(addrFile)
	if err != nil {
		t.Fatalf("http.addr of the running server: %v", err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("the refused second server rewrote %s: %q, was %q (the running server listens on %s)",
			addrFile, strings.TrimSpace(string(after)), strings.TrimSpace(string(before)), s.url())
	}
}
