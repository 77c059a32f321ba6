package executors

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// benchDir is a directory on a real disk for file-system benchmarks: $ACTORFLOW_BENCH_DIR,
// else /var/tmp. Not b.TempDir(): /tmp is tmpfs on many machines, where creating a file
// costs microseconds and hides exactly what these benchmarks are about.
func benchDir(b *testing.B) string {
	parent := os.Getenv("ACTORFLOW_BENCH_DIR")
	if parent == "" {
		parent = "/var/tmp"
	}
	dir, err := os.MkdirTemp(parent, "actorflow-bench-")
	if err != nil {
		b.Logf("no bench dir under %s (%v); using the test temp dir", parent, err)
		return b.TempDir()
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// BenchmarkAttemptSetup times the file work of one script attempt as a worker runs it, with
// the process left out: the logs opened and closed, the working directory, the script, the
// outputs read. Every iteration is a new node of one instance, as in a chain or a fan-out.
// "silent" is a `true` task; "output" prints one line; "one-dir" keeps the logs in the
// working directory (a worker whose LogRoot is its WorkRoot) instead of a separate tree.
func BenchmarkAttemptSetup(b *testing.B) {
	exited, err := exitedState()
	if err != nil {
		b.Skip(err)
	}
	for _, c := range []struct {
		name   string
		output bool
		oneDir bool
	}{{"silent", false, false}, {"output", true, false}, {"output-one-dir", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			root := benchDir(b)
			logRoot := filepath.Join(root, "logs")
			if c.oneDir {
				logRoot = filepath.Join(root, "work")
			}
			cfg := Config{WorkRoot: filepath.Join(root, "work"), BaseEnv: []string{}}
			cfg.run = func(_ context.Context, _ proc, tio TaskIO, _ time.Duration) outcome {
				if c.output {
					tio.Stdout.Write([]byte("one line of output\n"))
				}
				return outcome{state: exited}
			}
			x := NewScript(cfg)
			n := 0
			for b.Loop() {
				n++
				task := scriptTask("true")
				task.Node, task.Attempt = fmt.Sprintf("n%d", n), 1
				logs, err := OpenAttemptLogs(filepath.Join(logRoot, task.RelDir()), 0)
				if err != nil {
					b.Fatal(err)
				}
				r := x.Run(context.Background(), task, logs.IO())
				if err := logs.Close(); err != nil || r.Message != "exit code 0" {
					b.Fatalf("%q, logs %v", r.Message, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/attempt")
		})
	}
}

// exitedState is the ProcessState of a process that exited 0, for fake runs.
func exitedState() (*os.ProcessState, error) {
	cmd := exec.Command("/bin/true")
	if err := cmd.Run(); err != nil {
		return nil, err
	}
	return cmd.ProcessState, nil
}
