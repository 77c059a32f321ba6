package executors

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// The attempt's file operations, each the fewest system calls that do it: on ext4 the
// calls that create or remove an inode dominate an attempt's setup.

// makeAttemptDir creates dir (<root>/<instance>/<node>/<attempt>) and its parents, and says
// whether dir is new. The node directory is usually new too and the instance directory
// usually exists, so it makes the node directory first and climbs further only when that
// fails for want of a parent: two mkdir calls for a new node, where os.MkdirAll would stat
// every level first.
func makeAttemptDir(dir string) (fresh bool, err error) {
	node := filepath.Dir(dir)
	if err := os.Mkdir(node, 0o755); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(node, 0o755); err != nil {
			return false, err
		}
	} else if err != nil && !errors.Is(err, fs.ErrExist) {
		return false, err
	}
	// An existing node entry that is not a directory makes this fail with ENOTDIR.
	err = os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrExist) {
		info, serr := os.Stat(dir)
		if serr != nil {
			return false, serr
		}
		if !info.IsDir() {
			return false, fmt.Errorf("%s exists and is not a directory", dir)
		}
		return false, nil
	}
	return err == nil, err
}

// removeIfExists deletes a file; one that is not there is fine. Unlike os.Remove it makes
// one system call, not a second rmdir attempt when the name is missing.
func removeIfExists(path string) error {
	if err := syscall.Unlink(path); err != nil && err != syscall.ENOENT {
		return &fs.PathError{Op: "unlink", Path: path, Err: err}
	}
	return nil
}

// writeFile is os.WriteFile in three system calls: open, write, close. An *os.File would
// add the descriptor to the poller first (fcntl and epoll_ctl calls that fail for regular
// files), which is pure overhead for a file written once per attempt.
func writeFile(path string, data []byte, perm uint32) error {
	fd, err := syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, perm)
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}
