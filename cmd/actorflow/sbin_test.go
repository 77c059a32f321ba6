//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/actorflow/actorflow/internal/ports"
	"github.com/actorflow/actorflow/internal/testenv"
	"github.com/actorflow/actorflow/internal/wait"
)

// The sbin scripts are tested here, from Go, so `go test ./...` covers them: shellcheck when
// it is installed, and their behaviour with a fake actorflow binary (a small bash script that
// plays every role) and an httptest server standing in for /readyz. Each test has its own
// ACTORFLOW_HOME, server and gossip ports, so they run in parallel; none of them touches
// cli/v2.

func sbinDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../sbin")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSbinScripts lints every sbin script and library with shellcheck.
func TestSbinScripts(t *testing.T) {
	t.Parallel()
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		testenv.Unavailable(t, "shellcheck is not installed; the sbin scripts were not linted")
	}
	dir := sbinDir(t)
	// Every file of sbin/ and sbin/lib/, so a new script is linted without editing this list;
	// the names below must be among them, so the list cannot silently shrink.
	var scripts []string
	for _, pattern := range []string{"*", "lib/*.sh"} {
		matches, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && fi.Mode().IsRegular() {
				rel, _ := filepath.Rel(dir, m)
				scripts = append(scripts, rel)
			}
		}
	}
	for _, want := range []string{"start-cluster", "stop-cluster", "standalone-startup", "master-startup",
		"standby-startup", "worker-startup", "httpserver-startup", "akka", "test",
		"lib/common.sh", "lib/cluster.sh", "lib/testservers.sh"} {
		if !slices.Contains(scripts, want) {
			t.Errorf("sbin/%s is missing, or not a regular file", want)
		}
	}
	cmd := exec.Command(shellcheck, append([]string{"-x"}, scripts...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("shellcheck %s: %v\n%s", strings.Join(scripts, " "), err, out)
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
			testenv.Unavailable(t, "%s is not installed", tool)
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

// fakeUp starts the first line a long-running fake writes; see newSbinHome.
const fakeUp = "fake actorflow: "

// sleeper runs until SIGTERM, saying what it was started with. It serves every role: a
// controller writes $FAKE_CONTROLLER_HTTP (when set) into <home>/http.addr, as a real one
// writes the address its API listens on. It sleeps in short steps so that a SIGKILLed fake
// leaves no long-lived child behind.
const sleeper = `echo "fake actorflow: $*"
role=$1 home=""
while (($#)); do
	if [[ $1 == --home ]]; then home=$2; fi
	shift
done
if [[ -n ${FAKE_CONTROLLER_HTTP:-} && ($role == master || $role == standby) ]]; then
	printf '%s\n' "$FAKE_CONTROLLER_HTTP" >"$home/http.addr"
fi
trap 'echo "fake actorflow: got TERM"; exit 0' TERM
while :; do sleep 0.2 & wait $!; done
`

// stubborn ignores SIGTERM.
const stubborn = `echo "fake actorflow: $*"
trap '' TERM
while :; do sleep 0.1; done
`

// scriptRun is one script's outcome.
type scriptRun struct {
	code        int
	out, errOut string
	took        time.Duration
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
	began := time.Now()
	err := cmd.Run()
	code := 0
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return scriptRun{code: code, out: out.String(), errOut: errOut.String(), took: time.Since(began)}
}

func (r scriptRun) expect(t *testing.T, code int) scriptRun {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.out, r.errOut)
	}
	return r
}

// startedRE matches start_cluster_node's report of a node it started.
var startedRE = regexp.MustCompile(`started (\S+) \((\w+), pid (\d+)\)`)

// started maps the nodes the run reported starting to their pids.
func (r scriptRun) started(t *testing.T) map[string]int {
	t.Helper()
	got := map[string]int{}
	for _, m := range startedRE.FindAllStringSubmatch(r.out, -1) {
		pid, _ := strconv.Atoi(m[3])
		got[m[1]] = pid
	}
	return got
}

