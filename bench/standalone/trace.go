package main

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// The syscalls the diagnosis records: durability, the per-attempt files, process start and end.
var tracedSyscalls = []string{"fdatasync", "fsync", "pwrite64", "write", "openat", "mkdirat",
	"unlinkat", "renameat", "newfstatat", "close", "clone", "clone3", "waitid"}

// traceReport is what one chain run under a syscall tracer shows: syscalls per task and the
// critical path from one task's exit to the next task's spawn.
type traceReport struct {
	tool     string
	tasks    int          // task exits seen in the trace
	perTask  []traceCount // per task transition, server threads only
	segments []traceSeg   // medians over the transitions
	fsyncs   float64      // median fsync calls on the critical path
	samples  int          // transitions with every marker found
}

type traceCount struct {
	name  string
	calls float64
	ms    float64 // time inside the call
}

type traceSeg struct {
	label string
	ms    float64
}

// traceEvent is one syscall of a server thread, times in milliseconds.
type traceEvent struct {
	tid        int
	name       string
	start, end float64
	text       string
}

// traceChain runs the chain workflow (script actions) once on a fresh server under `perf
// trace` (or strace when perf cannot trace), attached to the server's threads only: the tasks
// themselves are not traced. Not part of the medians: tracing slows every traced syscall.
func (b *bench) traceChain(dir string) (*traceReport, error) {
	var errs []string
	for _, tool := range []string{"perf", "strace"} {
		if _, err := exec.LookPath(tool); err != nil {
			errs = append(errs, tool+" not found")
			continue
		}
		r, err := b.traceChainWith(filepath.Join(dir, tool), tool)
		if err == nil {
			return r, nil
		}
		errs = append(errs, tool+": "+firstLine(err.Error()))
	}
	return nil, errors.New(strings.Join(errs, "; "))
}

