//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// The sbin scripts are tested here, from Go, so `go test ./...` covers them: shellcheck when
// it is installed, and their behaviour with a fake actorflow binary (a small bash script) and
// an httptest server standing in for /readyz. Each test has its own ACTORFLOW_HOME and server,
// so they run in parallel; none of them touches cli/v2.

func sbinDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../sbin")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSbinScripts(t *testing.T) {
	t.Parallel()
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed; the sbin scripts were not linted")
	}
	dir := sbinDir(t)
	scripts := []string{"start-cluster", "stop-cluster", "standalone-startup", "akka", "lib/common.sh"}
	cmd := exec.Command(shellcheck, append([]string{"-x"}, scripts...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("shellcheck: %v\n%s", err, out)
	}
}

// needBash skips where the scripts cannot run.
func needBash(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the sbin behaviour tests read /proc")
	}
	for _, tool := range []string{"bash", "ps", "tail"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

// fakeBin writes an executable bash script standing in for actorflow.
func fakeBin(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "actorflow")
	if err := os.WriteFile(p, []byte("#!/usr/bin/env bash\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// fakeUp starts the first line a long-running fake writes; see newNode.
const fakeUp = "fake actorflow: "

// sleeper runs until SIGTERM, saying what it was started with.
const sleeper = `echo "fake actorflow: $*"
trap 'echo "fake actorflow: got TERM"; kill "$child" 2>/dev/null; exit 0' TERM
sleep 300 & child=$!
wait "$child"
`

// scriptRun is one script's outcome.
type scriptRun struct {
	code        int
	out, errOut string
}

// runScript runs sbin/<name> with env on top of the environment minus ACTORFLOW_* settings.
func runScript(t *testing.T, env []string, name string, args ...string) scriptRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(sbinDir(t), name), args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ACTORFLOW_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return scriptRun{code: code, out: out.String(), errOut: errOut.String()}
}

func (r scriptRun) expect(t *testing.T, code int) scriptRun {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.out, r.errOut)
	}
	return r
}

// node is one test's ACTORFLOW_HOME with a fake /readyz.
type node struct {
	home, xml, addr string
	ready           atomic.Int32 // the status /readyz answers
	env             []string
}

func newNode(t *testing.T, bin string) *node {
	t.Helper()
	n := &node{home: t.TempDir(), xml: filepath.Join(t.TempDir(), "xmlconfig")}
	n.ready.Store(http.StatusOK)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			return
		}
		// Like a real node, the fake is ready only once its process is up: it has said so in
		// its log. Otherwise start-cluster could return before the fake wrote a line.
		status := int(n.ready.Load())
		if log, _ := os.ReadFile(n.logFile()); !bytes.Contains(log, []byte(fakeUp)) {
			status = http.StatusServiceUnavailable
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	n.addr = srv.Listener.Addr().String()
	n.env = []string{"ACTORFLOW_HOME=" + n.home, "ACTORFLOW_XMLCONFIG=" + n.xml, "ACTORFLOW_HTTP_ADDR=" + n.addr,
		"ACTORFLOW_BIN=" + bin, "ACTORFLOW_CONF_DIR=" + filepath.Join(n.home, "conf"), "ACTORFLOW_STOP_GRACE=10"}
	t.Cleanup(func() { n.killLeftover(t) })
	return n
}

func (n *node) pidFile() string { return filepath.Join(n.home, "run", "standalone.pid") }
func (n *node) logFile() string { return filepath.Join(n.home, "logs", "standalone.log") }

func (n *node) pid(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile(n.pidFile())
	if err != nil {
		t.Fatalf("no pid file: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file holds %q", b)
	}
	return pid
}

