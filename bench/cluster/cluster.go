package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/client"
	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// shape is the layout of one cluster: like sbin/start-cluster's local cluster (3 controllers,
// 2 workers, 1 http node) unless a scenario says otherwise.
type shape struct {
	controllers, workers, slots int
	// standalone: one `actorflow standalone` process (s1) with slots instead, the reference
	// measured under the same conditions as the cluster.
	standalone bool
}

// cluster is one set of actorflow processes on loopback. Every node binds its own 127.a.b.x
// address, which stands in for a separate host: the same gossip port (7946) everywhere, as
// on a real network and as internal/e2e's cluster harness does.
type cluster struct {
	bin, logLevel string
	net           string // "127.a.b." prefix
	dir, xml      string
	shared        string // $ACTORFLOW_SHARED of every task
	join          string
	order         []string
	nodes         map[string]*node
}

// node is one process of a cluster.
type node struct {
	name, role, ip, home, logPath string
	args                          []string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
}

// live is every cluster started and not yet stopped, so an interrupt can stop them.
var live = struct {
	sync.Mutex
	m      map[*cluster]bool
	closed bool
}{m: map[*cluster]bool{}}

func stopLiveClusters() {
	benchkit.StopBuild()
	live.Lock()
	live.closed = true
	var all []*cluster
	for c := range live.m {
		all = append(all, c)
	}
	live.Unlock()
	for _, c := range all {
		c.stop()
	}
}

// newNet picks a 127.a.b.0/24 whose c1 gossip port is free. a is in 10–99, apart from the
// 100–249 internal/e2e draws from, so a test and a bench on one machine do not collide.
func newNet() (string, error) {
	for range 50 {
		n := fmt.Sprintf("127.%d.%d.", 10+rand.IntN(90), 1+rand.IntN(250))
		ln, err := net.Listen("tcp", n+"11:7946")
		if err != nil {
			continue
		}
		ln.Close()
		return n, nil
	}
	return "", errors.New("no free 127.a.b.11:7946 found in 50 tries")
}

// startCluster starts controllers c1.., workers w1.. and the http node h1 on fresh directories
// under dir, with xmlconfig filled with files, and waits until it is healthy.
func (b *bench) startCluster(dir string, sh shape, files map[string]string) (*cluster, error) {
	prefix, err := newNet()
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: b.bin, logLevel: b.logLevel, net: prefix, dir: dir,
		xml: filepath.Join(dir, "xmlconfig"), shared: filepath.Join(dir, "shared"), nodes: map[string]*node{}}
	for _, d := range []string{c.xml, c.shared} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	for name, content := range files {
		if err := benchkit.WriteFile(c.xml, name, content); err != nil {
			return nil, err
		}
	}
	if sh.standalone {
		ip := c.net + "41"
		c.add("s1", "standalone", ip, "--xmlconfig", c.xml, "--http", ip+":0", "--raft-addr", ip+":0",
			"--slots", fmt.Sprint(sh.slots))
		sh.controllers, sh.workers = 0, 0
	}
	var seeds []string
	for i := 1; i <= sh.controllers; i++ {
		seeds = append(seeds, fmt.Sprintf("%s%d:7946", c.net, 10+i))
	}
	c.join = strings.Join(seeds, ",")
	for i := 1; i <= sh.controllers; i++ {
		role := "standby"
		if i == 1 {
			role = "master"
		}
		c.add(fmt.Sprintf("c%d", i), role, fmt.Sprintf("%s%d", c.net, 10+i),
			"--bootstrap-expect", fmt.Sprint(sh.controllers), "--xmlconfig", c.xml)
	}
	for i := 1; i <= sh.workers; i++ {
		c.add(fmt.Sprintf("w%d", i), "worker", fmt.Sprintf("%s%d", c.net, 20+i), "--slots", fmt.Sprint(sh.slots))
	}
	if !sh.standalone {
		ip := c.net + "31"
		c.add("h1", "http", ip, "--http", ip+":8090")
	}
	live.Lock()
	if live.closed {
		live.Unlock()
		return nil, errors.New("interrupted")
	}
	live.m[c] = true
	live.Unlock()
	for _, name := range c.order {
		if err := c.start(name); err != nil {
			c.stop()
			return nil, err
		}
	}
	if err := c.waitHealthy(120 * time.Second); err != nil {
		c.stop()
		return nil, err
	}
	// The leader's first scan loaded the files; make sure the API lists them.
	err = benchkit.WaitFor(60*time.Second, 20*time.Millisecond, func() (bool, error) {
		l, err := c.api().ListWorkflows(bg, client.WorkflowFilter{Limit: 1})
		return err == nil && l.Total >= len(files), nil
	})
	if err != nil {
		c.stop()
		return nil, c.withLogs(fmt.Errorf("definitions not listed through h1: %w", err))
	}
	return c, nil
}