// sbinHome is one test's ACTORFLOW_HOME, with an httptest server standing in for the http
// node's (or a controller's) /readyz, and the environment pointing the scripts at both.
type sbinHome struct {
	home, xml, conf, addr string
	gossip                int          // ACTORFLOW_GOSSIP_PORT: the local cluster uses it and the next 5
	ready                 atomic.Int32 // the status /readyz answers
	env                   []string
}

func newSbinHome(t *testing.T, bin string) *sbinHome {
	t.Helper()
	h := &sbinHome{home: t.TempDir(), xml: filepath.Join(t.TempDir(), "xmlconfig"), conf: t.TempDir(),
		gossip: ports.Run(t, 6)}
	h.ready.Store(http.StatusOK)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			return
		}
		// Like a real cluster, the fake is ready only once its nodes are up: each has said so
		// in its log. Otherwise start-cluster could return before a fake wrote a line.
		status := int(h.ready.Load())
		logs, _ := filepath.Glob(filepath.Join(h.home, "logs", "*.log"))
		if len(logs) == 0 {
			status = http.StatusServiceUnavailable
		}
		for _, l := range logs {
			if b, _ := os.ReadFile(l); !bytes.Contains(b, []byte(fakeUp)) {
				status = http.StatusServiceUnavailable
			}
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	h.addr = srv.Listener.Addr().String()
	h.env = []string{"ACTORFLOW_HOME=" + h.home, "ACTORFLOW_XMLCONFIG=" + h.xml, "ACTORFLOW_HTTP_ADDR=" + h.addr,
		"ACTORFLOW_BIN=" + bin, "ACTORFLOW_CONF_DIR=" + h.conf, "ACTORFLOW_STOP_GRACE=10",
		"ACTORFLOW_GOSSIP_PORT=" + strconv.Itoa(h.gossip)}
	t.Cleanup(func() { h.killLeftovers(t) })
	return h
}

func (h *sbinHome) pidFile(name string) string { return filepath.Join(h.home, "run", name+".pid") }
func (h *sbinHome) logFile(name string) string { return filepath.Join(h.home, "logs", name+".log") }

