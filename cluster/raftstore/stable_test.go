package raftstore

import (
	"testing"
)

// These mirror raft's InmemStore, which raft's own tests run against.
func TestStableGetMissing(t *testing.T) {
	s := openTemp(t, Options{})
	v, err := s.Get([]byte("nope"))
	if err == nil || err.Error() != "not found" {
		t.Fatalf("Get(missing) = %q, %v; want error \"not found\" (raft matches the text)", v, err)
	}
	if v != nil {
		t.Fatalf("Get(missing) value = %q, want nil", v)
	}
	n, err := s.GetUint64([]byte("nope"))
	if err != nil || n != 0 {
		t.Fatalf("GetUint64(missing) = %d, %v; want 0, nil", n, err)
	}
}

func TestStableSetGet(t *testing.T) {
	s := openTemp(t, Options{})
	if err := s.Set([]byte("LastVoteCand"), []byte("node-2")); err != nil {
		t.Fatal(err)
	}
	v, err := s.Get([]byte("LastVoteCand"))
	if err != nil || string(v) != "node-2" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	// The result is a copy: changing it must not change the store.
	v[0] = 'X'
	if again, _ := s.Get([]byte("LastVoteCand")); string(again) != "node-2" {
		t.Fatalf("stored value changed through returned slice: %q", again)
	}
	// Overwrite.
	if err := s.Set([]byte("LastVoteCand"), []byte("node-3")); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get([]byte("LastVoteCand")); string(v) != "node-3" {
		t.Fatalf("after overwrite Get = %q", v)
	}
}

func TestStableEmptyAndNilValues(t *testing.T) {
	s := openTemp(t, Options{})
	// An empty value is present (InmemStore keeps []byte{} and returns it).
	if err := s.Set([]byte("k"), []byte{}); err != nil {
		t.Fatal(err)
	}
	v, err := s.Get([]byte("k"))
	if err != nil || v == nil || len(v) != 0 {
		t.Fatalf("Get(empty) = %#v, %v; want []byte{}, nil", v, err)
	}
	// A nil value reads back as missing, as in InmemStore.
	if err := s.Set([]byte("k"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get([]byte("k")); err != ErrKeyNotFound {
		t.Fatalf("Get after Set(nil) = %v, want ErrKeyNotFound", err)
	}
}

func TestStableUint64(t *testing.T) {
	s := openTemp(t, Options{})
	for _, v := range []uint64{0, 1, 42, 1 << 63, ^uint64(0)} {
		if err := s.SetUint64([]byte("CurrentTerm"), v); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetUint64([]byte("CurrentTerm"))
		if err != nil || got != v {
			t.Fatalf("GetUint64 = %d, %v; want %d", got, err, v)
		}
	}
	if err := s.Set([]byte("short"), []byte{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetUint64([]byte("short")); err == nil {
		t.Fatal("GetUint64 of a 3-byte value succeeded, want error")
	}
}

// Stable keys and log indexes live in different buckets: a log entry must
// never be visible as a stable key or the other way round.
func TestStableAndLogsAreSeparate(t *testing.T) {
	s := openTemp(t, Options{})
	key := u64(1)
	if err := s.Set(key, []byte("v")); err != nil {
		t.Fatal(err)
	}
	wantBounds(t, s, 0, 0)
	if err := s.StoreLog(mkLog(2, 1, "x")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(u64(2)); err != ErrKeyNotFound {
		t.Fatalf("log entry visible as stable key: %v", err)
	}
}
