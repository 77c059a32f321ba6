package store

import (
	"bytes"
	"errors"
	"maps"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func disabled(t *testing.T, s *Store) map[string]time.Time {
	t.Helper()
	got, err := s.DisabledCoordinators()
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestSetEnabledSwitchesOffAndOn(t *testing.T) {
	s := openTemp(t)
	if got := disabled(t, s); len(got) != 0 {
		t.Fatalf("a new store (no bucket yet) has switched-off coordinators: %v", got)
	}
	if off, err := s.CoordinatorDisabled("daily"); err != nil || off {
		t.Fatalf("CoordinatorDisabled on a new store = %v, %v", off, err)
	}
	must(t, s, SetEnabled{Name: "daily", At: t0}, SetEnabled{Name: "hourly", At: t0})
	// Off again keeps the first time; on for a name that is not off changes nothing.
	must(t, s, SetEnabled{Name: "daily", At: t0.Add(time.Hour)}, SetEnabled{Name: "never-off", Enabled: true, At: t0})
	if got, want := disabled(t, s), map[string]time.Time{"daily": t0, "hourly": t0}; !maps.Equal(got, want) {
		t.Fatalf("after switching off: %v, want %v", got, want)
	}
	if off, err := s.CoordinatorDisabled("daily"); err != nil || !off {
		t.Fatalf("CoordinatorDisabled(daily) = %v, %v; want true", off, err)
	}
	must(t, s, SetEnabled{Name: "hourly", Enabled: true, At: t0.Add(2 * time.Hour)})
	if off, err := s.CoordinatorDisabled("hourly"); err != nil || off {
		t.Fatalf("CoordinatorDisabled(hourly) = %v, %v; want false", off, err)
	}
	if got, want := disabled(t, s), map[string]time.Time{"daily": t0}; !maps.Equal(got, want) {
		t.Fatalf("after switching hourly on: %v, want %v", got, want)
	}

	err := ApplyDirect(s, SetEnabled{At: t0})
	var we *workflows.Error
	if !errors.As(err, &we) || we.Code != workflows.CodeInvalid {
		t.Fatalf("a switch without a name = %v, want CodeInvalid", err)
	}
}

// The switch is FSM state: it is in the log entry, a snapshot and the file.
func TestSetEnabledSurvivesCodecSnapshotAndReopen(t *testing.T) {
	cmd := SetEnabled{Name: "daily", At: t0}
	entry, err := Encode(cmd)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(entry)
	if err != nil || len(back) != 1 || !reflect.DeepEqual(back[0], Command(cmd)) {
		t.Fatalf("Decode(Encode(%+v)) = %+v, %v", cmd, back, err)
	}

	path := filepath.Join(t.TempDir(), "fsm.db")
	s, err := Open(path, Options{NoSync: true, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(1, entry); err != nil {
		t.Fatal(err)
	}
	var snap bytes.Buffer
	if err := s.Snapshot(&snap); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"daily": t0}
	if got := disabled(t, openAt(t, path, Options{NoSync: true})); !maps.Equal(got, want) {
		t.Errorf("after reopening: %v, want %v", got, want)
	}
	dst := openTemp(t)
	if err := dst.Restore(&snap); err != nil {
		t.Fatal(err)
	}
	if got := disabled(t, dst); !maps.Equal(got, want) {
		t.Errorf("after restoring the snapshot: %v, want %v", got, want)
	}
}
