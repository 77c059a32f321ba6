package worker

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procRoot is where /proc is; tests never change it, but naming it keeps paths in one place.
const procRoot = "/proc"

// procStat is the part of /proc/<pid>/stat the orphan sweep needs.
type procStat struct {
	pid   int
	state byte   // 'R', 'S', 'Z', ...
	pgrp  int    // process group id
	start uint64 // start time in clock ticks after boot: with the boot id, a pid's incarnation
}

func (p procStat) dead() bool { return p.state == 'Z' || p.state == 'X' }

// readProcStat reads one process's stat line. A process that is gone gives an error
// matching fs.ErrNotExist (or ESRCH when it vanished between open and read).
func readProcStat(pid int) (procStat, error) {
	b, err := os.ReadFile(procRoot + "/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, err
	}
	return parseProcStat(pid, string(b))
}

// parseProcStat parses "pid (comm) state ppid pgrp ... starttime ...". The command name
// may contain spaces and parentheses, so fields are counted after the last ')'.
func parseProcStat(pid int, s string) (procStat, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 > len(s) {
		return procStat{}, fmt.Errorf("/proc/%d/stat: malformed", pid)
	}
	f := strings.Fields(s[i+2:])
	// f[0] is field 3 (state), so field n is f[n-3]: pgrp is 5, starttime 22.
	if len(f) < 20 || len(f[0]) != 1 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: %d fields after the name", pid, len(f))
	}
	pgrp, err1 := strconv.Atoi(f[2])
	start, err2 := strconv.ParseUint(f[19], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return procStat{}, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return procStat{pid: pid, state: f[0][0], pgrp: pgrp, start: start}, nil
}

// processStart is the start time of a running process, for its record.
func processStart(pid int) (uint64, error) {
	st, err := readProcStat(pid)
	return st.start, err
}

// groupMembers lists the live processes (zombies excluded) of process group pgid.
// Processes that vanish or cannot be read during the scan are skipped.
func groupMembers(pgid int) ([]procStat, error) {
	entries, err := os.ReadDir(procRoot)
	if err != nil {
		return nil, err
	}
	var out []procStat
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, err := readProcStat(pid)
		if err != nil || st.pgrp != pgid || st.dead() {
			continue
		}
		out = append(out, st)
	}
	return out, nil
}

// bootID identifies the running kernel: start times count from boot, so a record from
// before a reboot says nothing about today's processes.
func bootID() (string, error) {
	b, err := os.ReadFile(procRoot + "/sys/kernel/random/boot_id")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}
