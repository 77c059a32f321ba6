//go:build linux

package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// testCluster is a cluster of real actorflow processes on loopback. Each node binds its own
// 127.a.b.x address, which stands in for a separate host: the same gossip port everywhere,
// as on a real network.
type testCluster struct {
	t      testing.TB
	net    string // "127.a.b." prefix of this cluster's addresses
	dir    string
	xml    string
	shared string // a directory every task may write to (execution journals)
	join   string
	extra  []string

	mu    sync.Mutex
	nodes map[string]*clusterNode
	order []string
}

// clusterNode is one process of a testCluster.
type clusterNode struct {
	name, role, ip, home, logPath string
	args                          []string
	cmd                           *exec.Cmd
	done                          chan struct{}
}

type clusterSpec struct {
	Controllers, Workers int
	Slots                int
	HTTP                 bool
	Extra                []string // flags for every node
	WorkerExtra          []string
}

var usedNets sync.Map

// newNet picks an unused 127.a.b.0/24 for one cluster.
func newNet() string {
	for {
		n := fmt.Sprintf("127.%d.%d.", 100+rand.IntN(150), 1+rand.IntN(250))
		if _, taken := usedNets.LoadOrStore(n, true); !taken {
			return n
		}
	}
}

// startCluster starts controllers c1.., workers w1.. and optionally an http node h1, and
// waits until the http node (or c1) reports a master and every node alive.
func startCluster(t testing.TB, spec clusterSpec) *testCluster {
	t.Helper()
	dir := t.TempDir()
	c := &testCluster{t: t, net: newNet(), dir: dir, xml: filepath.Join(dir, "xmlconfig"),
		shared: filepath.Join(dir, "shared"), extra: spec.Extra, nodes: map[string]*clusterNode{}}
	for _, d := range []string{c.xml, c.shared} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var seeds []string
	for i := 1; i <= spec.Controllers; i++ {
		seeds = append(seeds, fmt.Sprintf("%s%d:7946", c.net, 10+i))
	}
	c.join = strings.Join(seeds, ",")
	if spec.Slots == 0 {
		spec.Slots = 4
	}
	for i := 1; i <= spec.Controllers; i++ {
		role := "standby"
		if i == 1 {
			role = "master"
		}
		c.add(fmt.Sprintf("c%d", i), role, fmt.Sprintf("%s%d", c.net, 10+i),
			"--bootstrap-expect", fmt.Sprint(spec.Controllers), "--xmlconfig", c.xml)
	}
	for i := 1; i <= spec.Workers; i++ {
		c.add(fmt.Sprintf("w%d", i), "worker", fmt.Sprintf("%s%d", c.net, 20+i),
			append([]string{"--slots", fmt.Sprint(spec.Slots)}, spec.WorkerExtra...)...)
	}
	if spec.HTTP {
		ip := c.net + "31"
		c.add("h1", "http", ip, "--http", ip+":8090")
	}
	t.Cleanup(c.shutdown)
	for _, name := range c.order {
		c.start(name)
	}
	c.waitHealthy(60 * time.Second)
	return c
}

func (c *testCluster) add(name, role, ip string, args ...string) {
	n := &clusterNode{name: name, role: role, ip: ip, home: filepath.Join(c.dir, name),
		logPath: filepath.Join(c.dir, name+".log"), args: args}
	c.nodes[name] = n
	c.order = append(c.order, name)
}

func (c *testCluster) node(name string) *clusterNode {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.nodes[name]
	if n == nil {
		c.t.Fatalf("no node %s", name)
	}
	return n
}

// start (re)starts a node with its existing home.
func (c *testCluster) start(name string) {
	c.t.Helper()
	n := c.node(name)
	args := []string{n.role, "--name", n.name, "--bind", n.ip, "--join", c.join, "--home", n.home,
		"--log-level", "info", "--stop-grace", "5", "--kill-grace", "1"}
	args = append(append(args, c.extra...), n.args...)
	logf, err := os.OpenFile(n.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		c.t.Fatal(err)
	}
	fmt.Fprintf(logf, "=== %s start %v\n", time.Now().Format(time.RFC3339Nano), args)
	cmd := exec.Command(actorflowBin, args...)
	cmd.Env = append(os.Environ(), "ACTORFLOW_SHARED="+c.shared)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		c.t.Fatalf("start %s: %v", name, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(done) }()
	c.mu.Lock()
	n.cmd, n.done = cmd, done
	c.mu.Unlock()
}

