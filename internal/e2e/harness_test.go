//go:build linux

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
	"github.com/actorflow/actorflow/internal/wait"
)

// pollEvery is how often conditions are re-checked.
const pollEvery = 20 * time.Millisecond

// eventually waits until cond holds, failing the test with msg when timeout passes first.
func eventually(t testing.TB, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	if !poll(timeout, cond) {
		t.Fatalf("after %s: "+format, append([]any{timeout}, args...)...)
	}
}

// poll reports whether cond held within timeout, checking every pollEvery (each check is
// usually an API call, so not more often).
func poll(timeout time.Duration, cond func() bool) bool { return wait.Poll(timeout, pollEvery, cond) }

// consistently checks that cond keeps holding for the whole of d.
func consistently(t testing.TB, d time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	if poll(d, func() bool { return !cond() }) {
		t.Fatalf("within %s: "+format, append([]any{d}, args...)...)
	}
}

// server is one `actorflow standalone` process on loopback with its own directories.
type server struct {
	t       testing.TB
	home    string
	xml     string
	logPath string
	args    []string // extra flags

	readyTimeout time.Duration
	emptyXML     bool   // start with an empty xmlconfig directory
	cwd          string // run the server here and pass it relative paths ("" = absolute)

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has exited
	addr string
	api  *client.Client
}

// serverOption adjusts a server before it starts.
type serverOption func(*server)

// withArgs adds flags to `actorflow standalone`.
func withArgs(args ...string) serverOption {
	return func(s *server) { s.args = append(s.args, args...) }
}

// withHome makes the server use an existing home directory.
func withHome(home string) serverOption { return func(s *server) { s.home = home } }

// withXMLConfig makes the server scan an existing xmlconfig directory.
func withXMLConfig(dir string) serverOption { return func(s *server) { s.xml = dir } }

// withEmptyXMLConfig starts the server on an empty xmlconfig directory, without the
// placeholder file the other tests get (see startServer).
func withEmptyXMLConfig() serverOption { return func(s *server) { s.emptyXML = true } }

// withCwd runs the server in dir and gives it --home and --xmlconfig relative to dir.
func withCwd(dir string) serverOption { return func(s *server) { s.cwd = dir } }

// withReadyTimeout bounds the wait for /readyz (default 60s).
func withReadyTimeout(d time.Duration) serverOption { return func(s *server) { s.readyTimeout = d } }

// placeholderXML is a tiny workflow every new xmlconfig directory gets, because a server whose
// xmlconfig directory is empty never becomes ready (see TestEmptyXMLConfigBecomesReady).
const placeholderXML = `<work-flow name="e2e_placeholder" creator="e2e">
  <coordinator is-enabled="false"/>
  <start name="start" to="end"/>
  <end name="end"/>
</work-flow>
`

// startServer starts a server and waits until /readyz answers 200. It is stopped when the test
// ends.
func startServer(t testing.TB, opts ...serverOption) *server {
	t.Helper()
	s := &server{t: t}
	for _, o := range opts {
		o(s)
	}
	if s.home == "" {
		s.home = t.TempDir()
	}
	if s.xml == "" {
		s.xml = filepath.Join(t.TempDir(), "xmlconfig")
		if !s.emptyXML {
			writeFile(t, filepath.Join(s.xml, "e2e_placeholder.xml"), placeholderXML)
		}
	}
	if s.readyTimeout == 0 {
		s.readyTimeout = 60 * time.Second
	}
	s.logPath = filepath.Join(t.TempDir(), "server.log")
	t.Cleanup(func() {
		s.stop()
		s.checkNoTaskSurvivors()
		if t.Failed() {
			t.Logf("server log (%s), last lines:\n%s", s.logPath, tail(s.logPath, 60))
		}
	})
	s.start()
	return s
}

