package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The unclean-shutdown marker is a file beside the store, <path>.unclean. A store opened with
// NoSync creates it (durably) before its first write and removes it after a synced Close.
// Finding it at Open therefore means the last NoSync run ended without Close: after a process
// crash the file is intact, after an OS crash it may be torn, and the two cannot be told
// apart, so Open discards the state and raft rebuilds it. The marker lives outside the bbolt
// file because a torn file cannot be trusted to say it is torn.

const markerText = "actorflow: this FSM store was open without fsync and not closed cleanly.\n" +
	"On the next start its state is discarded and rebuilt from the raft snapshot and log.\n"

func markerPath(path string) string { return path + ".unclean" }

func markerExists(path string) (bool, error) {
	_, err := os.Stat(markerPath(path))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func createMarker(path string) error {
	f, err := os.OpenFile(markerPath(path), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("creating the unclean-shutdown marker: %w", err)
	}
	_, werr := f.WriteString(markerText)
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		return fmt.Errorf("creating the unclean-shutdown marker: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

func removeMarker(path string) error {
	if err := os.Remove(markerPath(path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the unclean-shutdown marker: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// renameSync renames and makes the rename durable.
func renameSync(from, to string) error {
	if err := os.Rename(from, to); err != nil {
		return err
	}
	return syncDir(filepath.Dir(to))
}

// syncDir makes a directory's entries (created, renamed, removed files) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