func (b *bench) traceChainWith(dir, tool string) (*traceReport, error) {
	s, err := b.readyServer(dir, serverOpts{Slots: 8}, map[string]string{
		"chain.xml": benchkit.ChainXML("chain", benchkit.KindScript, "true", b.chainLen, 10),
		"warm.xml":  benchkit.ChainXML("warm", benchkit.KindScript, "true", 3, 10),
	})
	if err != nil {
		return nil, err
	}
	defer s.stop()
	out := filepath.Join(dir, "trace.out")
	var args []string
	tids, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*", s.pid()))
	if tool == "perf" {
		args = []string{"trace", "-o", out, "-e", strings.Join(tracedSyscalls, ","), "-p", strconv.Itoa(s.pid())}
	} else {
		args = []string{"-ttt", "-T", "-qq", "-o", out, "-e", "trace=" + strings.Join(tracedSyscalls, ",")}
		for _, t := range tids {
			args = append(args, "-p", filepath.Base(t))
		}
	}
	cmd := exec.Command(tool, args...)
	errPath := filepath.Join(dir, "tracer.err")
	errFile, err := os.Create(errPath)
	if err != nil {
		return nil, err
	}
	defer errFile.Close()
	cmd.Stdout, cmd.Stderr = errFile, errFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stopTracer := func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	err = benchkit.WaitFor(10*time.Second, 10*time.Millisecond, func() (bool, error) {
		select {
		case err := <-done:
			b, _ := os.ReadFile(errPath)
			return false, fmt.Errorf("%s exited: %v: %s", tool, err, strings.TrimSpace(string(b)))
		default:
		}
		if tool == "perf" {
			return perfAttached(cmd.Process.Pid), nil
		}
		for _, t := range tids {
			st, err := os.ReadFile(t + "/status")
			if err == nil && strings.Contains(string(st), "TracerPid:\t0\n") {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		stopTracer()
		return nil, err
	}
	// The warm-up runs traced too; the analysis uses whole transitions only, so when the
	// tracer really began does not matter.
	err = warmUp(s)
	var id string
	if err == nil {
		id, err = benchkit.Trigger(s.api, "chain")
	}
	if err == nil {
		_, err = benchkit.WaitInstance(s.api, "chain", id, 300*time.Second, 100*time.Millisecond)
	}
	stopTracer()
	if err != nil {
		return nil, s.withLog(err)
	}
	var evs []traceEvent
	if tool == "perf" {
		evs, err = parsePerf(out)
	} else {
		evs, err = parseStrace(out)
	}
	if err != nil {
		return nil, err
	}
	r := analyseTrace(evs)
	if r.samples == 0 {
		return nil, fmt.Errorf("%s: no complete task transition in %d events", tool, len(evs))
	}
	r.tool = tool
	return r, nil
}

// perfAttached reports whether perf holds perf_event file descriptors yet.
func perfAttached(pid int) bool {
	fds, _ := filepath.Glob(fmt.Sprintf("/proc/%d/fd/*", pid))
	for _, fd := range fds {
		if l, err := os.Readlink(fd); err == nil && strings.Contains(l, "perf_event") {
			return true
		}
	}
	return false
}

var (
	// "   628.481 ( 0.220 ms): actorflow/16131  ... [continued]: clone())   = 16273 (actorflow)"
	// "   628.481 (         ): actorflow/16131 clone(clone_flags: VM|PIDFD|VFORK|0x11)   ..."
	perfLine      = regexp.MustCompile(`^\s*(\d+\.\d+)\s+\(\s*(?:(\d+\.\d+)\s*ms)?\s*\):\s+\S+/(\d+)\s+(.*)$`)
	perfContinued = regexp.MustCompile(`^\.\.\. \[continued\]: ([a-z0-9_]+)\(`)
	stLine        = regexp.MustCompile(`^(?:\[pid\s+)?(\d+)\]?\s+(\d+\.\d+)\s+(.*)$`)
	stResumed     = regexp.MustCompile(`^<\.\.\. ([a-z0-9_]+) resumed>`)
	stDur         = regexp.MustCompile(`<(\d+\.\d+)>$`)
	callName      = regexp.MustCompile(`^([a-z0-9_]+)\(`)
)

func scanLines(path string, f func(string)) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		f(sc.Text())
	}
	return sc.Err()
}

func parsePerf(path string) ([]traceEvent, error) {
	pending := map[int]string{} // tid → text of an unfinished call
	var evs []traceEvent
	err := scanLines(path, func(line string) {
		m := perfLine.FindStringSubmatch(line)
		if m == nil {
			return
		}
		ts, _ := strconv.ParseFloat(m[1], 64)
		tid, _ := strconv.Atoi(m[3])
		rest := strings.TrimSpace(m[4])
		if c := perfContinued.FindStringSubmatch(rest); c != nil {
			dur, _ := strconv.ParseFloat(m[2], 64)
			evs = append(evs, traceEvent{tid: tid, name: c[1], start: ts, end: ts + dur, text: pending[tid] + rest})
			delete(pending, tid)
			return
		}
		c := callName.FindStringSubmatch(rest)
		if c == nil {
			return
		}
		if m[2] == "" { // unfinished: the [continued] line carries the duration
			pending[tid] = rest
			return
		}
		dur, _ := strconv.ParseFloat(m[2], 64)
		evs = append(evs, traceEvent{tid: tid, name: c[1], start: ts, end: ts + dur, text: rest})
	})
	return evs, err
}

func parseStrace(path string) ([]traceEvent, error) {
	type pend struct {
		name  string
		start float64
		text  string
	}
	pending := map[int]pend{}
	var evs []traceEvent
	err := scanLines(path, func(line string) {
		m := stLine.FindStringSubmatch(line)
		if m == nil {
			return
		}
		tid, _ := strconv.Atoi(m[1])
		sec, _ := strconv.ParseFloat(m[2], 64)
		ts := sec * 1e3
		rest := m[3]
		if r := stResumed.FindStringSubmatch(rest); r != nil {
			p, ok := pending[tid]
			delete(pending, tid)
			if ok && p.name == r[1] {
				evs = append(evs, traceEvent{tid: tid, name: p.name, start: p.start, end: ts, text: p.text + rest})
			}
			return
		}
		c := callName.FindStringSubmatch(rest)
		if c == nil {
			return // signals, exits
		}
		if strings.HasSuffix(rest, "<unfinished ...>") {
			pending[tid] = pend{name: c[1], start: ts, text: rest}
			return
		}
		end := ts
		if d := stDur.FindStringSubmatch(rest); d != nil {
			v, _ := strconv.ParseFloat(d[1], 64)
			end = ts + v*1e3
		}
		evs = append(evs, traceEvent{tid: tid, name: c[1], start: ts, end: end, text: rest})
	})
	return evs, err
}

// analyseTrace follows each task transition: the task's exit (its waitid returns) to the next
// spawn (a clone with CLONE_VFORK, as os/exec does). Only the worker waits on processes and
// only it spawns, so in a chain each exit is followed by exactly the next task's spawn.
func analyseTrace(evs []traceEvent) *traceReport {
	slices.SortFunc(evs, func(a, b traceEvent) int { return cmp.Compare(a.start, b.start) })
	var exits []float64
	var spawns []traceEvent
	for _, e := range evs {
		switch {
		case e.name == "waitid":
			exits = append(exits, e.end)
		case (e.name == "clone" || e.name == "clone3") && strings.Contains(e.text, "VFORK"):
			spawns = append(spawns, e)
		}
	}
	slices.Sort(exits)
	r := &traceReport{tasks: len(exits)}
	if len(exits) < 2 {
		return r
	}

	// Calls per task over whole transitions (first exit to last exit).
	counts := map[string]*traceCount{}
	first, last := exits[0], exits[len(exits)-1]
	for _, e := range evs {
		if e.start < first || e.start >= last {
			continue
		}
		c := counts[e.name]
		if c == nil {
			c = &traceCount{name: e.name}
			counts[e.name] = c
		}
		c.calls++
		c.ms += e.end - e.start
	}
	n := float64(len(exits) - 1)
	for _, name := range tracedSyscalls {
		if c := counts[name]; c != nil {
			r.perTask = append(r.perTask, traceCount{name: name, calls: c.calls / n, ms: c.ms / n})
		}
	}

	var toDurable, inSync, toWorker, files, spawn, total, nsync []float64
	for i, x := range exits {
		j, _ := slices.BinarySearchFunc(spawns, x, func(e traceEvent, t float64) int { return cmp.Compare(e.start, t) })
		if j == len(spawns) || (i+1 < len(exits) && spawns[j].start > exits[i+1]) {
			continue
		}
		sp := spawns[j]
		mkdir := -1.0
		for _, e := range evs {
			if e.start > x && e.start < sp.start && e.name == "mkdirat" {
				mkdir = e.start
				break
			}
		}
		if mkdir < 0 {
			continue
		}
		// Every fsync still running at the exit or started before the attempt's first
		// directory is on the path: the finish waits for a commit in flight.
		var syncs [][2]float64
		for _, e := range evs {
			if (e.name == "fdatasync" || e.name == "fsync") && e.end > x && e.start < mkdir {
				syncs = append(syncs, [2]float64{max(e.start, x), e.end})
			}
		}
		if len(syncs) == 0 {
			continue
		}
		durable := x
		for _, s := range syncs {
			durable = max(durable, s[1])
		}
		toDurable = append(toDurable, durable-x)
		inSync = append(inSync, unionLen(syncs))
		toWorker = append(toWorker, mkdir-durable)
		files = append(files, sp.start-mkdir)
		spawn = append(spawn, sp.end-sp.start)
		total = append(total, sp.end-x)
		nsync = append(nsync, float64(len(syncs)))
	}
	r.samples = len(total)
	if r.samples == 0 {
		return r
	}
	r.fsyncs = benchkit.Median(nsync)
	r.segments = []traceSeg{
		{"task exit reaped → last fsync on the path ends (result → master → Raft commit)", benchkit.Median(toDurable)},
		{"  of which inside fdatasync", benchkit.Median(inSync)},
		{"commit durable → worker makes the attempt's first directory (FSM apply, dispatch)", benchkit.Median(toWorker)},
		{"first directory → spawn begins (node and attempt dirs, script)", benchkit.Median(files)},
		{"spawn: clone+exec until it returns (Started is taken here)", benchkit.Median(spawn)},
		{"total: exit reaped → next task spawned", benchkit.Median(total)},
	}
	return r
}

// unionLen is the total length covered by intervals.
func unionLen(iv [][2]float64) float64 {
	s := slices.Clone(iv)
	slices.SortFunc(s, func(a, b [2]float64) int { return cmp.Compare(a[0], b[0]) })
	var total, curS, curE float64
	started := false
	for _, v := range s {
		if !started || v[0] > curE {
			if started {
				total += curE - curS
			}
			curS, curE, started = v[0], v[1], true
			continue
		}
		curE = max(curE, v[1])
	}
	if started {
		total += curE - curS
	}
	return total
}

// profile is a CPU profile's top functions (self and, for actorflow's own, inclusive time).
type profile struct {
	what            string
	self, inclusive []string // "12.2% cmpbody"; kernel functions marked [k]
	seconds         float64  // wall time profiled
}

// perfRecord samples the server's threads (user and kernel stacks) while during runs.
func perfRecord(dir string, pid int, during func() error) (data string, secs float64, err error) {
	if _, err := exec.LookPath("perf"); err != nil {
		return "", 0, errors.New("perf not found")
	}
	data = filepath.Join(dir, "perf.data")
	cmd := exec.Command("perf", "record", "-F", "999", "-g", "-o", data, "-p", strconv.Itoa(pid))
	errPath := filepath.Join(dir, "perf.err")
	errFile, err := os.Create(errPath)
	if err != nil {
		return "", 0, err
	}
	defer errFile.Close()
	cmd.Stdout, cmd.Stderr = errFile, errFile
	if err := cmd.Start(); err != nil {
		return "", 0, err
	}
	t0 := time.Now()
	err = during()
	secs = time.Since(t0).Seconds()
	_ = cmd.Process.Signal(syscall.SIGINT)
	werr := cmd.Wait()
	if err != nil {
		return "", 0, err
	}
	if _, serr := os.Stat(data); werr != nil && serr != nil { // perf exits "interrupted" on SIGINT
		b, _ := os.ReadFile(errPath)
		return "", 0, fmt.Errorf("perf record: %v: %s", werr, strings.TrimSpace(string(b)))
	}
	return data, secs, nil
}

func profileOf(what, data string, secs float64) (*profile, error) {
	p := &profile{what: what, seconds: secs}
	var err error
	if p.self, err = perfReport(data, "--no-children", 10, ""); err != nil {
		return nil, err
	}
	if p.inclusive, err = perfReport(data, "--children", 8, "actorflow/actorflow/"); err != nil {
		return nil, err
	}
	return p, nil
}

// profileLoad runs the load10k start once more under `perf record`, from process start to
// ready, and returns where the CPU went. Not part of the medians.
func (b *bench) profileLoad(dir string) (*profile, error) {
	xmlDir := filepath.Join(dir, "xmlconfig")
	if err := os.MkdirAll(xmlDir, 0o755); err != nil {
		return nil, err
	}
	if err := benchkit.WriteSmallFiles(xmlDir, b.files); err != nil {
		return nil, err
	}
	s, err := b.startServer(dir, serverOpts{Slots: 8})
	if err != nil {
		return nil, err
	}
	defer s.stop()
	data, secs, err := perfRecord(dir, s.pid(), func() error {
		_, err := s.waitReady(300*time.Second, 20*time.Millisecond)
		return err
	})
	if err != nil {
		return nil, err
	}
	return profileOf(fmt.Sprintf("load10k start (%d files), process start → ready", b.files), data, secs)
}

// profileChain runs the chain (script actions) once more under `perf record`.
func (b *bench) profileChain(dir string) (*profile, error) {
	s, err := b.readyServer(dir, serverOpts{Slots: 8}, map[string]string{
		"chain.xml": benchkit.ChainXML("chain", benchkit.KindScript, "true", b.chainLen, 10),
		"warm.xml":  benchkit.ChainXML("warm", benchkit.KindScript, "true", 3, 10),
	})
	if err != nil {
		return nil, err
	}
	defer s.stop()
	if err := warmUp(s); err != nil {
		return nil, s.withLog(err)
	}
	data, secs, err := perfRecord(dir, s.pid(), func() error {
		id, err := benchkit.Trigger(s.api, "chain")
		if err == nil {
			_, err = benchkit.WaitInstance(s.api, "chain", id, 300*time.Second, 50*time.Millisecond)
		}
		return err
	})
	if err != nil {
		return nil, s.withLog(err)
	}
	return profileOf(fmt.Sprintf("chain of %d script tasks, server threads", b.chainLen), data, secs)
}

var perfReportLine = regexp.MustCompile(`^\s*(\d+\.\d+)%\s+(?:\d+\.\d+%\s+)?\[([.k])\]\s+(.+?)\s*$`)

// perfReport lists the top n symbols of a perf.data file ("12.2% name"), optionally only those
// containing filter.
func perfReport(data, mode string, n int, filter string) ([]string, error) {
	out, err := exec.Command("perf", "report", "-i", data, mode, "--sort", "symbol", "--stdio",
		"-g", "none", "--percent-limit", "0.5").Output()
	if err != nil {
		return nil, fmt.Errorf("perf report: %w", err)
	}
	var top []string
	for _, line := range strings.Split(string(out), "\n") {
		m := perfReportLine.FindStringSubmatch(line)
		if m == nil || (filter != "" && !strings.Contains(m[3], filter)) {
			continue
		}
		name, _, _ := strings.Cut(m[3], "  ") // drop the trailing columns
		name = strings.TrimPrefix(name, "github.com/actorflow/actorflow/")
		if m[2] == "k" {
			name = "[k] " + name
		}
		top = append(top, m[1]+"% "+name)
		if len(top) == n {
			break
		}
	}
	return top, nil
}
