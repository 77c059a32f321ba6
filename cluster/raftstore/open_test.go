package raftstore

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bbolt locks with flock, which is per open file description, so a second
// Open in the same process contends exactly like another process would.
func TestOpenLockedFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raft.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	s2, err := Open(path, Options{LockTimeout: 100 * time.Millisecond})
	elapsed := time.Since(start)
	if err == nil {
		_ = s2.Close()
		t.Fatal("second Open of a locked file succeeded")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("error %v does not wrap ErrLocked", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "another process") {
		t.Fatalf("error %q should name the file and say another process holds it", msg)
	}
	if elapsed > 5*time.Second {
		t.Fatalf("second Open took %s, want to fail after about the lock timeout", elapsed)
	}

	// Once the holder closes, the file opens again.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s3, err := Open(path, Options{LockTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	_ = s3.Close()
}

func TestOpenDefaultLockTimeoutIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raft.db")
	s := must(Open(path, Options{}))
	defer s.Close()
	start := time.Now()
	if _, err := Open(path, Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("Open = %v, want ErrLocked", err)
	}
	if d := time.Since(start); d < DefaultLockTimeout/2 || d > 10*DefaultLockTimeout {
		t.Fatalf("waited %s for the lock, want about %s", d, DefaultLockTimeout)
	}
}

func TestOpenRejectsUnknownSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raft.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return b.Put(keySchema, u64(schemaVersion+1))
	}); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()

	if s, err := Open(path, Options{}); !errors.Is(err, ErrSchema) {
		if err == nil {
			_ = s.Close()
		}
		t.Fatalf("Open = %v, want ErrSchema", err)
	}
}

func TestOpenWritesSchema(t *testing.T) {
	s := openTemp(t, Options{})
	if err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(keySchema)
		if string(v) != string(u64(schemaVersion)) {
			t.Errorf("schema key = %x, want %x", v, u64(schemaVersion))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestOpenNotABoltFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raft.db")
	if err := writeFile(path, strings.Repeat("not bolt ", 1000)); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(path, Options{}); err == nil {
		_ = s.Close()
		t.Fatal("Open of a non-bbolt file succeeded")
	} else if !strings.Contains(err.Error(), path) {
		t.Fatalf("error %q should name the file", err)
	}
}
