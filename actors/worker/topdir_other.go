//go:build !(linux && (amd64 || arm64 || 386 || arm || riscv64 || loong64 || s390x))

package worker

import "errors"

// markTopDir is ext4's chattr +T (see topdir_linux.go); elsewhere there is nothing to set.
func markTopDir(string) error { return errors.ErrUnsupported }