// command builds the server command line.
func (s *server) command() *exec.Cmd {
	home, xml := s.home, s.xml
	if s.cwd != "" {
		home, xml = relTo(s.t, s.cwd, home), relTo(s.t, s.cwd, xml)
	}
	args := []string{"standalone", "--home", home, "--xmlconfig", xml,
		"--http", "127.0.0.1:0", "--raft-addr", "127.0.0.1:0",
		"--stop-grace", "2s", "--kill-grace", "1s"}
	cmd := exec.Command(actorflowBin, append(args, s.args...)...)
	cmd.Dir = s.cwd
	return cmd
}

func relTo(t testing.TB, base, path string) string {
	t.Helper()
	rel, err := filepath.Rel(base, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// start launches the process (again, after crash) and waits until it is ready.
func (s *server) start() {
	s.t.Helper()
	_ = os.Remove(filepath.Join(s.home, "http.addr")) // so the new address is the one read
	logf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	fmt.Fprintf(logf, "=== %s start\n", time.Now().Format(time.RFC3339Nano))
	cmd := s.command()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		s.t.Fatalf("start actorflow: %v", err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		logf.Close()
		close(done)
	}()
	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()

	ready := poll(s.readyTimeout, func() bool {
		select {
		case <-done:
			return true
		default:
		}
		b, err := os.ReadFile(filepath.Join(s.home, "http.addr"))
		if err != nil || len(bytes.TrimSpace(b)) == 0 {
			return false
		}
		addr := strings.TrimSpace(string(b))
		c := client.New("http://"+addr, client.WithTimeout(2*time.Second))
		if c.Readyz(context.Background()) != nil {
			return false
		}
		s.mu.Lock()
		s.addr, s.api = addr, client.New("http://"+addr)
		s.mu.Unlock()
		return true
	})
	select {
	case <-done:
		s.t.Fatalf("actorflow exited during startup (%v); log:\n%s", cmd.ProcessState, tail(s.logPath, 40))
	default:
	}
	if !ready {
		s.t.Fatalf("actorflow was not ready (GET /readyz 200) within %s; log:\n%s", s.readyTimeout, tail(s.logPath, 40))
	}
}

// pid is the server process's id.
func (s *server) pid() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd.Process.Pid
}

// client is the Go API client of the running process.
func (s *server) client() *client.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.api
}

// url is the server's base URL.
func (s *server) url() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return "http://" + s.addr
}

// exited reports whether the current process has ended.
func (s *server) exited() bool {
	s.mu.Lock()
	done := s.done
	s.mu.Unlock()
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// stop ends the process gracefully: SIGTERM, then SIGKILL if it has not exited in time. It
// reports whether SIGTERM was enough.
func (s *server) stop() bool {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.mu.Unlock()
	if cmd == nil {
		return true
	}
	select {
	case <-done:
		return true
	default:
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
		return true
	case <-time.After(30 * time.Second):
	}
	s.t.Errorf("actorflow (pid %d) did not stop within 30s of SIGTERM; killing it", cmd.Process.Pid)
	_ = cmd.Process.Kill()
	<-done
	return false
}

// crash SIGKILLs the process and waits until it is gone.
func (s *server) crash() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.mu.Unlock()
	_ = cmd.Process.Kill()
	<-done
}

