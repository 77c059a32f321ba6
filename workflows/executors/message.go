package executors

import (
	"fmt"
	"os"
	"syscall"
)

// signalNames holds the signals a task commonly dies of; syscall only has descriptions.
var signalNames = map[syscall.Signal]string{
	syscall.SIGHUP: "SIGHUP", syscall.SIGINT: "SIGINT", syscall.SIGQUIT: "SIGQUIT",
	syscall.SIGILL: "SIGILL", syscall.SIGTRAP: "SIGTRAP", syscall.SIGABRT: "SIGABRT",
	syscall.SIGBUS: "SIGBUS", syscall.SIGFPE: "SIGFPE", syscall.SIGKILL: "SIGKILL",
	syscall.SIGUSR1: "SIGUSR1", syscall.SIGSEGV: "SIGSEGV", syscall.SIGUSR2: "SIGUSR2",
	syscall.SIGPIPE: "SIGPIPE", syscall.SIGALRM: "SIGALRM", syscall.SIGTERM: "SIGTERM",
	syscall.SIGXCPU: "SIGXCPU", syscall.SIGXFSZ: "SIGXFSZ", syscall.SIGSYS: "SIGSYS",
}

// exitSummary describes how a process that was not cancelled ended.
func exitSummary(ps *os.ProcessState) string {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return fmt.Sprintf("exit code %d", ps.ExitCode())
	}
	sig := ws.Signal()
	name, ok := signalNames[sig]
	if !ok {
		name = fmt.Sprintf("signal %d", int(sig))
	}
	msg := fmt.Sprintf("terminated by signal %s (%s)", name, sig)
	if sig == syscall.SIGKILL {
		// Nobody here sent it, so it came from outside: most often the kernel's OOM killer.
		msg += "; not sent by actorflow, possibly the out-of-memory killer"
	}
	if ws.CoreDump() {
		msg += ", core dumped"
	}
	return msg
}
