package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// pingXML is one script action that appends "<instance> <date +%s%N>" to the shared starts
// file: the task's own clock when it began, independent of the API (which may be down).
const pingXML = `<work-flow name="ping" instance-limit="1000">
  <coordinator is-enabled="false"/>
  <start name="start" to="stamp"/>
  <action name="stamp"><script><code><![CDATA[
echo "$ACTORFLOW_INSTANCE_ID $(date +%s%N)" >> "$ACTORFLOW_SHARED/starts"
]]></code></script><ok to="end"/></action>
  <end name="end"/>
</work-flow>
`

// stream submits runs of ping through h1 one after another, every interval, retrying a failed
// submission every 20 ms (a client that keeps trying while there is no master). It can be
// paused, so that before a kill every submitted run has started and nothing the old master
// dispatched is still in flight.
type stream struct {
	c        *cluster
	interval time.Duration

	mu       sync.Mutex
	cond     *sync.Cond
	paused   bool
	inFlight bool
	accepted int
	stopped  bool
	lastErr  error
}

func newStream(c *cluster, interval time.Duration) *stream {
	s := &stream{c: c, interval: interval}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *stream) run() {
	api := s.c.clientOf("h1", 2*time.Second)
	for {
		s.mu.Lock()
		for s.paused && !s.stopped {
			s.cond.Wait()
		}
		if s.stopped {
			s.mu.Unlock()
			return
		}
		s.inFlight = true
		s.mu.Unlock()
		_, err := api.RunWorkflow(bg, "ping", apiv1.RunRequest{})
		s.mu.Lock()
		s.inFlight = false
		if err == nil {
			s.accepted++
		} else {
			s.lastErr = err
		}
		s.cond.Broadcast()
		s.mu.Unlock()
		if err != nil {
			time.Sleep(20 * time.Millisecond)
		} else {
			time.Sleep(s.interval)
		}
	}
}

// pause stops submitting and returns once no submission is in flight, with the number of
// runs accepted so far.
func (s *stream) pause() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = true
	for s.inFlight {
		s.cond.Wait()
	}
	return s.accepted
}

func (s *stream) resume() {
	s.mu.Lock()
	s.paused = false
	s.cond.Broadcast()
	s.mu.Unlock()
}

func (s *stream) stop() {
	s.mu.Lock()
	s.stopped = true
	s.cond.Broadcast()
	s.mu.Unlock()
}