func (c *cluster) add(name, role, ip string, args ...string) {
	c.nodes[name] = &node{name: name, role: role, ip: ip, home: filepath.Join(c.dir, name),
		logPath: filepath.Join(c.dir, name+".log"), args: args}
	c.order = append(c.order, name)
}

// env is the bench's environment without ACTORFLOW_* settings (a developer's configuration
// must not change what is measured), plus the tasks' shared directory.
func (c *cluster) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ACTORFLOW_") {
			env = append(env, kv)
		}
	}
	return append(env, "ACTORFLOW_SHARED="+c.shared)
}

// start (re)starts a node on its existing home.
func (c *cluster) start(name string) error {
	n := c.nodes[name]
	args := []string{n.role, "--home", n.home, "--log-level", c.logLevel, "--stop-grace", "1s", "--kill-grace", "1s"}
	if n.role != "standalone" {
		args = append(args, "--name", n.name, "--bind", n.ip, "--join", c.join)
	}
	args = append(args, n.args...)
	logf, err := os.OpenFile(n.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(logf, "=== %s start %v\n", time.Now().Format(time.RFC3339Nano), args)
	cmd := exec.Command(c.bin, args...)
	cmd.Env = c.env()
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A restarted controller must not be taken for ready on its previous run's address.
	if n.role != "worker" {
		os.Remove(filepath.Join(n.home, "http.addr"))
	}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", name, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(exited) }()
	n.mu.Lock()
	n.cmd, n.exited = cmd, exited
	n.mu.Unlock()
	return nil
}

func (n *node) running() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.exited == nil {
		return false
	}
	select {
	case <-n.exited:
		return false
	default:
		return true
	}
}

// died reports whether the node was started and is no longer running.
func (n *node) died() bool {
	n.mu.Lock()
	started := n.exited != nil
	n.mu.Unlock()
	return started && !n.running()
}

// pid is the node's process id, 0 when it is not running.
func (n *node) pid() int {
	if !n.running() {
		return 0
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.cmd.Process.Pid
}

// kill sends SIGKILL to the node's process only (tasks run in their own groups) and waits.
func (c *cluster) kill(name string) error {
	n := c.nodes[name]
	n.mu.Lock()
	cmd, exited := n.cmd, n.exited
	n.mu.Unlock()
	if cmd == nil {
		return nil
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-exited:
		return nil
	case <-time.After(10 * time.Second):
		return fmt.Errorf("%s did not exit within 10 s of SIGKILL", name)
	}
}

// stop sends SIGTERM to every running node at once, waits up to 20 s for each, then kills
// the process group of those still running.
func (c *cluster) stop() {
	var wg sync.WaitGroup
	for _, n := range c.nodes {
		n.mu.Lock()
		cmd, exited := n.cmd, n.exited
		n.mu.Unlock()
		if cmd == nil || !n.running() {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(20 * time.Second):
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				<-exited
			}
		}()
	}
	wg.Wait()
	live.Lock()
	delete(live.m, c)
	live.Unlock()
}

// httpAddr is the API address a node wrote into its home, or "".
func (c *cluster) httpAddr(name string) string {
	b, err := os.ReadFile(filepath.Join(c.nodes[name].home, "http.addr"))
	if err != nil || !strings.HasSuffix(string(b), "\n") {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// hc is shared by every API client of the bench; requests are short.
var hc = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8, DisableCompression: true}}

// clientOf is an API client of a node; "" when the node has no address yet.
func (c *cluster) clientOf(name string, timeout time.Duration) *client.Client {
	addr := c.httpAddr(name)
	if addr == "" {
		return nil
	}
	return client.New("http://"+addr, client.WithHTTPClient(hc), client.WithTimeout(timeout))
}

