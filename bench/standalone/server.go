package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/client"
	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// serverOpts are the standalone flags a scenario chooses.
type serverOpts struct {
	Slots int
	Extra []string // more flags
}

// server is one running `actorflow standalone` on fresh temporary directories.
type server struct {
	cmd     *exec.Cmd
	home    string
	xmlDir  string
	logPath string
	addr    string // host:port of the HTTP API
	started time.Time
	api     *client.Client
	hc      *http.Client
	exited  chan struct{}
	waitErr error
	term    sync.Once // a second SIGTERM would make the server exit at once, without draining
}

// live is every server started and not yet stopped, for stopLiveServers.
var live = struct {
	sync.Mutex
	m      map[*server]bool
	closed bool // interrupted: start no more servers
}{m: map[*server]bool{}}

// stopLiveServers stops a running build and every running server (on an interrupt).
func stopLiveServers() {
	benchkit.StopBuild()
	live.Lock()
	live.closed = true
	var all []*server
	for s := range live.m {
		all = append(all, s)
	}
	live.Unlock()
	var wg sync.WaitGroup
	for _, s := range all {
		wg.Add(1)
		go func() { defer wg.Done(); s.stop() }()
	}
	wg.Wait()
}

// serverEnv is the bench's environment without ACTORFLOW_* settings, so a developer's own
// configuration cannot change what is measured.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ACTORFLOW_") {
			env = append(env, kv)
		}
	}
	return env
}

// startServer starts the binary on dir/home and dir/xmlconfig (which the caller may have filled
// already) and returns once the HTTP address is known; it does not wait for readiness.
func (b *bench) startServer(dir string, o serverOpts) (*server, error) {
	s := &server{home: filepath.Join(dir, "home"), xmlDir: filepath.Join(dir, "xmlconfig"),
		logPath: filepath.Join(dir, "server.log"), exited: make(chan struct{})}
	for _, d := range []string{s.home, s.xmlDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	logf, err := os.Create(s.logPath)
	if err != nil {
		return nil, err
	}
	args := []string{"standalone", "--home", s.home, "--xmlconfig", s.xmlDir,
		"--http", "127.0.0.1:0", "--raft-addr", "127.0.0.1:0", "--slots", strconv.Itoa(o.Slots),
		// Stopping must not wait for held tasks (instance-memory scenario).
		"--stop-grace", "1s", "--kill-grace", "1s", "--log-level", b.logLevel}
	args = append(args, o.Extra...)
	s.cmd = exec.Command(b.bin, args...)
	s.cmd.Env = serverEnv()
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Start and register under the lock, so an interrupt either sees this server or stops it
	// from starting.
	live.Lock()
	if live.closed {
		live.Unlock()
		logf.Close()
		return nil, errors.New("interrupted")
	}
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		live.Unlock()
		logf.Close()
		return nil, err
	}
	live.m[s] = true
	live.Unlock()
	go func() {
		s.waitErr = s.cmd.Wait()
		logf.Close()
		live.Lock()
		delete(live.m, s)
		live.Unlock()
		close(s.exited)
	}()
	addrFile := filepath.Join(s.home, "http.addr")
	err = benchkit.WaitFor(30*time.Second, time.Millisecond, func() (bool, error) {
		select {
		case <-s.exited:
			return false, fmt.Errorf("server exited before binding HTTP: %v", s.waitErr)
		default:
		}
		b, err := os.ReadFile(addrFile)
		if err != nil || !strings.HasSuffix(string(b), "\n") {
			return false, nil
		}
		s.addr = strings.TrimSpace(string(b))
		return true, nil
	})
	if err != nil {
		s.stop()
		return nil, s.withLog(err)
	}
	s.hc = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32, DisableCompression: true}}
	s.api = client.New("http://"+s.addr, client.WithHTTPClient(s.hc), client.WithTimeout(60*time.Second))
	return s, nil
}

// waitReady polls /readyz every interval until it answers 200 and returns when it did.
func (s *server) waitReady(timeout, interval time.Duration) (time.Time, error) {
	var at time.Time
	err := benchkit.WaitFor(timeout, interval, func() (bool, error) {
		select {
		case <-s.exited:
			return false, fmt.Errorf("server exited: %v", s.waitErr)
		default:
		}
		resp, err := s.hc.Get("http://" + s.addr + "/readyz")
		if err != nil {
			return false, nil
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			at = time.Now()
			return true, nil
		}
		return false, nil
	})
	return at, s.withLog(err)
}

// stop sends SIGTERM (once, whoever calls), waits up to 20 s, then kills the process group.
func (s *server) stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.term.Do(func() { _ = s.cmd.Process.Signal(syscall.SIGTERM) })
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.exited
	}
	if s.hc != nil {
		s.hc.CloseIdleConnections()
	}
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// withLog adds the tail of the server's log to err.
func (s *server) withLog(err error) error {
	if err == nil {
		return nil
	}
	b, _ := os.ReadFile(s.logPath)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return fmt.Errorf("%w\n    server log tail:\n      %s", err, strings.Join(lines, "\n      "))
}

// rssKiB reads VmRSS of pid from /proc.
func rssKiB(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no VmRSS")
}

// settledRSS samples VmRSS every 200 ms until five consecutive samples lie within 1% (and
// 512 KiB) of each other, at most for limit, and returns the last sample and how long it took.
func settledRSS(pid int, limit time.Duration) (kib int64, took time.Duration, err error) {
	const window = 5
	start := time.Now()
	var last []int64
	for {
		v, err := rssKiB(pid)
		if err != nil {
			return 0, 0, err
		}
		last = append(last, v)
		if len(last) > window {
			last = last[1:]
		}
		if len(last) == window {
			lo, hi := last[0], last[0]
			for _, x := range last {
				lo, hi = min(lo, x), max(hi, x)
			}
			if hi-lo <= max(hi/100, 512) {
				return v, time.Since(start), nil
			}
		}
		if time.Since(start) > limit {
			return v, time.Since(start), nil // not stable; report the last sample
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// childCount is the number of direct children of pid (over all its threads).
func childCount(pid int) int {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	n := 0
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err == nil {
			n += len(strings.Fields(string(b)))
		}
	}
	return n
}

// metrics fetches /metrics (benchkit.ParseMetrics).
func (s *server) metrics() (map[string]float64, error) {
	resp, err := s.hc.Get("http://" + s.addr + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return benchkit.ParseMetrics(resp.Body)
}

// bg is the context of every API call; each call has the client's own timeout.
var bg = context.Background()
