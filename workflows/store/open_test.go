package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestReopenKeepsState(t *testing.T) {
	for _, noSync := range []bool{true, false} {
		path := filepath.Join(t.TempDir(), "fsm.db")
		s, err := Open(path, Options{NoSync: noSync, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		populate(t, s)
		want := dump(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(markerPath(path)); err == nil {
			t.Errorf("NoSync=%v: the unclean marker survived a clean Close", noSync)
		}
		s = openAt(t, path, Options{NoSync: noSync})
		if got := dump(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("NoSync=%v: state after reopen differs", noSync)
		}
	}
}

func TestOpenLockedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fsm.db")
	openAt(t, path, Options{NoSync: true})
	start := time.Now()
	_, err := Open(path, Options{NoSync: true, LockTimeout: 100 * time.Millisecond, Logger: quiet})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	for _, want := range []string{path, "another actorflow process"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("Open waited %s for the lock", time.Since(start))
	}
	if _, err := os.Stat(markerPath(path)); err != nil {
		t.Errorf("the failed Open disturbed the holder's marker: %v", err)
	}
}

func TestOpenRefusesNewerSchemaAndForeignFiles(t *testing.T) {
	dir := t.TempDir()
	newer := filepath.Join(dir, "newer.db")
	s := openAt(t, newer, Options{})
	if err := s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion+1)) }); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	_, err := Open(newer, Options{Logger: quiet})
	if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), "newer actorflow") {
		t.Errorf("newer schema: %v", err)
	}

	foreign := filepath.Join(dir, "foreign.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("logs")); return err })
	_ = db.Close()
	if _, err := Open(foreign, Options{Logger: quiet}); !errors.Is(err, ErrSchema) {
		t.Errorf("foreign bbolt file: %v, want ErrSchema", err)
	}
}

func TestOpenRunsUpgrades(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fsm.db")
	s := openAt(t, path, Options{})
	populate(t, s)
	want := dump(t, s)
	if err := s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion-1)) }); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()

	ran := 0
	upgrades[SchemaVersion-1] = func(tx *bolt.Tx) error { ran++; return nil }
	defer delete(upgrades, SchemaVersion-1)
	s = openAt(t, path, Options{})
	if ran != 1 {
		t.Fatalf("upgrade ran %d times, want 1", ran)
	}
	if got := dump(t, s); !reflect.DeepEqual(got, want) {
		t.Error("the upgrade lost state")
	}
	_ = s.Close()
	s = openAt(t, path, Options{})
	if ran != 1 {
		t.Error("the upgrade ran again on an upgraded file")
	}

	delete(upgrades, SchemaVersion-1)
	_ = s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion-1)) })
	_ = s.Close()
	if _, err := Open(path, Options{Logger: quiet}); !errors.Is(err, ErrSchema) {
		t.Errorf("old schema without an upgrade: %v, want ErrSchema", err)
	}
}

// A NoSync store that was not closed (process or OS crash) starts empty: raft rebuilds it.
func TestUncleanNoSyncStoreStartsEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fsm.db")
	s := openAt(t, path, Options{NoSync: true})
	populate(t, s)
	if _, err := os.Stat(markerPath(path)); err != nil {
		t.Fatalf("no unclean marker while open: %v", err)
	}
	crash(t, s)

	s = openAt(t, path, Options{NoSync: true})
	if got := dump(t, s); got.Applied != 0 || len(got.Instances) != 0 || len(got.Definitions) != 0 {
		t.Fatalf("unclean store kept state: applied %d, %d instances", got.Applied, len(got.Instances))
	}
	// And it is a working store.
	must(t, s, create(inst("i1", "wf", sPrep, t0)))
}

// The same file opened with sync (a tool) keeps what it has, with a warning.
func TestUncleanStoreOpenedWithSyncKeepsState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fsm.db")
	s := openAt(t, path, Options{NoSync: true})
	populate(t, s)
	want := dump(t, s)
	crash(t, s)
	s = openAt(t, path, Options{})
	if got := dump(t, s); !reflect.DeepEqual(got, want) {
		t.Fatal("sync open of an unclean file lost state")
	}
}

func TestUnreadableUncleanFileIsSetAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fsm.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("torn page ", 2000)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(markerPath(path), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openAt(t, path, Options{NoSync: true})
	must(t, s, create(inst("i1", "wf", sPrep, t0)))
	if _, err := os.Stat(path + ".discarded"); err != nil {
		t.Errorf("the unreadable file was not kept aside: %v", err)
	}
	// Without the marker an unreadable file is an error, never silently replaced.
	other := filepath.Join(t.TempDir(), "fsm.db")
	_ = os.WriteFile(other, []byte(strings.Repeat("torn page ", 2000)), 0o600)
	if _, err := Open(other, Options{NoSync: true, Logger: quiet}); err == nil {
		t.Error("an unreadable file without the marker opened")
	}
}

// crash ends s the way a killed process does: the file is released without Close, so the
// unclean marker stays.
func crash(t *testing.T, s *Store) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
	s.db = nil
}