// kill sends SIGKILL to the node's process (not its tasks: they run in their own groups)
// and waits for it to exit.
func (c *testCluster) kill(name string) {
	c.signal(name, syscall.SIGKILL, 10*time.Second)
}

// stop sends SIGTERM and waits for a graceful exit.
func (c *testCluster) stop(name string) {
	c.signal(name, syscall.SIGTERM, 60*time.Second)
}

func (c *testCluster) signal(name string, sig syscall.Signal, wait time.Duration) {
	c.t.Helper()
	n := c.node(name)
	c.mu.Lock()
	cmd, done := n.cmd, n.done
	c.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
	case <-time.After(wait):
		_ = cmd.Process.Kill()
		<-done
		c.t.Fatalf("%s did not exit within %s of %v; log:\n%s", name, wait, sig, tail(n.logPath, 40))
	}
}

func (c *testCluster) running(name string) bool {
	n := c.node(name)
	c.mu.Lock()
	done := n.done
	c.mu.Unlock()
	if done == nil {
		return false
	}
	select {
	case <-done:
		return false
	default:
		return true
	}
}

func (c *testCluster) shutdown() {
	for i := len(c.order) - 1; i >= 0; i-- {
		n := c.nodes[c.order[i]]
		if n.cmd != nil && c.running(n.name) {
			_ = n.cmd.Process.Kill()
			<-n.done
		}
	}
	if c.t.Failed() {
		for _, name := range c.order {
			c.t.Logf("--- log of %s:\n%s", name, tail(c.nodes[name].logPath, 60))
		}
	}
}

// httpAddr is the API address a node wrote into its home.
func (c *testCluster) httpAddr(name string) string {
	b, err := os.ReadFile(filepath.Join(c.node(name).home, "http.addr"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// api is a client of the http node when there is one, else of the first running controller.
func (c *testCluster) api() *client.Client {
	if _, ok := c.nodes["h1"]; ok {
		return client.New("http://"+c.httpAddr("h1"), client.WithTimeout(10*time.Second))
	}
	for _, name := range c.order {
		if c.nodes[name].role != "worker" && c.running(name) {
			if l := c.leader(); l != "" {
				return client.New("http://"+c.httpAddr(l), client.WithTimeout(10*time.Second))
			}
		}
	}
	return client.New("http://" + c.httpAddr("c1"))
}

// members asks a running controller for the cluster view.
func (c *testCluster) members() []apiv1.Member {
	for _, name := range c.order {
		n := c.nodes[name]
		if (n.role == "master" || n.role == "standby") && c.running(name) {
			cl := client.New("http://"+c.httpAddr(name), client.WithTimeout(2*time.Second))
			if l, err := cl.Members(context.Background()); err == nil {
				return l.Items
			}
		}
	}
	return nil
}

// leader is the controller that is ready as master (its /readyz answers 200), or "".
func (c *testCluster) leader() string {
	for _, name := range c.order {
		n := c.nodes[name]
		if (n.role == "master" || n.role == "standby") && c.running(name) {
			addr := c.httpAddr(name)
			if addr == "" {
				continue
			}
			cl := client.New("http://"+addr, client.WithTimeout(time.Second))
			if cl.Readyz(context.Background()) == nil {
				return name
			}
		}
	}
	return ""
}

// waitHealthy waits for a ready master and every running node alive in its view.
func (c *testCluster) waitHealthy(timeout time.Duration) {
	c.t.Helper()
	eventually(c.t, timeout, func() bool {
		if c.leader() == "" {
			return false
		}
		alive := map[string]bool{}
		for _, m := range c.members() {
			alive[m.Name] = m.Status == "alive"
		}
		for _, name := range c.order {
			if c.running(name) && !alive[name] {
				return false
			}
		}
		if _, ok := c.nodes["h1"]; ok {
			if client.New("http://"+c.httpAddr("h1"), client.WithTimeout(time.Second)).Readyz(context.Background()) != nil {
				return false
			}
		}
		return true
	}, "the cluster did not become healthy (a ready master, every node alive)")
}

// writeWorkflow drops a workflow file into the shared xmlconfig directory.
func (c *testCluster) writeWorkflow(name, xml string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.xml, name+".xml"), []byte(xml), 0o644); err != nil {
		c.t.Fatal(err)
	}
}
