//go:build linux

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
	"github.com/actorflow/actorflow/internal/ports"
)

// runSbin runs sbin/<name> args... with env added to the test's environment.
func runSbin(t *testing.T, env []string, name string, args ...string) cliResult {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(c, filepath.Join(repoRoot, "sbin", name), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("sbin/%s: %v", name, err)
	}
	return cliResult{code: code, out: out.String(), errOut: errOut.String()}
}

// sbinHome is one ACTORFLOW_HOME for the sbin scripts, with an xmlconfig directory holding
// the hello example, its own HTTP address and gossip ports, and the environment that points
// the scripts at them and at the test binary.
type sbinHome struct {
	home, xml, conf, addr string
	gossip                int
	env                   []string
}

func newSbinHome(t *testing.T, extraEnv ...string) *sbinHome {
	t.Helper()
	for _, tool := range []string{"bash", "ps"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the sbin scripts need %s", tool)
		}
	}
	h := &sbinHome{home: t.TempDir(), xml: filepath.Join(t.TempDir(), "xmlconfig"), conf: t.TempDir(),
		addr: ports.Addr(t), gossip: ports.Run(t, 6)}
	example, err := os.ReadFile(filepath.Join(repoRoot, "xmlconfig", "example", "hello.xml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(h.xml, "hello.xml"), string(example))
	h.env = append([]string{"ACTORFLOW_HOME=" + h.home, "ACTORFLOW_XMLCONFIG=" + h.xml,
		"ACTORFLOW_HTTP_ADDR=" + h.addr, "ACTORFLOW_BIN=" + actorflowBin, "ACTORFLOW_CONF_DIR=" + h.conf,
		"ACTORFLOW_GOSSIP_PORT=" + strconv.Itoa(h.gossip)}, extraEnv...)
	t.Cleanup(func() { h.cleanup(t) })
	return h
}

// cleanup leaves no node behind whatever happened, and shows the logs of a failed test.
func (h *sbinHome) cleanup(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(h.home, "run", "*.pid"))
	var pids []int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err == nil && pid > 0 && alive(pid) && strings.Contains(cmdline(pid), h.home) {
			_ = syscall.Kill(pid, syscall.SIGTERM)
			pids = append(pids, pid)
		}
	}
	for _, pid := range pids {
		if !poll(20*time.Second, func() bool { return !alive(pid) }) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	if t.Failed() {
		logs, _ := filepath.Glob(filepath.Join(h.home, "logs", "*.log"))
		for _, l := range logs {
			t.Logf("--- %s:\n%s", l, tail(l, 40))
		}
	}
}

// pid is the pid start-cluster recorded for a node.
func (h *sbinHome) pid(t *testing.T, name string) int {
	t.Helper()
	return readPid(t, filepath.Join(h.home, "run", name+".pid"))
}

// members runs `actorflow cluster members -o json` against the http node, as a user would.
func (h *sbinHome) members(t *testing.T) ([]apiv1.Member, error) {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(c, actorflowBin, "cluster", "members", "-o", "json")
	cmd.Env = append(os.Environ(), "ACTORFLOW_ADDR=http://"+h.addr)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("actorflow cluster members: %v: %s", err, errOut.String())
	}
	var list apiv1.List[apiv1.Member]
	if err := json.Unmarshal(out, &list); err != nil {
		return nil, fmt.Errorf("actorflow cluster members printed %q: %v", out, err)
	}
	return list.Items, nil
}

// healthy reports whether members shows every named node alive and exactly one leader
// among them; it returns the leader and a description for failure messages.
func healthy(members []apiv1.Member, names ...string) (leader string, ok bool, view string) {
	byName := map[string]apiv1.Member{}
	var b strings.Builder
	leaders := 0
	for _, m := range members {
		byName[m.Name] = m
		fmt.Fprintf(&b, "%s(%s %s leader=%v pid=%d) ", m.Name, m.Role, m.Status, m.Leader, m.PID)
		if m.Leader {
			leaders++
			leader = m.Name
		}
	}
	ok = leaders == 1
	for _, name := range names {
		if byName[name].Status != "alive" {
			ok = false
		}
	}
	return leader, ok, b.String()
}

