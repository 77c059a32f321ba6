package worker

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRecordLifecycle times the process record of one attempt through its life, as
// the worker keeps it: journaled at the start (with the leader's start time read from
// /proc), marked ended, forgotten at the ack. Under /var/tmp ($ACTORFLOW_BENCH_DIR): a real
// disk, where per-file records cost an inode each.
func BenchmarkRecordLifecycle(b *testing.B) {
	parent := os.Getenv("ACTORFLOW_BENCH_DIR")
	if parent == "" {
		parent = "/var/tmp"
	}
	root, err := os.MkdirTemp(parent, "actorflow-bench-")
	if err != nil {
		b.Skip(err)
	}
	b.Cleanup(func() { os.RemoveAll(root) })
	dir := recordsDir(filepath.Join(root, "work"), "w1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	boot, err := bootID()
	if err != nil {
		b.Fatal(err)
	}
	j, err := openJournal(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.close()
	n := 0
	for b.Loop() {
		n++
		ref := refN("bench", n)
		start, err := processStart(os.Getpid())
		if err != nil {
			b.Fatal(err)
		}
		rec := record{InstanceID: ref.InstanceID, Node: ref.Node, Attempt: ref.Attempt, PGID: os.Getpid(), Start: start, Boot: boot}
		if err := j.started(rec); err != nil {
			b.Fatal(err)
		}
		if err := j.ended(ref); err != nil {
			b.Fatal(err)
		}
		if err := j.forget(ref); err != nil {
			b.Fatal(err)
		}
	}
}
