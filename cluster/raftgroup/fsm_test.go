package raftgroup

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"

	"github.com/hashicorp/raft"
)

// kvFSM is the test state machine: commands are "key=value"; each applied
// command bumps a counter that Apply returns. Commands starting with "!"
// are rejected with an error response.
type kvFSM struct {
	mu       sync.Mutex
	n        uint64
	kv       map[string]string
	restores int
	changed  chan struct{} // closed and replaced on every change
}

type kvState struct {
	N  uint64
	KV map[string]string
}

func newKV() *kvFSM { return &kvFSM{kv: map[string]string{}, changed: make(chan struct{})} }

var errRejected = errors.New("rejected by FSM")

func (f *kvFSM) Apply(l *raft.Log) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	cmd := string(l.Data)
	if strings.HasPrefix(cmd, "!") {
		return errRejected
	}
	k, v, _ := strings.Cut(cmd, "=")
	f.kv[k] = v
	f.n++
	f.signal()
	return f.n
}

func (f *kvFSM) signal() {
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *kvFSM) Snapshot() (raft.FSMSnapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := kvState{N: f.n, KV: make(map[string]string, len(f.kv))}
	for k, v := range f.kv {
		st.KV[k] = v
	}
	return st, nil
}

func (f *kvFSM) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	var st kvState
	if err := json.NewDecoder(rc).Decode(&st); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n, f.kv = st.N, st.KV
	f.restores++
	f.signal()
	return nil
}

func (s kvState) Persist(sink raft.SnapshotSink) error {
	if err := json.NewEncoder(sink).Encode(s); err != nil {
		_ = sink.Cancel()
		return err
	}
	return sink.Close()
}

func (kvState) Release() {}

// state returns the counter, a copy of the map and the restore count, plus
// the channel that will be closed on the next change.
func (f *kvFSM) state() (uint64, map[string]string, int, <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	kv := make(map[string]string, len(f.kv))
	for k, v := range f.kv {
		kv[k] = v
	}
	return f.n, kv, f.restores, f.changed
}
