package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	bolt "go.etcd.io/bbolt"
)

// populate gives s a bit of everything.
func populate(t *testing.T, s *Store) {
	t.Helper()
	must(t, s,
		PutDefinition{Name: "wf", Origin: OriginFile, Source: "wf.xml", XML: []byte("<work-flow/>"), Hash: "h", Enabled: true, At: t0},
		PutFile{Path: "wf.xml", Status: FileLoaded, Workflow: "wf", Hash: "h", At: t0},
		PutCoordinator{Name: "wf", NextFire: t0.Add(time.Hour), State: json.RawMessage(`{"k":1}`)},
	)
	createN(t, s, "wf", "g", 5, workflows.InstancePrep, t0)
	createN(t, s, "other", "", 3, workflows.InstancePrep, t0.Add(30*time.Hour))
	setStatus(t, s, "wf-1", workflows.InstanceRunning)
	setStatus(t, s, "wf-2", workflows.InstanceRunning)
	setStatus(t, s, "wf-2", workflows.InstanceSucceeded)
}

func snapshotBytes(t *testing.T, s *Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Snapshot(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSnapshotRestoreIntoFreshStore(t *testing.T) {
	src := openTemp(t)
	populate(t, src)
	want := dump(t, src)

	dst := openTemp(t)
	must(t, dst, create(inst("to-be-replaced", "x", workflows.InstancePrep, t0)))
	if err := dst.Restore(bytes.NewReader(snapshotBytes(t, src))); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, dst); !reflect.DeepEqual(got, want) {
		t.Fatalf("restored state differs:\n got %+v\nwant %+v", got, want)
	}
	if _, ok, _ := dst.Instance("to-be-replaced"); ok {
		t.Error("Restore kept state from before")
	}
	// Replay after restore: entries up to the snapshot's index are skipped, later ones apply.
	if err := dst.Apply(want.Applied, mustEncode(t, DeleteInstance{ID: "wf-0"})); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := dst.Instance("wf-0"); !ok {
		t.Error("an entry at the snapshot's index was applied again")
	}
	if err := dst.Apply(want.Applied+1, mustEncode(t, DeleteInstance{ID: "wf-0"})); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := dst.Instance("wf-0"); ok {
		t.Error("the entry after the snapshot was not applied")
	}
	assertNoLeftovers(t, dst.Path())
}

func TestRestoreFailureKeepsState(t *testing.T) {
	s := openTemp(t)
	populate(t, s)
	want := dump(t, s)

	newer := openTemp(t)
	if err := newer.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion+1)) }); err != nil {
		t.Fatal(err)
	}
	for name, snap := range map[string][]byte{
		"garbage":      []byte(strings.Repeat("not a bolt file ", 1000)),
		"empty":        nil,
		"newer schema": snapshotBytes(t, newer),
	} {
		err := s.Restore(bytes.NewReader(snap))
		if err == nil {
			t.Errorf("%s: Restore succeeded", name)
		}
		if name == "newer schema" && !errors.Is(err, ErrSchema) {
			t.Errorf("%s: error %v, want ErrSchema", name, err)
		}
		if got := dump(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: a failed Restore changed the state", name)
		}
	}
	assertNoLeftovers(t, s.Path())
}

// A snapshot is the state when BeginSnapshot returned, however much is applied before it is
// written: raft labels it with that moment's index.
func TestBeginSnapshotIsPointInTime(t *testing.T) {
	s := openTemp(t)
	populate(t, s)
	want := dump(t, s)
	snap, err := s.BeginSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	if snap.Index() != want.Applied {
		t.Errorf("snapshot index %d, want %d", snap.Index(), want.Applied)
	}
	done := make(chan error)
	go func() { // raft applies on while the snapshot is persisted
		done <- ApplyDirect(s, DeleteInstance{ID: "wf-3"}, create(inst("later", "wf", workflows.InstancePrep, t0)))
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := snap.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	snap.Close()
	snap.Close()

	dst := openTemp(t)
	if err := dst.Restore(&buf); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, dst); !reflect.DeepEqual(got, want) {
		t.Fatal("the snapshot contains changes applied after BeginSnapshot")
	}
}

// Readers running during Restore see the old state or the new one, never an error.
func TestRestoreWithReadersInFlight(t *testing.T) {
	s := openTemp(t)
	populate(t, s)
	snap := snapshotBytes(t, s)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, _, err := s.Instances(InstanceQuery{Full: true}); err != nil {
					errs <- err
					return
				}
				if _, ok, err := s.Instance("wf-1"); err != nil || !ok {
					errs <- errors.Join(err, errors.New("wf-1 missing"))
					return
				}
			}
		}()
	}
	for range 20 {
		if err := s.Restore(bytes.NewReader(snap)); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("reader during Restore: %v", err)
	}
}

func assertNoLeftovers(t *testing.T, path string) {
	t.Helper()
	for _, suffix := range []string{".restore", ".reset"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Errorf("%s left behind", filepath.Base(path+suffix))
		}
	}
}
