package benchkit

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// clockTick is USER_HZ, 100 on every Linux architecture Go supports.
const clockTick = 100

// CPUTimes is the CPU time a process used itself (Self, and of that in the kernel Sys) and
// that of its reaped children (Children: a worker's task processes), in seconds.
type CPUTimes struct{ Self, Sys, Children float64 }

// ProcCPU reads utime+stime and cutime+cstime of pid from /proc/<pid>/stat.
func ProcCPU(pid int) (CPUTimes, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return CPUTimes{}, err
	}
	// Fields after the command name, which is in parentheses and may contain spaces.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return CPUTimes{}, fmt.Errorf("/proc/%d/stat: no ')' after the command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 15 {
		return CPUTimes{}, errors.New("short /proc stat")
	}
	// f[0] is field 3 (state); utime, stime, cutime, cstime are fields 14–17.
	var v [4]float64
	for k := range v {
		n, err := strconv.ParseInt(f[11+k], 10, 64)
		if err != nil {
			return CPUTimes{}, fmt.Errorf("/proc/%d/stat field %d: %w", pid, 14+k, err)
		}
		v[k] = float64(n) / clockTick
	}
	return CPUTimes{Self: v[0] + v[1], Sys: v[1], Children: v[2] + v[3]}, nil
}

// Sub is a − b, field by field.
func (a CPUTimes) Sub(b CPUTimes) CPUTimes {
	return CPUTimes{Self: a.Self - b.Self, Sys: a.Sys - b.Sys, Children: a.Children - b.Children}
}

// MachineCPU reads the first line of /proc/stat: the jiffies all CPUs spent busy (everything
// but idle and iowait) and in all, since boot. Two samples give the machine's busy share over
// an interval, every process of every tenant included.
func MachineCPU() (busy, total int64, err error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return 0, 0, fmt.Errorf("/proc/stat: first line %q is not the cpu total", line)
	}
	for i, s := range f[1:] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/stat cpu field %d: %w", i+1, err)
		}
		total += n
		if i != 3 && i != 4 { // idle, iowait
			busy += n
		}
	}
	return busy, total, nil
}
