package benchkit

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// building is the running `go build`, if any, so an interrupt can stop it before cleaning up.
var building struct {
	sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// BuildBinary compiles ./cmd/actorflow of the module at root into dir and returns its path.
func BuildBinary(root, dir string) (string, error) {
	bin := filepath.Join(dir, "actorflow")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/actorflow")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	building.Lock()
	if err := cmd.Start(); err != nil {
		building.Unlock()
		return "", fmt.Errorf("go build ./cmd/actorflow: %w", err)
	}
	done := make(chan struct{})
	building.cmd, building.done = cmd, done
	building.Unlock()
	err := cmd.Wait()
	close(done)
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/actorflow: %w", err)
	}
	return bin, nil
}

// StopBuild kills a running `go build` and waits for it.
func StopBuild() {
	building.Lock()
	cmd, done := building.cmd, building.done
	building.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-done
}

// ModuleRoot walks up from the working directory to the directory holding go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory; run from inside the module")
		}
		dir = parent
	}
}