// writeConf writes conf/cluster.conf.
func (h *sbinHome) writeConf(t *testing.T, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(h.conf, "cluster.conf"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (h *sbinHome) pid(t *testing.T, name string) int {
	t.Helper()
	b, err := os.ReadFile(h.pidFile(name))
	if err != nil {
		t.Fatalf("no pid file for %s: %v", name, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file of %s holds %q", name, b)
	}
	return pid
}

// pids reads the pid file of each named node and checks that it runs.
func (h *sbinHome) pids(t *testing.T, names ...string) map[string]int {
	t.Helper()
	got := map[string]int{}
	for _, name := range names {
		got[name] = h.pid(t, name)
		if !alive(got[name]) {
			t.Errorf("%s (pid %d) does not run", name, got[name])
		}
	}
	return got
}

// killLeftovers ends the fakes a failed test left running.
func (h *sbinHome) killLeftovers(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(h.home, "run", "*.pid"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && alive(pid) &&
			strings.Contains(cmdlineOf(pid), h.home) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
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

func cmdlineOf(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return string(bytes.ReplaceAll(b, []byte{0}, []byte{' '}))
}

// waitDead polls until pid has exited.
func waitDead(t *testing.T, pid int, timeout time.Duration) {
	t.Helper()
	wait.For(t, timeout, func() bool { return !alive(pid) }, "pid %d still runs", pid)
}

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	wait.For(t, timeout, cond, format, args...)
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// localNodes are the nodes of the default local cluster, in start order.
var localNodes = []string{"c1", "c2", "c3", "w1", "w2", "h1"}

// localArgs is what the fake is started with for each node of the default local cluster.
func (h *sbinHome) localArgs() map[string]string {
	g := func(i int) string { return strconv.Itoa(h.gossip + i) }
	join := "127.0.0.1:" + g(0) + ",127.0.0.1:" + g(1) + ",127.0.0.1:" + g(2)
	common := func(role, name string, i int) string {
		return fmt.Sprintf("%s --name %s --bind 127.0.0.1 --gossip-port %s --join %s --home %s",
			role, name, g(i), join, filepath.Join(h.home, name))
	}
	controller := " --xmlconfig " + h.xml + " --bootstrap-expect 3 --http 127.0.0.1:0"
	return map[string]string{
		"c1": common("master", "c1", 0) + controller,
		"c2": common("standby", "c2", 1) + controller,
		"c3": common("standby", "c3", 2) + controller,
		"w1": common("worker", "w1", 3) + " --slots 8 --http 127.0.0.1:0",
		"w2": common("worker", "w2", 4) + " --slots 8 --http 127.0.0.1:0",
		"h1": common("http", "h1", 5) + " --http " + h.addr,
	}
}

// checkStopped: none of pids runs and no pid file is left.
func (h *sbinHome) checkStopped(t *testing.T, pids map[string]int) {
	t.Helper()
	for name, pid := range pids {
		if alive(pid) {
			t.Errorf("%s (pid %d) still runs", name, pid)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(h.home, "run", "*.pid")); len(files) > 0 {
		t.Errorf("pid files left behind: %v", files)
	}
}

// TestSbinStartStop: start-cluster with no cluster.conf starts the default local cluster,
// each node with its name, address, ports and home, and returns once it is ready; a second
// run starts nothing; stop-cluster stops every node.
func TestSbinStartStop(t *testing.T) {
	t.Parallel()
	needBash(t)
	h := newSbinHome(t, fakeBin(t, sleeper))

	// A stale pid file from an earlier run does not block a start.
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(h.home, "run"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.pidFile("c1"), []byte(strconv.Itoa(done.Process.Pid)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	r := runScript(t, h.env, "start-cluster").expect(t, 0)
	contains(t, r.out, "actorflow cluster is ready: c1 c2 c3 w1 w2 h1",
		"API:     http://"+h.addr+"/api/v1", "stop-cluster")
	pids := h.pids(t, localNodes...)
	if started := r.started(t); !maps.Equal(started, pids) {
		t.Errorf("start-cluster reported starting %v; the pid files hold %v", started, pids)
	}
	for name, args := range h.localArgs() {
		contains(t, readFile(t, h.logFile(name)), "fake actorflow: "+args+"\n")
	}

	// Everything runs: a second start starts nothing and still reports the cluster ready.
	r = runScript(t, h.env, "start-cluster").expect(t, 0)
	for _, name := range localNodes {
		contains(t, r.out, name+" already runs")
	}
	if started := r.started(t); len(started) > 0 {
		t.Errorf("a second start-cluster started %v", started)
	}
	if again := h.pids(t, localNodes...); !maps.Equal(again, pids) {
		t.Errorf("pids changed from %v to %v", pids, again)
	}

	r = runScript(t, h.env, "stop-cluster").expect(t, 0)
	for name, pid := range pids {
		contains(t, r.out, fmt.Sprintf("%s (pid %d)", name, pid))
		contains(t, readFile(t, h.logFile(name)), "fake actorflow: got TERM")
	}
	contains(t, r.out, "actorflow stopped")
	h.checkStopped(t, pids)

	r = runScript(t, h.env, "stop-cluster").expect(t, 0)
	contains(t, r.out, "nothing running")
}

// TestSbinStartNotReady: when no master is ready in time, start-cluster shows each node's log
// tail, stops every node it started and leaves no pid file.
func TestSbinStartNotReady(t *testing.T) {
	t.Parallel()
	needBash(t)
	h := newSbinHome(t, fakeBin(t, sleeper))
	h.ready.Store(http.StatusServiceUnavailable)
	r := runScript(t, append(h.env, "ACTORFLOW_START_TIMEOUT=1"), "start-cluster").expect(t, 1)
	contains(t, r.errOut, "no master was ready after 1s; stopping the nodes this run started")
	for name, args := range h.localArgs() {
		contains(t, r.errOut, "last 10 lines of "+h.logFile(name)+":\n", "fake actorflow: "+args+"\n")
	}
	started := r.started(t)
	if len(started) != len(localNodes) {
		t.Fatalf("start-cluster reported starting %v, want the 6 nodes\n%s", started, r.out)
	}
	h.checkStopped(t, started)
}

// TestSbinStartDies: a node that exits while the cluster starts fails start-cluster at once
// (not at the timeout), with its log; the nodes started with it are stopped.
func TestSbinStartDies(t *testing.T) {
	t.Parallel()
	needBash(t)
	h := newSbinHome(t, fakeBin(t, `if [[ " $* " == *" --name w2 "* ]]; then
	echo 'boom: cannot open the store'
	exit 3
fi
`+sleeper))
	r := runScript(t, append(h.env, "ACTORFLOW_START_TIMEOUT=50"), "start-cluster").expect(t, 1)
	contains(t, r.errOut, "w2 exited during startup; stopping the nodes this run started",
		"last 10 lines of "+h.logFile("w2")+":\n", "boom: cannot open the store")
	if r.took > 40*time.Second {
		t.Errorf("start-cluster took %s: it waited for the timeout instead of seeing w2 exit", r.took)
	}
	started := r.started(t)
	if len(started) != len(localNodes) {
		t.Fatalf("start-cluster reported starting %v, want the 6 nodes\n%s", started, r.out)
	}
	h.checkStopped(t, started)
}

// TestSbinStopKillsStubborn: nodes that ignore SIGTERM are killed once the grace is over.
func TestSbinStopKillsStubborn(t *testing.T) {
	t.Parallel()
	needBash(t)
	h := newSbinHome(t, fakeBin(t, stubborn))
	runScript(t, h.env, "start-cluster").expect(t, 0)
	pids := h.pids(t, localNodes...)
	r := runScript(t, append(h.env, "ACTORFLOW_STOP_GRACE=1"), "stop-cluster").expect(t, 0)
	contains(t, r.errOut, "did not stop within 1s, killed: ")
	_, killed, _ := strings.Cut(r.errOut, "killed: ")
	killed, _, _ = strings.Cut(killed, "\n")
	for name, pid := range pids {
		if !slices.Contains(strings.Fields(killed), strconv.Itoa(pid)) {
			t.Errorf("%s (pid %d) is not among the killed: %q", name, pid, killed)
		}
		// stop-cluster does not wait for a SIGKILLed process to be torn down: allow the
		// kernel a moment.
		waitDead(t, pid, 5*time.Second)
	}
	h.checkStopped(t, pids)
}

// TestSbinClusterConf: a conf/cluster.conf layout replaces the local cluster: each node gets
// its role, address, gossip port, the controllers to join and its worker settings.
func TestSbinClusterConf(t *testing.T) {
	t.Parallel()
	needBash(t)
	h := newSbinHome(t, fakeBin(t, sleeper))
	g0, g1 := strconv.Itoa(h.gossip), strconv.Itoa(h.gossip+1)
	h.writeConf(t, fmt.Sprintf(`# two controllers on one gossip port (they have their own addresses)
master   m1   127.0.0.2  gossip=%[1]s

standby  m2   127.0.0.3  gossip=%[1]s   # a comment after a node
	worker wk 127.0.0.4 gossip=%[2]s slots=3 labels=zone=a,disk=ssd
http     web  127.0.0.5  gossip=%[2]s  http=%[3]s
`, g0, g1, h.addr))
	r := runScript(t, h.env, "start-cluster").expect(t, 0)
	contains(t, r.out, "actorflow cluster is ready: m1 m2 wk web", "UI:      http://"+h.addr+"/")
	pids := h.pids(t, "m1", "m2", "wk", "web")
	join := "127.0.0.2:" + g0 + ",127.0.0.3:" + g0
	home := func(name string) string { return filepath.Join(h.home, name) }
	want := map[string]string{
		"m1": "master --name m1 --bind 127.0.0.2 --gossip-port " + g0 + " --join " + join + " --home " + home("m1") +
			" --xmlconfig " + h.xml + " --bootstrap-expect 2 --http 127.0.0.2:0",
		"m2": "standby --name m2 --bind 127.0.0.3 --gossip-port " + g0 + " --join " + join + " --home " + home("m2") +
			" --xmlconfig " + h.xml + " --bootstrap-expect 2 --http 127.0.0.3:0",
		"wk": "worker --name wk --bind 127.0.0.4 --gossip-port " + g1 + " --join " + join + " --home " + home("wk") +
			" --slots 3 --labels zone=a,disk=ssd --http 127.0.0.4:0",
		"web": "http --name web --bind 127.0.0.5 --gossip-port " + g1 + " --join " + join + " --home " + home("web") +
			" --http " + h.addr,
	}
	for name, args := range want {
		contains(t, readFile(t, h.logFile(name)), "fake actorflow: "+args+"\n")
	}
	for _, name := range localNodes {
		if _, err := os.Stat(h.pidFile(name)); err == nil {
			t.Errorf("node %s of the default layout was started too", name)
		}
	}
	runScript(t, h.env, "stop-cluster").expect(t, 0)
	h.checkStopped(t, pids)
}

// TestSbinClusterConfWithoutHTTPNode: without an http node, start-cluster asks the
// controllers, at the address each writes into <home>/http.addr.
func TestSbinClusterConfWithoutHTTPNode(t *testing.T) {
	t.Parallel()
	needBash(t)
	h := newSbinHome(t, fakeBin(t, sleeper))
	h.writeConf(t, fmt.Sprintf("master m1 127.0.0.1 gossip=%d\nworker wk 127.0.0.1 gossip=%d\n", h.gossip, h.gossip+1))
	env := append(h.env, "ACTORFLOW_HTTP_ADDR=127.0.0.1:1", "FAKE_CONTROLLER_HTTP="+h.addr)
	r := runScript(t, env, "start-cluster").expect(t, 0)
	contains(t, r.out, "actorflow cluster is ready: m1 wk", "API:     http://"+h.addr+"/api/v1")
	pids := h.pids(t, "m1", "wk")
	contains(t, readFile(t, h.logFile("wk")), "--join 127.0.0.1:"+strconv.Itoa(h.gossip)+" ",
		"--home "+filepath.Join(h.home, "wk")+" --http 127.0.0.1:0\n")
	runScript(t, h.env, "stop-cluster").expect(t, 0)
	h.checkStopped(t, pids)
}

// TestSbinClusterConfRefused: a layout the scripts cannot start is refused before anything
// starts, with a message naming the line of cluster.conf to fix.
func TestSbinClusterConfRefused(t *testing.T) {
	t.Parallel()
	needBash(t)
	cases := []struct {
		name, conf, want string
	}{
		{"unknown role", "# header\n\nmaster c1 127.0.0.1\nboss b1 127.0.0.1\n",
			"cluster.conf line 4: unknown role 'boss' (master, standby, worker or http)"},
		{"unknown key", "master c1 127.0.0.1 gossip=7000\nworker w1 127.0.0.1 gosip=7001\n",
			"cluster.conf line 2: unknown key 'gosip'"},
		{"duplicate name", "master c1 127.0.0.1 gossip=7000\n# w1\nworker c1 127.0.0.1 gossip=7001\n",
			"cluster.conf line 3: node name 'c1' is used twice"},
		{"no controller", "worker w1 127.0.0.1\nhttp h1 127.0.0.1 gossip=7001\n",
			"cluster.conf has no master or standby"},
		{"missing host", "master c1\n", "cluster.conf line 1: want 'role name host [key=value ...]', got 'master c1'"},
		{"not key=value", "master c1 127.0.0.1 7000\n", "cluster.conf line 1: '7000' is not key=value"},
		{"bad name", "master c/1 127.0.0.1\n", "cluster.conf line 1: node name 'c/1' may hold only"},
		{"host not an IP", "master c1 ctl.example\n", "cluster.conf line 1: host 'ctl.example' is not an IP address"},
		{"bad gossip port", "master c1 127.0.0.1 gossip=70000\n", "cluster.conf line 1: gossip=70000 is not a port number"},
		{"bad slots", "master c1 127.0.0.1\nworker w1 127.0.0.2 slots=0\n", "cluster.conf line 2: slots=0 is not a positive number"},
		{"bad http", "master c1 127.0.0.1\nhttp h1 127.0.0.2 http=8090\n", "cluster.conf line 2: http=8090 is not host:port"},
		{"gossip address twice", "master c1 127.0.0.1\nworker w1 127.0.0.1\n",
			"cluster.conf line 2: gossip address 127.0.0.1:7946 is used twice"},
	}
	bin := fakeBin(t, sleeper)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newSbinHome(t, bin)
			h.writeConf(t, tc.conf)
			for _, script := range []string{"start-cluster", "worker-startup"} {
				r := runScript(t, h.env, script).expect(t, 1)
				contains(t, r.errOut, tc.want)
				if r.out != "" {
					t.Errorf("%s printed %q before refusing", script, r.out)
				}
			}
			if _, err := os.Stat(filepath.Join(h.home, "run")); !os.IsNotExist(err) {
				t.Errorf("something was started: %v", err)
			}
		})
	}
	t.Run("local cluster gossip port", func(t *testing.T) {
		t.Parallel()
		h := newSbinHome(t, bin)
		for _, port := range []string{"x7946", "65533"} {
			r := runScript(t, append(h.env, "ACTORFLOW_GOSSIP_PORT="+port), "start-cluster").expect(t, 1)
			contains(t, r.errOut, "ACTORFLOW_GOSSIP_PORT must be a port number (the local cluster uses it and the next 5), not '"+port+"'")
		}
	})
}

// TestSbinRoleStartup: the per-role scripts (re)start one node of the layout with its home
// and leave the others alone, and refuse a node of another role.
func TestSbinRoleStartup(t *testing.T) {
	t.Parallel()
	needBash(t)
	h := newSbinHome(t, fakeBin(t, sleeper))
	runScript(t, h.env, "start-cluster").expect(t, 0)
	pids := h.pids(t, localNodes...)
	args := h.localArgs()

	if err := syscall.Kill(pids["w1"], syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitDead(t, pids["w1"], 10*time.Second)
	r := runScript(t, h.env, "worker-startup", "w1").expect(t, 0)
	w1 := h.pid(t, "w1")
	if started := r.started(t); !maps.Equal(started, map[string]int{"w1": w1}) || w1 == pids["w1"] || !alive(w1) {
		t.Fatalf("worker-startup w1 started %v (pid file: %d, old pid %d)\n%s", started, w1, pids["w1"], r.out)
	}
	// worker-startup does not wait for the node: wait for the fake to say how it was started.
	waitFor(t, 10*time.Second, func() bool {
		return strings.Count(readFile(t, h.logFile("w1")), "fake actorflow: "+args["w1"]+"\n") == 2
	}, "w1's log does not show a second start with its arguments and home:\n%s", h.logFile("w1"))
	pids["w1"] = w1
	if again := h.pids(t, localNodes...); !maps.Equal(again, pids) {
		t.Errorf("pids went from %v to %v: more than w1 was restarted", pids, again)
	}

	// A running node is left alone; with no name, a free node of the role is needed.
	r = runScript(t, h.env, "worker-startup", "w1").expect(t, 0)
	contains(t, r.out, fmt.Sprintf("w1 (worker) already runs (pid %d)", w1))
	r = runScript(t, h.env, "worker-startup").expect(t, 1)
	contains(t, r.errOut, "every worker node of the layout already runs; name one to restart it")

	// A controller restarted by either controller script; other roles are refused.
	r = runScript(t, h.env, "master-startup", "w2").expect(t, 1)
	contains(t, r.errOut, "node w2 is a worker, not a master")
	r = runScript(t, h.env, "httpserver-startup", "c1").expect(t, 1)
	contains(t, r.errOut, "node c1 is a master, not a http")
	r = runScript(t, h.env, "standby-startup", "nope").expect(t, 1)
	contains(t, r.errOut, "no node 'nope' in the cluster layout")
	r = runScript(t, h.env, "master-startup", "c2").expect(t, 0)
	contains(t, r.out, fmt.Sprintf("c2 (standby) already runs (pid %d)", pids["c2"]))
	if again := h.pids(t, localNodes...); !maps.Equal(again, pids) {
		t.Errorf("pids went from %v to %v", pids, again)
	}

	runScript(t, h.env, "stop-cluster").expect(t, 0)
	h.checkStopped(t, pids)
}

// TestSbinStandaloneStartup: the node replaces the script (same pid, recorded in the pid file)
// and gets the standard arguments plus the caller's.
func TestSbinStandaloneStartup(t *testing.T) {
	t.Parallel()
	needBash(t)
	n := newSbinHome(t, fakeBin(t, `echo "pid=$$"; echo "args=$*"`+"\n"))
	r := runScript(t, n.env, "standalone-startup", "--log-level", "debug").expect(t, 0)
	want := fmt.Sprintf("pid=%d\nargs=standalone --home %s --xmlconfig %s --http %s --log-level debug\n",
		n.pid(t, "standalone"), n.home, n.xml, n.addr)
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
	n := newSbinHome(t, fakeBin(t, sleeper))
	if err := os.MkdirAll(filepath.Dir(n.logFile("standalone")), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(n.logFile("standalone"), []byte(fakeUp+"up\n"), 0o644); err != nil {
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

// TestSbinClusterConfOverSSH: a node with ssh= is started and stopped by the same scripts run
// on its host over ssh (here a stand-in ssh that runs the remote command locally and records
// its target), and the script on the host starts it there instead of calling ssh again.
func TestSbinClusterConfOverSSH(t *testing.T) {
	t.Parallel()
	needBash(t)
	h := newSbinHome(t, fakeBin(t, sleeper))
	sshDir, calls := t.TempDir(), filepath.Join(t.TempDir(), "ssh-calls")
	stub := "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> " + calls + "\nexec bash -c \"${@: -1}\"\n"
	if err := os.WriteFile(filepath.Join(sshDir, "ssh"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	h.writeConf(t, fmt.Sprintf("master m1 127.0.0.1 gossip=%d\nworker far 127.0.0.1 gossip=%d ssh=etl@far-host\nhttp web 127.0.0.1 gossip=%d http=%s\n",
		h.gossip, h.gossip+1, h.gossip+2, h.addr))
	env := append(h.env, "PATH="+sshDir+":"+os.Getenv("PATH"))
	runScript(t, env, "start-cluster").expect(t, 0)
	pids := h.pids(t, "m1", "far", "web")
	got := readFile(t, calls)
	if n := strings.Count(got, "\n"); n != 1 || !strings.HasPrefix(got, "-o BatchMode=yes etl@far-host ") ||
		!strings.Contains(got, "ACTORFLOW_ON_HOST=1") || !strings.Contains(got, "sbin/worker-startup 'far'") {
		t.Fatalf("ssh calls:\n%s", got)
	}
	runScript(t, env, "stop-cluster").expect(t, 0)
	h.checkStopped(t, pids)
	if got := readFile(t, calls); !strings.Contains(got, "sbin/stop-cluster") {
		t.Fatalf("stop-cluster did not go over ssh:\n%s", got)
	}
}
