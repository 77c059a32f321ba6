//go:build linux && (amd64 || arm64 || 386 || arm || riscv64 || loong64 || s390x)

package worker

import (
	"errors"
	"os"
	"syscall"
	"testing"
)

// A worker marks its roots chattr +T where the file system has the flag (ext2/3/4), and
// marking twice is harmless.
func TestMarkTopDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	err := markTopDir(dir)
	if errors.Is(err, syscall.ENOTTY) || errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.EINVAL) {
		t.Skipf("the temp dir's file system has no chattr +T: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := markTopDir(dir); err != nil {
		t.Fatalf("second mark: %v", err)
	}
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var flags int32
	if err := ioctl(f, fsIocGetFlags, &flags); err != nil || flags&fsTopDirFl == 0 {
		t.Fatalf("flags %#x, %v", flags, err)
	}
}
