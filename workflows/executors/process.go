package executors

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

// proc is one process an executor wants run for an attempt.
type proc struct {
	argv []string
	dir  string
	env  []string
}

// outcome is what happened to a process, before it becomes a Result.
type outcome struct {
	startErr    error
	state       *os.ProcessState // nil only if waiting itself failed
	waitErr     error
	interrupted bool     // the context was done while it ran
	stderrTail  string   // last stderr lines, for the message
	notes       []string // problems with the output streams
}

// runProcess runs p in a new process group and returns when the process has exited, the
// group has been killed and the output has been read.
//
// The output pipes are our own rather than exec's: exec's copying would wait for every
// holder of the pipes (a background child) before Wait returns, so the stragglers could
// not be killed when the leader exits. With our pipes Wait returns at the leader's exit,
// the group is killed, and only then is the output drained.
func runProcess(ctx context.Context, p proc, tio TaskIO, grace time.Duration) outcome {
	outR, outW, err := os.Pipe()
	if err != nil {
		return outcome{startErr: fmt.Errorf("cannot create a pipe: %w", err)}
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return outcome{startErr: fmt.Errorf("cannot create a pipe: %w", err)}
	}

	cmd := exec.CommandContext(ctx, p.argv[0], p.argv[1:]...)
	cmd.Dir, cmd.Env = p.dir, p.env
	cmd.Stdout, cmd.Stderr = outW, errW // *os.File: handed to the child as is, no copying
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if tio.ParentDeathSignal != 0 {
		cmd.SysProcAttr.Pdeathsig = tio.ParentDeathSignal
		// The signal follows the forking thread, not the process (see TaskIO): pin this
		// goroutine to its thread until Wait has returned, so no other goroutine can lock
		// and then retire the thread under a live child.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	g := &groupKiller{grace: grace}
	// exec sets cmd.Process before it can call Cancel, so reading it here is safe.
	cmd.Cancel = func() error { return g.cancel(cmd.Process.Pid) }
	// Backstop only: our timer SIGKILLs the whole group after grace; if the leader were
	// still alive a second later, exec kills it.
	cmd.WaitDelay = grace + time.Second

	err = cmd.Start()
	// The child has its own copies; ours would keep the pipes open and the pumps would
	// never see EOF.
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return outcome{startErr: err}
	}

	tail := &tailBuffer{}
	stdout, stderr := &guarded{w: orDiscard(tio.Stdout)}, &guarded{w: orDiscard(tio.Stderr)}
	outDone, errDone := make(chan error, 1), make(chan error, 1)
	go func() { outDone <- pump(outR, stdout) }()
	go func() { errDone <- pump(errR, tee{stderr, tail}) }()
	if tio.OnStart != nil {
		// After the pumps started, so a slow hook cannot stall the child on a full pipe.
		tio.OnStart(cmd.Process.Pid)
	}

	waitErr := cmd.Wait() // normally mirrors ProcessState or the context, both read later
	o := outcome{state: cmd.ProcessState, waitErr: waitErr, interrupted: g.finish(cmd.Process.Pid)}

	// Every process of the group is dead now, so the pipes close at once unless a process
	// that left the group holds them: give up on those after drainTimeout.
	stop := time.AfterFunc(drainTimeout, func() {
		now := time.Now()
		outR.SetReadDeadline(now)
		errR.SetReadDeadline(now)
	})
	outErr, errErr := <-outDone, <-errDone
	stop.Stop()
	outR.Close()
	errR.Close()

	// The pumps are done, so the writers and the tail are no longer touched elsewhere.
	o.stderrTail = tail.lastLines()
	for _, n := range []string{streamNote("stdout", outErr, stdout.err), streamNote("stderr", errErr, stderr.err)} {
		if n != "" {
			o.notes = append(o.notes, n)
		}
	}
	return o
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}
