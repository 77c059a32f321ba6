package benchkit

import (
	"fmt"
	"math"
	"os"
	"strings"
	"syscall"
)

// FmtVal formats v with prec decimals and its unit ("—" for NaN); "/s", "%" and "" stick to
// the number, other units follow a space.
func FmtVal(v float64, prec int, unit string) string {
	if math.IsNaN(v) {
		return "—"
	}
	s := fmt.Sprintf("%.*f", prec, v)
	if unit == "" || unit == "/s" || unit == "%" {
		return s + unit
	}
	return s + " " + unit
}

// LoadAvg is the 1, 5 and 15 minute load averages from /proc/loadavg, or "?".
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// FsType names the file system holding dir.
func FsType(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return "?"
	}
	names := map[int64]string{0xEF53: "ext4", 0x01021994: "tmpfs", 0x794c7630: "overlayfs",
		0x58465342: "xfs", 0x9123683e: "btrfs", 0x2fc12fc1: "zfs", 0x6969: "nfs"}
	if n, ok := names[int64(st.Type)]; ok {
		return n
	}
	return fmt.Sprintf("fs 0x%x", st.Type)
}
