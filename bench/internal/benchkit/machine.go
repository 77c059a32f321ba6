package benchkit

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Machine describes where and when the numbers were taken.
type Machine struct {
	CPU, Kernel, FS, GoVersion, Commit, Date string
	Command                                  string
	CPUs                                     int
	LoadStart, LoadEnd                       string
	Elapsed                                  time.Duration
	Runs                                     int
}

// ReadMachine reads the CPU, kernel, file system of dir, Go version, date, load and the git
// commit of root (with "+ uncommitted changes" when the tree is dirty).
func ReadMachine(root, dir string) Machine {
	in := Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), FS: FsType(dir),
		Date: time.Now().UTC().Format("2006-01-02 15:04 UTC"), LoadStart: LoadAvg()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				in.CPU = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		in.Kernel = strings.TrimSpace(string(b))
	}
	if out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output(); err == nil {
		in.Commit = strings.TrimSpace(string(out))
		if st, err := exec.Command("git", "-C", root, "status", "--porcelain").Output(); err == nil && len(st) > 0 {
			in.Commit += " (+ uncommitted changes)"
		}
	}
	return in
}