// killLeftover ends a fake a failed test left running.
func (n *node) killLeftover(t *testing.T) {
	b, err := os.ReadFile(n.pidFile())
	if err != nil {
		return
	}
	if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && alive(pid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// alive: the process exists and is not a zombie (this sandbox's init may not reap orphans).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(after, "Z")
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSbinStartStop(t *testing.T) {
	t.Parallel()
	needBash(t)
	n := newNode(t, fakeBin(t, sleeper))

	// A stale pid file from an earlier run does not block a start.
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(n.pidFile()), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(n.pidFile(), []byte(strconv.Itoa(done.Process.Pid)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	r := runScript(t, n.env, "start-cluster").expect(t, 0)
	pid := n.pid(t)
	contains(t, r.out, fmt.Sprintf("actorflow is ready (node standalone, pid %d)", pid),
		"API:   http://"+n.addr+"/api/v1", "stop-cluster")
	if !alive(pid) {
		t.Fatalf("pid %d is not running after start-cluster", pid)
	}
	contains(t, readFile(t, n.logFile()),
		fmt.Sprintf("fake actorflow: standalone --home %s --xmlconfig %s --http %s", n.home, n.xml, n.addr))

	r = runScript(t, n.env, "start-cluster").expect(t, 1)
	contains(t, r.errOut, fmt.Sprintf("already running (node standalone, pid %d)", pid))

	r = runScript(t, n.env, "stop-cluster").expect(t, 0)
	contains(t, r.out, fmt.Sprintf("stopping standalone (pid %d)", pid), "actorflow stopped")
	if alive(pid) {
		t.Errorf("pid %d still runs after stop-cluster", pid)
	}
	if _, err := os.Stat(n.pidFile()); !os.IsNotExist(err) {
		t.Errorf("pid file left behind: %v", err)
	}
	contains(t, readFile(t, n.logFile()), "fake actorflow: got TERM")

	r = runScript(t, n.env, "stop-cluster").expect(t, 0)
	contains(t, r.out, "nothing running")
}

func TestSbinStartNotReady(t *testing.T) {
	t.Parallel()
	needBash(t)
	n := newNode(t, fakeBin(t, sleeper))
	n.ready.Store(http.StatusServiceUnavailable)
	r := runScript(t, append(n.env, "ACTORFLOW_START_TIMEOUT=1"), "start-cluster").expect(t, 1)
	contains(t, r.errOut, "was not ready after 1s; stopping it", "last 20 lines of "+n.logFile(),
		"fake actorflow: standalone --home")
	pid := strings.TrimPrefix(r.out, "starting actorflow standalone (pid ")
	pid, _, _ = strings.Cut(pid, ")")
	if p, err := strconv.Atoi(pid); err != nil || alive(p) {
		t.Errorf("the node that never became ready still runs (pid %q)", pid)
	}
	if _, err := os.Stat(n.pidFile()); !os.IsNotExist(err) {
		t.Errorf("pid file left behind after a failed start")
	}
}

func TestSbinStartDies(t *testing.T) {
	t.Parallel()
	needBash(t)
	n := newNode(t, fakeBin(t, "echo 'boom: cannot open the store'; exit 3\n"))
	n.ready.Store(http.StatusServiceUnavailable)
	r := runScript(t, n.env, "start-cluster").expect(t, 1)
	contains(t, r.errOut, "exited during startup", "boom: cannot open the store")
}

// TestSbinStopKillsStubborn: a node that ignores SIGTERM is killed once the grace is over.
func TestSbinStopKillsStubborn(t *testing.T) {
	t.Parallel()
	needBash(t)
	n := newNode(t, fakeBin(t, "echo 'fake actorflow: up'\ntrap '' TERM\nwhile :; do sleep 0.1; done\n"))
	runScript(t, n.env, "start-cluster").expect(t, 0)
	pid := n.pid(t)
	r := runScript(t, append(n.env, "ACTORFLOW_STOP_GRACE=1"), "stop-cluster").expect(t, 0)
	contains(t, r.errOut, fmt.Sprintf("did not stop within 1s, killed: %d", pid))
	if alive(pid) {
		t.Errorf("pid %d survived SIGKILL", pid)
	}
}

func TestSbinRefusesClusterConf(t *testing.T) {
	t.Parallel()
	needBash(t)
	n := newNode(t, fakeBin(t, sleeper))
	conf := filepath.Join(n.home, "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(conf, "cluster.conf"), []byte("master c1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runScript(t, n.env, "start-cluster").expect(t, 1)
	contains(t, r.errOut, "not implemented yet")
	if _, err := os.Stat(n.pidFile()); !os.IsNotExist(err) {
		t.Error("something was started")
	}
}

// TestSbinStandaloneStartup: the node replaces the script (same pid, recorded in the pid file)
// and gets the standard arguments plus the caller's.
func TestSbinStandaloneStartup(t *testing.T) {
	t.Parallel()
	needBash(t)
	n := newNode(t, fakeBin(t, `echo "pid=$$"; echo "args=$*"`+"\n"))
	r := runScript(t, n.env, "standalone-startup", "--log-level", "debug").expect(t, 0)
	want := fmt.Sprintf("pid=%d\nargs=standalone --home %s --xmlconfig %s --http %s --log-level debug\n",
		n.pid(t), n.home, n.xml, n.addr)
	if r.out != want {
		t.Errorf("stdout %q, want %q", r.out, want)
	}
}

// TestSbinWaitReadyWithoutCurl: with no curl on PATH, wait_ready speaks HTTP over bash's
// /dev/tcp.
func TestSbinWaitReadyWithoutCurl(t *testing.T) {
	t.Parallel()
	needBash(t)
	bash, _ := exec.LookPath("bash")
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("sleep is not installed")
	}
	path := t.TempDir()
	if err := os.Symlink(sleep, filepath.Join(path, "sleep")); err != nil {
		t.Fatal(err)
	}
	n := newNode(t, fakeBin(t, sleeper))
	if err := os.MkdirAll(filepath.Dir(n.logFile()), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(n.logFile(), []byte(fakeUp+"up\n"), 0o644); err != nil {
		t.Fatal(err) // nothing is started here: say the node is up
	}
	probe := func() int {
		cmd := exec.Command(bash, "-c", `set -euo pipefail; source "$1"; ! command -v curl; wait_ready "$2" 1`,
			"_", filepath.Join(sbinDir(t), "lib", "common.sh"), "http://"+n.addr)
		cmd.Env = []string{"PATH=" + path, "ACTORFLOW_HOME=" + n.home}
		out, err := cmd.CombinedOutput()
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			return ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return 0
	}
	if code := probe(); code != 0 {
		t.Errorf("ready server: wait_ready exit %d, want 0", code)
	}
	n.ready.Store(http.StatusServiceUnavailable)
	if code := probe(); code != 1 {
		t.Errorf("503 server: wait_ready exit %d, want 1 (timed out)", code)
	}
}

func TestSbinAkka(t *testing.T) {
	t.Parallel()
	needBash(t)
	bin := fakeBin(t, `printf '%s|%s\n' "$ACTORFLOW_ADDR" "$*"`+"\n")
	env := []string{"ACTORFLOW_BIN=" + bin, "ACTORFLOW_HTTP_ADDR=10.0.0.5:8090", "ACTORFLOW_HOME=" + t.TempDir()}
	cases := []struct {
		args []string
		want string // the actorflow command line(s) run
	}{
		{[]string{"workflow", "-add", "a.xml", "b.xml"}, "workflow add a.xml b.xml"},
		{[]string{"workflow", "-check", "a.xml"}, "workflow check a.xml"},
		{[]string{"workflow", "-del", "daily"}, "workflow del daily"},
		{[]string{"workflow", "-reset", "daily"}, "workflow reset daily"},
		{[]string{"workflow", "-trigger", "daily"}, "workflow trigger daily"},
		{[]string{"workflow", "-run", "daily", "a=1", "--param", "b=2&c=x y"}, "workflow run daily -p a=1 -p b=2 -p c=x y"},
		{[]string{"workflow", "-run", "--param", "a=1", "daily"}, "workflow run daily -p a=1"},
		{[]string{"workflow", "-info", "daily", "--xml"}, "workflow info daily --xml"},
		{[]string{"workflow", "-list"}, "workflow list"},
		{[]string{"workflow", "-list", "etl"}, "workflow list --dir etl"},
		{[]string{"instance", "-kill", "i-1"}, "instance kill i-1"},
		{[]string{"instance", "-rerun", "i-1", "--recover"}, "instance rerun i-1 --from-failed"},
		{[]string{"instance", "-info", "i-1"}, "instance info i-1"},
		{[]string{"instance", "-info", "i-1", "--log"}, "instance info i-1\ninstance log i-1"},
		{[]string{"instance", "-del", "i-1"}, "instance del i-1"},
		{[]string{"instance", "-search", "--status", "运行", "--key", "daily", "--limit", "5"},
			"instance search --status running --workflow daily --limit 5"},
		{[]string{"instance", "-search", "--status", "失败"}, "instance search --status 失败"},
		{[]string{"front"}, "front"},
		{[]string{"cluster", "-members"}, "cluster members"},
		{[]string{"cluster", "-get"}, "cluster members"},
	}
	for _, tc := range cases {
		r := runScript(t, env, "akka", tc.args...)
		var want strings.Builder
		for _, line := range strings.Split(tc.want, "\n") {
			want.WriteString("http://10.0.0.5:8090|" + line + "\n")
		}
		if r.code != 0 || r.out != want.String() {
			t.Errorf("akka %q: exit %d, ran\n%s\nwant\n%s\nstderr: %s", tc.args, r.code, r.out, want.String(), r.errOut)
		}
	}

	// An explicit ACTORFLOW_ADDR wins over the start scripts' address.
	r := runScript(t, append(env, "ACTORFLOW_ADDR=https://flow.example"), "akka", "front").expect(t, 0)
	if r.out != "https://flow.example|front\n" {
		t.Errorf("ran %q", r.out)
	}

	for _, args := range [][]string{
		{}, {"bogus"}, {"workflow", "-bogus"}, {"workflow", "-trigger", "daily", "--blood"},
		{"instance", "-search", "--sdate", "2024-05-01"}, {"instance", "-info", "i-1", "--xml"},
		{"workflow", "-run"}, {"util", "-reset-all"}, {"cluster"},
	} {
		r := runScript(t, env, "akka", args...)
		if r.code != 2 || r.out != "" || !strings.Contains(r.errOut, "akka workflow -add FILE...") {
			t.Errorf("akka %q: exit %d stdout %q stderr %q; want exit 2 and the mappings on stderr",
				args, r.code, r.out, r.errOut)
		}
	}
	r = runScript(t, env, "akka", "help").expect(t, 0)
	contains(t, r.out, "akka instance -rerun ID [--recover]", "actorflow instance rerun [--from-failed] ID")
}