// starts reads the task start times (Unix ns) appended to the shared file so far.
func starts(path string) ([]int64, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out, err := parseStarts(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// parseStarts reads lines "<instance> <unix ns>". A last line without its newline is being
// written and is left for the next read.
func parseStarts(r io.Reader) ([]int64, error) {
	var out []int64
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if err == io.EOF {
			return out, nil // "" or a line still being written
		}
		if err != nil {
			return nil, err
		}
		fields := strings.Fields(line)
		if len(fields) != 2 {
			return nil, fmt.Errorf("line %d: want \"<instance> <unix ns>\", got %q", n, strings.TrimSpace(line))
		}
		ns, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil || ns <= 0 {
			return nil, fmt.Errorf("line %d: %q is not a positive Unix time in ns", n, fields[1])
		}
		out = append(out, ns)
	}
}

// runFailover SIGKILLs the master b.kills times on a default-shaped cluster while a stream of
// runs is submitted through h1, and measures each time from the kill to the first task that
// starts afterwards and to the first /readyz 200 of another controller. The killed controller
// is restarted on its data, and the cluster is healthy again, before the next kill.
func (b *bench) runFailover(dir string) (runResult, error) {
	c, err := b.startCluster(dir, shape{controllers: 3, workers: 2, slots: b.slots}, map[string]string{"ping.xml": pingXML})
	if err != nil {
		return runResult{}, err
	}
	defer c.stop()
	st := newStream(c, 50*time.Millisecond)
	go st.run()
	defer st.stop()
	startsFile := filepath.Join(c.shared, "starts")
	var dispatch, ready, lag, rejoin []float64
	var notes []string
	for k := 1; k <= b.kills; k++ {
		// Quiesce: every accepted run has started, so any start after the kill was dispatched
		// by the new master.
		accepted := st.pause()
		var seen []int64
		err := benchkit.WaitFor(60*time.Second, 10*time.Millisecond, func() (bool, error) {
			var err error
			seen, err = starts(startsFile)
			return len(seen) >= accepted, err
		})
		if err != nil {
			return runResult{}, c.withLogs(fmt.Errorf("kill %d: %d of %d accepted runs started: %w", k, len(seen), accepted, err))
		}
		old := c.leader()
		if old == "" {
			return runResult{}, c.withLogs(fmt.Errorf("kill %d: no ready master before the kill", k))
		}
		killedAt := time.Now()
		if err := c.kill(old); err != nil {
			return runResult{}, err
		}
		st.resume()
		var readyAt time.Time
		var firstStart int64
		err = benchkit.WaitFor(60*time.Second, 20*time.Millisecond, func() (bool, error) {
			if readyAt.IsZero() {
				for _, name := range c.controllers() {
					if name == old || !c.nodes[name].running() {
						continue
					}
					if cl := c.clientOf(name, time.Second); cl != nil && cl.Readyz(bg) == nil {
						readyAt = time.Now()
						break
					}
				}
			}
			if firstStart == 0 {
				all, err := starts(startsFile)
				if err != nil {
					return false, err
				}
				if len(all) > len(seen) {
					firstStart = all[len(seen)]
					for _, ns := range all[len(seen):] {
						firstStart = min(firstStart, ns)
					}
				}
			}
			return !readyAt.IsZero() && firstStart != 0, nil
		})
		if err != nil {
			st.mu.Lock()
			last := st.lastErr
			st.mu.Unlock()
			return runResult{}, c.withLogs(fmt.Errorf("kill %d of %s: new master ready %v, task started %v (last submit error: %v): %w",
				k, old, !readyAt.IsZero(), firstStart != 0, last, err))
		}
		dispatch = append(dispatch, float64(firstStart-killedAt.UnixNano())/1e9)
		ready = append(ready, readyAt.Sub(killedAt).Seconds())
		lag = append(lag, dispatch[len(dispatch)-1]-ready[len(ready)-1])
		if next := c.leader(); dispatch[len(dispatch)-1] > failoverS || ready[len(ready)-1] > failoverS {
			notes = append(notes, fmt.Sprintf("kill %d of %s (new master %s): ready after %.2f s, first task start after %.2f s",
				k, old, next, ready[len(ready)-1], dispatch[len(dispatch)-1]))
		}
		restarted := time.Now()
		if err := c.start(old); err != nil {
			return runResult{}, err
		}
		if err := c.waitHealthy(120 * time.Second); err != nil {
			return runResult{}, fmt.Errorf("kill %d: after restarting %s: %w", k, old, err)
		}
		rejoin = append(rejoin, time.Since(restarted).Seconds())
		fmt.Fprintf(os.Stderr, "  kill %2d/%d of %s: next task start %.3f s, new master ready %.3f s, restarted %s healthy in %.1f s\n",
			k, b.kills, old, dispatch[len(dispatch)-1], ready[len(ready)-1], old, rejoin[len(rejoin)-1])
	}
	st.pause()
	return runResult{values: map[string]float64{
		"dispatch_p50": benchkit.Percentile(dispatch, 50), "dispatch_max": benchkit.MaxOf(dispatch),
		"ready_p50": benchkit.Percentile(ready, 50), "ready_max": benchkit.MaxOf(ready),
		"lag_p50": benchkit.Percentile(lag, 50), "lag_max": benchkit.MaxOf(lag),
		"rejoin_p50": benchkit.Percentile(rejoin, 50), "kills": float64(len(dispatch)),
	}, notes: notes}, nil
}
