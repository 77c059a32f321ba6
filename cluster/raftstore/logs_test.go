package raftstore

import (
	"bytes"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/raft"
	bolt "go.etcd.io/bbolt"
)

func TestEmptyStore(t *testing.T) {
	s := openTemp(t, Options{})
	wantBounds(t, s, 0, 0)
	var l raft.Log
	if err := s.GetLog(1, &l); err != raft.ErrLogNotFound {
		t.Fatalf("GetLog on empty store = %v, want raft.ErrLogNotFound itself", err)
	}
	if err := s.StoreLogs(nil); err != nil {
		t.Fatalf("StoreLogs(nil) = %v", err)
	}
	if err := s.DeleteRange(1, 10); err != nil {
		t.Fatalf("DeleteRange on empty store = %v", err)
	}
	wantBounds(t, s, 0, 0)
}

func TestStoreAndGetLog(t *testing.T) {
	s := openTemp(t, Options{})
	in := &raft.Log{
		Index: 1, Term: 4, Type: raft.LogConfiguration,
		Data: []byte("cfg"), Extensions: []byte("ext"), AppendedAt: time.Now(),
	}
	if err := s.StoreLog(in); err != nil {
		t.Fatalf("StoreLog: %v", err)
	}
	wantBounds(t, s, 1, 1)
	var out raft.Log
	if err := s.GetLog(1, &out); err != nil {
		t.Fatalf("GetLog: %v", err)
	}
	if out.Index != in.Index || out.Term != in.Term || out.Type != in.Type ||
		!bytes.Equal(out.Data, in.Data) || !bytes.Equal(out.Extensions, in.Extensions) ||
		!out.AppendedAt.Equal(in.AppendedAt) {
		t.Fatalf("GetLog = %+v, want %+v", out, *in)
	}
	if err := s.GetLog(2, &out); err != raft.ErrLogNotFound {
		t.Fatalf("GetLog(2) = %v, want raft.ErrLogNotFound", err)
	}
}

func TestStoreLogsBatchAndOverwrite(t *testing.T) {
	s := openTemp(t, Options{})
	if err := s.StoreLogs(mkLogs(1, 10, 1)); err != nil {
		t.Fatal(err)
	}
	wantBounds(t, s, 1, 10)
	if got := present(t, s, 0, 12); !slices.Equal(got, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) {
		t.Fatalf("present = %v", got)
	}
	// A new leader overwrites a conflicting suffix with a later term.
	if err := s.StoreLogs([]*raft.Log{mkLog(9, 2, "new9"), mkLog(10, 2, "new10"), mkLog(11, 2, "new11")}); err != nil {
		t.Fatal(err)
	}
	wantBounds(t, s, 1, 11)
	var l raft.Log
	if err := s.GetLog(10, &l); err != nil || l.Term != 2 || string(l.Data) != "new10" {
		t.Fatalf("GetLog(10) = %+v, %v; want term 2 new10", l, err)
	}
}

// raft may append after a gap (e.g. after installing a snapshot); the store
// must accept it and report the true bounds.
func TestStoreLogsWithGap(t *testing.T) {
	s := openTemp(t, Options{})
	if err := s.StoreLogs(mkLogs(1, 3, 1)); err != nil {
		t.Fatal(err)
	}
	if err := s.StoreLogs(mkLogs(100, 101, 1)); err != nil {
		t.Fatal(err)
	}
	wantBounds(t, s, 1, 101)
	if got := present(t, s, 1, 101); !slices.Equal(got, []uint64{1, 2, 3, 100, 101}) {
		t.Fatalf("present = %v", got)
	}
}

