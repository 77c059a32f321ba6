package main

import (
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/actorflow/actorflow/bench/internal/benchkit"
)

// floor is one primitive measured in this process on this machine, to set the server's
// numbers against what the hardware allows today (the design floors are from another day).
type floor struct {
	label  string
	design string // the ARCHITECTURE.md §9 figure it corresponds to
	value  float64
	unit   string
}

// measureFloors times the primitives a task transition is made of, in dir (same file system
// as the servers' homes).
func measureFloors(dir string, n int) ([]floor, error) {
	var out []floor
	add := func(label, design, unit string, v float64) {
		out = append(out, floor{label: label, design: design, value: v, unit: unit})
	}
	logs := func() (*os.File, *os.File, error) {
		o, err := os.Create(filepath.Join(dir, "stdout.log"))
		if err != nil {
			return nil, nil, err
		}
		e, err := os.Create(filepath.Join(dir, "stderr.log"))
		return o, e, err
	}
	spawn := func(argv ...string) (time.Duration, error) {
		o, e, err := logs()
		if err != nil {
			return 0, err
		}
		defer o.Close()
		defer e.Close()
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Stdout, cmd.Stderr = o, e
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		t0 := time.Now()
		if err := cmd.Start(); err != nil {
			return 0, err
		}
		started := time.Since(t0)
		if err := cmd.Wait(); err != nil {
			return 0, err
		}
		return started, nil
	}
	sample := func(f func() (time.Duration, time.Duration, error)) (first, whole []float64, err error) {
		for range n {
			a, b, err := f()
			if err != nil {
				return nil, nil, err
			}
			first, whole = append(first, benchkit.Ms(a)), append(whole, benchkit.Ms(b))
		}
		return first, whole, nil
	}
	spawnWait := func(argv ...string) func() (time.Duration, time.Duration, error) {
		return func() (time.Duration, time.Duration, error) {
			t0 := time.Now()
			st, err := spawn(argv...)
			return st, time.Since(t0), err
		}
	}

	start, whole, err := sample(spawnWait("/bin/true"))
	if err != nil {
		return nil, fmt.Errorf("spawn /bin/true: %w", err)
	}
	add("spawn /bin/true: fork+exec until Start returns (p50)", "process spawn ≈ 0.9 ms", "ms", benchkit.Median(start))
	add("spawn /bin/true: start → exit reaped (p50)", "", "ms", benchkit.Median(whole))

	script := filepath.Join(dir, "actorflow_script")
	if err := os.WriteFile(script, []byte("true"), 0o644); err != nil {
		return nil, err
	}
	_, whole, err = sample(spawnWait("/bin/bash", script))
	if err != nil {
		return nil, fmt.Errorf("spawn bash: %w", err)
	}
	add("bash <script `true`>: start → exit reaped (p50)", "", "ms", benchkit.Median(whole))
	_, whole, err = sample(spawnWait("/bin/sh", "-c", "true"))
	if err != nil {
		return nil, fmt.Errorf("spawn sh: %w", err)
	}
	add("/bin/sh -c true: start → exit reaped (p50)", "", "ms", benchkit.Median(whole))

	// Throughput: 1,000 spawns by 16 goroutines (like 16 worker slots).
	rate, err := spawnRate(1000, 16, "/bin/true")
	if err != nil {
		return nil, err
	}
	add("spawns/s of /bin/true, 16 at a time", "≈ 1,600 spawns/s", "/s", rate)
	if rate, err = spawnRate(1000, 16, "/bin/bash", script); err != nil {
		return nil, err
	}
	add("spawns/s of bash <script `true`> (a script action), 16 at a time", "", "/s", rate)

	db, err := bolt.Open(filepath.Join(dir, "floor.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	var commits []float64
	val := make([]byte, 200)
	for i := range n {
		t := time.Now()
		err := db.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			return bk.Put(fmt.Appendf(nil, "k%08d", i), val)
		})
		if err != nil {
			db.Close()
			return nil, err
		}
		commits = append(commits, benchkit.Ms(time.Since(t)))
	}
	db.Close()
	add("bbolt commit with fsync, one 200-byte put (p50)", "fsync commit ≈ 0.5 ms", "ms", benchkit.Median(commits))

	// The files a worker makes per attempt of a silent script task (actors/worker,
	// workflows/executors): node and attempt directories, the script, three journal lines.
	// Like the worker, the root of the attempts is marked chattr +T first.
	var files []float64
	for i := range n {
		t := time.Now()
		if err := attemptFiles(dir, i); err != nil {
			return nil, err
		}
		files = append(files, benchkit.Ms(time.Since(t)))
	}
	add("per-attempt files: node + attempt dirs, script, 3 journal lines (p50)", "", "ms", benchkit.Median(files))
	if shm := tmpfsDir(); shm != "" {
		d, err := os.MkdirTemp(shm, "actorflow-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		files = files[:0]
		for i := range n {
			t := time.Now()
			if err := attemptFiles(d, i); err != nil {
				return nil, err
			}
			files = append(files, benchkit.Ms(time.Since(t)))
		}
		add("the same per-attempt files on tmpfs (p50)", "", "ms", benchkit.Median(files))
	}
	return out, nil
}

// spawnRate runs argv n times, par at a time, and returns the rate.
func spawnRate(n, par int, argv ...string) (float64, error) {
	var wg sync.WaitGroup
	jobs := make(chan struct{})
	var mu sync.Mutex
	var firstErr error
	t0 := time.Now()
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				cmd := exec.Command(argv[0], argv[1:]...)
				cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
				if err := cmd.Run(); err != nil {
					mu.Lock()
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
				}
			}
		}()
	}
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	return float64(n) / time.Since(t0).Seconds(), firstErr
}

func attemptFiles(root string, i int) error {
	work := filepath.Join(root, "work")
	if i == 0 {
		if err := os.MkdirAll(work, 0o755); err != nil {
			return err
		}
		// Best effort, as in the worker: other file systems have no such flag. Before the
		// instance directory, whose placement it decides.
		exec.Command("chattr", "+T", work).Run()
		if err := os.Mkdir(filepath.Join(work, "inst"), 0o755); err != nil {
			return err
		}
	}
	dir := filepath.Join(work, "inst", fmt.Sprintf("node%04d", i), "1")
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "actorflow_script"), []byte("true"), 0o644); err != nil {
		return err
	}
	j, err := os.OpenFile(filepath.Join(work, "records"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer j.Close()
	for _, op := range []string{"start", "end", "forget"} {
		if _, err := fmt.Fprintf(j, `{"op":%q,"instance_id":"inst","node":"node%04d","attempt":1,"pgid":1}`+"\n", op, i); err != nil {
			return err
		}
	}
	return nil
}
