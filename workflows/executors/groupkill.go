package executors

import (
	"sync"
	"syscall"
	"time"
)

// groupKiller signals an attempt's process group: SIGTERM on cancel, SIGKILL after the
// grace period, and SIGKILL to stragglers once the leader has exited. The pgid is the
// leader's pid (Setpgid). Signalling the group after the leader is reaped is safe: Linux
// does not reuse a pid while a process group of that id still has members, and when it has
// none the signal fails with ESRCH.
type groupKiller struct {
	grace time.Duration

	mu          sync.Mutex
	interrupted bool // cancel ran: the outcome is a kill, whatever the exit status
	finished    bool
	timer       *time.Timer
}

// cancel is exec.Cmd.Cancel: it runs when the context is done while the process runs.
func (g *groupKiller) cancel(pgid int) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.finished || g.interrupted {
		return nil
	}
	g.interrupted = true
	signalGroup(pgid, syscall.SIGTERM)
	g.timer = time.AfterFunc(g.grace, func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if !g.finished {
			signalGroup(pgid, syscall.SIGKILL)
		}
	})
	return nil
}

// finish runs once Wait has returned: it kills whatever is left of the group and reports
// whether the attempt was cancelled.
func (g *groupKiller) finish(pgid int) (interrupted bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.finished = true
	if g.timer != nil {
		g.timer.Stop()
	}
	signalGroup(pgid, syscall.SIGKILL)
	return g.interrupted
}

// signalGroup ignores errors: ESRCH (the group is already gone) is the common, good case.
func signalGroup(pgid int, sig syscall.Signal) {
	if pgid > 0 {
		_ = syscall.Kill(-pgid, sig)
	}
}