// checkNoTaskSurvivors reports (and kills) every process that still runs a task of this
// server after it stopped: tasks carry ACTORFLOW_WORKDIR under <home>/work in their environment.
func (s *server) checkNoTaskSurvivors() {
	prefix := []byte("ACTORFLOW_WORKDIR=" + filepath.Join(s.home, "work") + "/")
	var found []int
	// A graceful stop kills the tasks' groups; give the last SIGKILLs time to land.
	poll(5*time.Second, func() bool {
		found = tasksUnder(prefix)
		return len(found) == 0
	})
	for _, pid := range found {
		s.t.Errorf("task process %d (%s) outlived its server", pid, cmdline(pid))
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// tasksUnder lists the live processes whose environment contains an entry starting with prefix.
func tasksUnder(prefix []byte) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !alive(pid) {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			if bytes.HasPrefix(kv, prefix) {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

// alive reports whether pid runs: it exists and is not a zombie (an orphan whose reaper has
// not collected it yet is dead for every purpose here).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses and may contain spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return false
	}
	state := b[i+2]
	return state != 'Z' && state != 'X'
}

func cmdline(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return strings.TrimSpace(string(bytes.ReplaceAll(b, []byte{0}, []byte{' '})))
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// cliResult is one run of the CLI.
type cliResult struct {
	code        int
	out, errOut string
}

// cli runs `actorflow --server URL args...` against s.
func (s *server) cli(args ...string) cliResult {
	s.t.Helper()
	return runCLI(s.t, append([]string{"--server", s.url()}, args...)...)
}

// runCLI runs the binary with args and returns its exit code and output.
func runCLI(t testing.TB, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, actorflowBin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("actorflow %s: %v", strings.Join(args, " "), err)
	}
	return cliResult{code: code, out: out.String(), errOut: errOut.String()}
}

// expect fails the test unless the CLI exited with code.
func (r cliResult) expect(t testing.TB, code int) cliResult {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.out, r.errOut)
	}
	return r
}

// id is the single line a command that creates an instance prints.
func (r cliResult) id(t testing.TB) string {
	t.Helper()
	id := strings.TrimSpace(r.out)
	if id == "" || strings.ContainsAny(id, " \n\t") {
		t.Fatalf("want one instance id on stdout, got %q (stderr %q)", r.out, r.errOut)
	}
	return id
}

// ctx is the context of API calls: the client bounds each request with its own timeout
// (client.DefaultTimeout), so a hung server fails the call rather than the whole test binary.
func ctx() context.Context { return context.Background() }

// add loads a definition through POST /api/v1/workflows.
func (s *server) add(xml string) {
	s.t.Helper()
	if _, err := s.client().AddWorkflow(ctx(), []byte(xml), ""); err != nil {
		s.t.Fatalf("add workflow: %v\n%s", err, xml)
	}
}

// addViaCLI loads a definition with `actorflow workflow add FILE`.
func (s *server) addViaCLI(xml string) {
	s.t.Helper()
	p := filepath.Join(s.t.TempDir(), "wf.xml")
	writeFile(s.t, p, xml)
	s.cli("workflow", "add", p).expect(s.t, 0)
}

// drop writes an xmlconfig file and waits until the server lists it as loaded with this
// content (its hash changes with every write).
func (s *server) drop(name, xml string) {
	s.t.Helper()
	before := s.xmlFile(name)
	writeFile(s.t, filepath.Join(s.xml, name), xml)
	// fsnotify normally reports the file at once; the periodic rescan (30s) is the fallback.
	eventually(s.t, 45*time.Second, func() bool {
		f := s.xmlFile(name)
		return f.Status == "loaded" && f.Hash != "" && f.Hash != before.Hash
	}, "xmlconfig file %s was not loaded: %+v", name, s.xmlFile(name))
}

// xmlFile is one entry of GET /api/v1/xmlconfig (zero when absent).
func (s *server) xmlFile(name string) apiv1.XMLFile {
	files, err := s.client().XMLConfig(ctx())
	if err != nil {
		s.t.Fatalf("GET /api/v1/xmlconfig: %v", err)
	}
	for _, f := range files.Items {
		if f.Path == name || filepath.Base(f.Path) == name {
			return f
		}
	}
	return apiv1.XMLFile{}
}

// trigger fires a workflow through the CLI and returns the new instance's id.
func (s *server) trigger(name string, args ...string) string {
	s.t.Helper()
	return s.cli(append([]string{"workflow", "trigger", name}, args...)...).expect(s.t, 0).id(s.t)
}

// instance is GET /api/v1/instances/{id}.
func (s *server) instance(id string) apiv1.Instance {
	s.t.Helper()
	inst, err := s.client().GetInstance(ctx(), id)
	if err != nil {
		s.t.Fatalf("GET instance %s: %v", id, err)
	}
	return inst
}

