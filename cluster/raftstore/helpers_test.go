package raftstore

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/raft"
)

// openTemp opens a fresh store in a per-test directory and closes it at the
// end of the test. Tests use real fsync unless they say otherwise: that is
// the configuration production runs.
func openTemp(tb testing.TB, opts Options) *Store {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "raft.db"), opts)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

func mkLog(index, term uint64, data string) *raft.Log {
	return &raft.Log{Index: index, Term: term, Type: raft.LogCommand, Data: []byte(data)}
}

func mkLogs(from, to, term uint64) []*raft.Log {
	var out []*raft.Log
	for i := from; i <= to; i++ {
		out = append(out, mkLog(i, term, "data"))
	}
	return out
}

func wantBounds(tb testing.TB, s *Store, first, last uint64) {
	tb.Helper()
	f, err := s.FirstIndex()
	if err != nil {
		tb.Fatalf("FirstIndex: %v", err)
	}
	l, err := s.LastIndex()
	if err != nil {
		tb.Fatalf("LastIndex: %v", err)
	}
	if f != first || l != last {
		tb.Fatalf("bounds = [%d,%d], want [%d,%d]", f, l, first, last)
	}
}

// present returns the indexes in [from,to] that GetLog finds.
func present(tb testing.TB, s *Store, from, to uint64) []uint64 {
	tb.Helper()
	var out []uint64
	for i := from; i <= to; i++ {
		var l raft.Log
		switch err := s.GetLog(i, &l); err {
		case nil:
			out = append(out, i)
		case raft.ErrLogNotFound:
		default:
			tb.Fatalf("GetLog(%d): %v", i, err)
		}
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func writeFile(path, content string) error {
	return os.WriteFile(path, []byte(content), 0o600)
}