func TestDeleteRange(t *testing.T) {
	cases := []struct {
		name        string
		min, max    uint64
		first, last uint64
		left        []uint64
	}{
		{"prefix (compaction)", 1, 3, 4, 5, []uint64{4, 5}},
		{"suffix (conflict truncation)", 4, 5, 1, 3, []uint64{1, 2, 3}},
		{"middle", 2, 4, 1, 5, []uint64{1, 5}},
		{"everything", 1, 5, 0, 0, nil},
		{"wider than log", 0, 1000, 0, 0, nil},
		{"beyond the end", 6, 9, 1, 5, []uint64{1, 2, 3, 4, 5}},
		{"single", 3, 3, 1, 5, []uint64{1, 2, 4, 5}},
		{"min > max is a no-op", 4, 2, 1, 5, []uint64{1, 2, 3, 4, 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t, Options{NoSync: true})
			if err := s.StoreLogs(mkLogs(1, 5, 1)); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteRange(tc.min, tc.max); err != nil {
				t.Fatalf("DeleteRange: %v", err)
			}
			wantBounds(t, s, tc.first, tc.last)
			if got := present(t, s, 0, 10); !slices.Equal(got, tc.left) {
				t.Fatalf("present = %v, want %v", got, tc.left)
			}
		})
	}
}

// Deleting a range spanning many pages exercises bbolt's cursor across node
// boundaries; a Next-after-Delete walk would leave survivors here.
func TestDeleteRangeAcrossPages(t *testing.T) {
	s := openTemp(t, Options{NoSync: true})
	const n = 3000
	logs := mkLogs(1, n, 1)
	for _, l := range logs {
		l.Data = bytes.Repeat([]byte{'x'}, 200)
	}
	if err := s.StoreLogs(logs); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRange(1, n-10); err != nil {
		t.Fatal(err)
	}
	wantBounds(t, s, n-9, n)
	if err := s.db.View(func(tx *bolt.Tx) error {
		if k := tx.Bucket(bucketLogs).Stats().KeyN; k != 10 {
			t.Errorf("bucket holds %d keys after delete, want 10", k)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestReopenRestoresLogsAndBounds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raft.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.StoreLogs(mkLogs(1, 20, 3)); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRange(1, 5); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUint64([]byte("CurrentTerm"), 3); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	wantBounds(t, s, 6, 20)
	var l raft.Log
	if err := s.GetLog(20, &l); err != nil || l.Term != 3 || string(l.Data) != "data" {
		t.Fatalf("GetLog(20) after reopen = %+v, %v", l, err)
	}
	if v, err := s.GetUint64([]byte("CurrentTerm")); err != nil || v != 3 {
		t.Fatalf("GetUint64 after reopen = %d, %v", v, err)
	}
}

// raft appends from its main loop while its snapshot goroutine truncates the
// head. The cached bounds must end up equal to what is really on disk.
func TestConcurrentAppendAndCompact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raft.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	const batches, per = 200, 5
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for b := uint64(0); b < batches; b++ {
			if err := s.StoreLogs(mkLogs(b*per+1, b*per+per, 1)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < batches; i++ {
			last, _ := s.LastIndex()
			if last > 20 {
				if err := s.DeleteRange(0, last-20); err != nil {
					t.Error(err)
					return
				}
			}
			if f, _ := s.FirstIndex(); f > last && last != 0 {
				t.Errorf("first %d > last %d", f, last)
			}
		}
	}()
	wg.Wait()
	first, _ := s.FirstIndex()
	last, _ := s.LastIndex()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopen computes the bounds from the file itself.
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	wantBounds(t, s2, first, last)
	if last != batches*per {
		t.Fatalf("last = %d, want %d", last, batches*per)
	}
}

func TestCounters(t *testing.T) {
	s := openTemp(t, Options{NoSync: true})
	if err := s.StoreLogs(mkLogs(1, 64, 1)); err != nil {
		t.Fatal(err)
	}
	if err := s.StoreLog(mkLog(65, 1, "x")); err != nil {
		t.Fatal(err)
	}
	if got := s.Counters(); got != (Counters{Batches: 2, Entries: 65}) {
		t.Fatalf("Counters = %+v, want 2 batches, 65 entries", got)
	}
}