// sbin/start-cluster starts the default local cluster (c1 c2 c3, w1 w2, h1) from the built
// binary; it elects a leader, runs a workflow dropped into xmlconfig through the http node,
// survives SIGKILL of its leader, takes the killed controller back with
// sbin/standby-startup, and sbin/stop-cluster stops every node.
func TestSbinStartStopCluster(t *testing.T) {
	t.Parallel()
	h := newSbinHome(t)
	nodes := []string{"c1", "c2", "c3", "w1", "w2", "h1"}

	r := runSbin(t, h.env, "start-cluster").expect(t, 0)
	if !strings.Contains(r.out, "http://"+h.addr) {
		t.Errorf("start-cluster does not print the address http://%s:\n%s", h.addr, r.out)
	}
	pids := map[string]int{}
	for _, name := range nodes {
		pids[name] = h.pid(t, name)
		if !alive(pids[name]) {
			t.Fatalf("%s (pid %d) is not running after start-cluster", name, pids[name])
		}
	}

	var (
		members []apiv1.Member
		err     error
		leader  string
		view    string
	)
	eventually(t, 60*time.Second, func() bool {
		var ok bool
		members, err = h.members(t)
		leader, ok, view = healthy(members, nodes...)
		return err == nil && ok
	}, "cluster members never showed c1 c2 c3 w1 w2 h1 alive with one leader: %v %s", err, view)
	for _, m := range members {
		if pid, ours := pids[m.Name]; ours && m.PID != pid {
			t.Errorf("%s: members shows pid %d, run/%s.pid holds %d", m.Name, m.PID, m.Name, pid)
		}
	}

	// A workflow dropped into ACTORFLOW_XMLCONFIG is picked up by the leader and runs on a
	// worker, all through the http node.
	api := client.New("http://"+h.addr, client.WithTimeout(10*time.Second))
	dropped := strings.Replace(readText(t, filepath.Join(h.xml, "hello.xml")), `name="hello"`, `name="dropped"`, 1)
	writeFile(t, filepath.Join(h.xml, "dropped.xml"), dropped)
	runToSuccess(t, api, "dropped")

	// SIGKILL the leader: another controller takes over.
	killed := leader
	if killed == "" || !strings.HasPrefix(killed, "c") {
		t.Fatalf("the leader is %q, want a controller (%s)", killed, view)
	}
	if err := syscall.Kill(pids[killed], syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, func() bool { return !alive(pids[killed]) }, "%s did not die", killed)
	var others []string
	for _, name := range nodes {
		if name != killed {
			others = append(others, name)
		}
	}
	eventually(t, 60*time.Second, func() bool {
		var ok bool
		members, err = h.members(t)
		leader, ok, view = healthy(members, others...)
		return err == nil && ok && leader != killed
	}, "no new leader after SIGKILL of %s: %v %s", killed, err, view)

	// sbin/standby-startup brings the killed controller back with its data.
	r = runSbin(t, h.env, "standby-startup", killed).expect(t, 0)
	back := h.pid(t, killed)
	if back == pids[killed] || !alive(back) {
		t.Fatalf("standby-startup %s: pid file holds %d (was %d)\n%s%s", killed, back, pids[killed], r.out, r.errOut)
	}
	pids[killed] = back
	eventually(t, 60*time.Second, func() bool {
		var ok bool
		members, err = h.members(t)
		_, ok, view = healthy(members, nodes...)
		for _, m := range members {
			if m.Name == killed && m.PID != back {
				ok = false
			}
		}
		return err == nil && ok
	}, "%s did not come back alive: %v %s", killed, err, view)
	runToSuccess(t, api, "hello")

	runSbin(t, h.env, "stop-cluster").expect(t, 0)
	for name, pid := range pids {
		if alive(pid) {
			t.Errorf("%s (pid %d) still runs after stop-cluster", name, pid)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(h.home, "run", "*.pid")); len(files) > 0 {
		t.Errorf("stop-cluster left %v", files)
	}
	if err := api.Readyz(ctx()); err == nil {
		t.Errorf("the API still answers after stop-cluster")
	}
}

// runToSuccess triggers a workflow, once the leader knows it, and waits for it to succeed.
func runToSuccess(t *testing.T, api *client.Client, name string) {
	t.Helper()
	var err error
	eventually(t, 60*time.Second, func() bool {
		_, err = api.GetWorkflow(ctx(), name)
		return err == nil
	}, "workflow %s never appeared: %v", name, err)
	var created apiv1.Created
	eventually(t, 30*time.Second, func() bool {
		created, err = api.TriggerWorkflow(ctx(), name, apiv1.TriggerRequest{})
		return err == nil
	}, "trigger %s: %v", name, err)
	var inst apiv1.Instance
	eventually(t, 60*time.Second, func() bool {
		inst, err = api.GetInstance(ctx(), created.ID)
		return err == nil && terminal(inst.Status)
	}, "%s did not finish: %v %s", name, err, describe(&inst))
	if inst.Status != "succeeded" {
		t.Errorf("%s: %s", name, describe(&inst))
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ACTORFLOW_STOP_GRACE is read by stop-cluster (and start-cluster's failure path) as whole
// seconds, and by every node as --stop-grace: the documented "10" must suit both. The layout
// is a small conf/cluster.conf (one controller, one http node), which also shows a
// cluster.conf working with the real binary.
func TestSbinStopGraceEnvWorksForBothScripts(t *testing.T) {
	t.Parallel()
	h := newSbinHome(t, "ACTORFLOW_STOP_GRACE=10")
	writeFile(t, filepath.Join(h.conf, "cluster.conf"), fmt.Sprintf(
		"master c1 127.0.0.1 gossip=%d\nhttp h1 127.0.0.1 gossip=%d http=%s\n", h.gossip, h.gossip+1, h.addr))
	r := runSbin(t, h.env, "start-cluster").expect(t, 0)
	if !strings.Contains(r.out, "actorflow cluster is ready: c1 h1") {
		t.Errorf("start-cluster:\n%s", r.out)
	}
	pids := []int{h.pid(t, "c1"), h.pid(t, "h1")}
	runSbin(t, h.env, "stop-cluster").expect(t, 0)
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("pid %d still runs after stop-cluster", pid)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(h.home, "run", "*.pid")); len(files) > 0 {
		t.Errorf("stop-cluster left %v", files)
	}
}