// terminal reports whether an instance status is final.
func terminal(status string) bool {
	return status == "succeeded" || status == "failed" || status == "killed"
}

// wait waits until the instance has finished and returns it.
func (s *server) wait(id string, timeout time.Duration) apiv1.Instance {
	s.t.Helper()
	var inst apiv1.Instance
	eventually(s.t, timeout, func() bool {
		inst = s.instance(id)
		return terminal(inst.Status)
	}, "instance %s did not finish: %s", id, describe(&inst))
	return inst
}

// waitFor waits until the instance has finished with status want and returns it.
func (s *server) waitFor(id, want string, timeout time.Duration) apiv1.Instance {
	s.t.Helper()
	inst := s.wait(id, timeout)
	if inst.Status != want {
		s.t.Fatalf("instance %s ended %s, want %s: %s", id, inst.Status, want, describe(&inst))
	}
	return inst
}

// waitStatus waits until the instance has status want (terminal or not).
func (s *server) waitStatus(id, want string, timeout time.Duration) apiv1.Instance {
	s.t.Helper()
	var inst apiv1.Instance
	eventually(s.t, timeout, func() bool {
		inst = s.instance(id)
		return inst.Status == want
	}, "instance %s never was %s: %s", id, want, describe(&inst))
	return inst
}

// describe is an instance on one line per node, for failure messages.
func describe(inst *apiv1.Instance) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %q", inst.ID, inst.Status, inst.Message)
	for _, n := range inst.Nodes {
		fmt.Fprintf(&b, "\n  %s %s attempts=%d %q", n.Name, n.Status, n.Attempts, n.Message)
		for _, a := range n.AttemptList {
			fmt.Fprintf(&b, "\n    #%d %s exit=%d %q", a.Number, a.Status, a.ExitCode, a.Message)
		}
	}
	return b.String()
}

// nodeOf returns the named node of an instance, failing the test when it is absent.
func nodeOf(t testing.TB, inst apiv1.Instance, name string) apiv1.Node {
	t.Helper()
	for _, n := range inst.Nodes {
		if n.Name == name {
			return n
		}
	}
	t.Fatalf("instance %s has no node %q: %s", inst.ID, name, describe(&inst))
	return apiv1.Node{}
}

// instancesOf lists every instance of a workflow.
func (s *server) instancesOf(workflow string) []apiv1.Instance {
	s.t.Helper()
	l, err := s.client().ListInstances(ctx(), client.InstanceFilter{Workflow: workflow, Limit: 1000})
	if err != nil {
		s.t.Fatalf("list instances of %s: %v", workflow, err)
	}
	return l.Items
}

// writeFile writes a file, creating its directory.
func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	// Write then rename, so a watcher never loads half a file.
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// touch creates an empty file (a release signal for a waiting task).
func touch(t testing.TB, path string) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// lines returns the non-empty lines of a file; none when it does not exist.
func lines(t testing.TB, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// count is how many lines of a file equal line.
func count(t testing.TB, path, line string) int {
	t.Helper()
	n := 0
	for _, l := range lines(t, path) {
		if l == line {
			n++
		}
	}
	return n
}

// readPid reads a pid a task wrote to a file. A shell creates the file before it writes the
// number (`echo $! > f`), so wait until it holds a whole line.
func readPid(t testing.TB, path string) int {
	t.Helper()
	var pid int
	eventually(t, 10*time.Second, func() bool {
		b, err := os.ReadFile(path)
		if err != nil || !strings.HasSuffix(string(b), "\n") {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil
	}, "a pid in "+path)
	return pid
}

// exists reports whether a path exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// waitScript is bash that waits until file exists.
func waitScript(file string) string {
	return fmt.Sprintf("while [ ! -e %q ]; do sleep 0.05; done", file)
}