// api is the http node's API (the standalone server's), through which the bench drives the
// cluster like a user.
func (c *cluster) api() *client.Client {
	front := "h1"
	if _, ok := c.nodes["s1"]; ok {
		front = "s1"
	}
	if cl := c.clientOf(front, 60*time.Second); cl != nil {
		return cl
	}
	return client.New("http://127.0.0.1:1") // not up: every call fails
}

// controllers are the controller names in order (a standalone server counts as one).
func (c *cluster) controllers() []string {
	var out []string
	for _, name := range c.order {
		if r := c.nodes[name].role; r == "master" || r == "standby" || r == "standalone" {
			out = append(out, name)
		}
	}
	return out
}

// leader is the running controller whose /readyz answers 200, or "".
func (c *cluster) leader() string {
	for _, name := range c.controllers() {
		if !c.nodes[name].running() {
			continue
		}
		if cl := c.clientOf(name, time.Second); cl != nil && cl.Readyz(bg) == nil {
			return name
		}
	}
	return ""
}

// followsMaster reports whether a standby's /readyz says which controller is the master
// (503 "standby: the master is …"): it has heard from the leader since it started.
func (c *cluster) followsMaster(name string) bool {
	addr := c.httpAddr(name)
	if addr == "" {
		return false
	}
	resp, err := hc.Get("http://" + addr + "/readyz")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return strings.Contains(string(body), "the master is")
}

// waitHealthy waits for a ready master, every running node alive in its view and h1 ready.
func (c *cluster) waitHealthy(timeout time.Duration) error {
	err := benchkit.WaitFor(timeout, 50*time.Millisecond, func() (bool, error) {
		for _, name := range c.order {
			if n := c.nodes[name]; n.died() {
				return false, fmt.Errorf("%s exited", name)
			}
		}
		l := c.leader()
		if l == "" {
			return false, nil
		}
		if c.nodes[l].role == "standalone" {
			return true, nil
		}
		members, err := c.clientOf(l, 2*time.Second).Members(bg)
		if err != nil {
			return false, nil
		}
		alive := map[string]bool{}
		for _, m := range members.Items {
			alive[m.Name] = m.Status == "alive"
		}
		for _, name := range c.order {
			if c.nodes[name].running() && !alive[name] {
				return false, nil
			}
		}
		// A restarted controller may still be listed alive from before its kill: its own API
		// (whose address file start removed) must answer too, and as a standby that has heard
		// from the master (its /readyz names it), i.e. it receives the Raft log again.
		for _, name := range c.controllers() {
			if !c.nodes[name].running() || name == l {
				continue
			}
			if !c.followsMaster(name) {
				return false, nil
			}
		}
		h := c.clientOf("h1", time.Second)
		return h != nil && h.Readyz(bg) == nil, nil
	})
	if err != nil {
		return c.withLogs(fmt.Errorf("cluster not healthy (a ready master, every node alive, h1 ready): %w", err))
	}
	return nil
}

// withLogs adds the last lines of every node's log to err.
func (c *cluster) withLogs(err error) error {
	if err == nil {
		return nil
	}
	var b strings.Builder
	for _, name := range c.order {
		data, _ := os.ReadFile(c.nodes[name].logPath)
		lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
		if len(lines) > 4 {
			lines = lines[len(lines)-4:]
		}
		fmt.Fprintf(&b, "\n    %s log tail:\n      %s", name, strings.Join(lines, "\n      "))
	}
	return fmt.Errorf("%w%s", err, b.String())
}

// cpuSample is every running node's CPU times at one moment.
type cpuSample map[string]benchkit.CPUTimes

func (c *cluster) sampleCPU() cpuSample {
	s := cpuSample{}
	for _, name := range c.order {
		if pid := c.nodes[name].pid(); pid != 0 {
			if t, err := benchkit.ProcCPU(pid); err == nil {
				s[name] = t
			}
		}
	}
	return s
}

// metrics scrapes a node's /metrics.
func (c *cluster) metrics(name string) (map[string]float64, error) {
	addr := c.httpAddr(name)
	if addr == "" {
		return nil, fmt.Errorf("%s has no API address", name)
	}
	resp, err := hc.Get("http://" + addr + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return benchkit.ParseMetrics(resp.Body)
}

// bg is the context of every API call; each client has its own timeout.
var bg = context.Background()
