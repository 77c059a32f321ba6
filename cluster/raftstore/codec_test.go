package raftstore

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/hashicorp/raft"
)

func TestCodecRoundTrip(t *testing.T) {
	now := time.Now()
	cases := map[string]raft.Log{
		"zero":          {},
		"command":       {Index: 7, Term: 3, Type: raft.LogCommand, Data: []byte("hello")},
		"all fields":    {Index: 1<<40 + 5, Term: 1 << 33, Type: raft.LogConfiguration, Data: []byte{0, 1, 2}, Extensions: []byte("ext"), AppendedAt: now},
		"ext only":      {Index: 9, Term: 1, Type: raft.LogNoop, Extensions: []byte{0xff}},
		"max index":     {Index: ^uint64(0), Term: ^uint64(0), Type: raft.LogBarrier},
		"before epoch":  {Index: 1, AppendedAt: time.Date(1960, 1, 2, 3, 4, 5, 6, time.UTC)},
		"large payload": {Index: 2, Data: bytes.Repeat([]byte("x"), 300_000)},
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			enc := appendLog(nil, &in)
			if len(enc) > encodedSize(&in) {
				t.Fatalf("encoded %d bytes, encodedSize promised at most %d", len(enc), encodedSize(&in))
			}
			var out raft.Log
			if err := decodeLog(enc, &out); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if out.Index != in.Index || out.Term != in.Term || out.Type != in.Type ||
				!bytes.Equal(out.Data, in.Data) || !bytes.Equal(out.Extensions, in.Extensions) ||
				!out.AppendedAt.Equal(in.AppendedAt) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", out, in)
			}
		})
	}
}

// The payloads must not alias the input buffer, which is bbolt's mmap in
// GetLog and becomes invalid when the transaction ends.
func TestCodecCopiesPayload(t *testing.T) {
	enc := appendLog(nil, &raft.Log{Index: 1, Data: []byte("abc"), Extensions: []byte("de")})
	var out raft.Log
	if err := decodeLog(enc, &out); err != nil {
		t.Fatal(err)
	}
	for i := range enc {
		enc[i] = 0
	}
	if string(out.Data) != "abc" || string(out.Extensions) != "de" {
		t.Fatalf("payload aliases input: %q %q", out.Data, out.Extensions)
	}
	// Appending to Data must not overwrite Extensions (shared allocation).
	_ = append(out.Data, 'Z')
	if string(out.Extensions) != "de" {
		t.Fatalf("Data capacity overlaps Extensions: %q", out.Extensions)
	}
}

// A typical command (~100 B payload, fresh timestamp) should carry little
// framing; this pins the "compact" claim in codec.go.
func TestCodecOverhead(t *testing.T) {
	l := raft.Log{Index: 1_000_000, Term: 12, Data: make([]byte, 100), AppendedAt: time.Now()}
	if over := len(appendLog(nil, &l)) - 100; over > 24 {
		t.Fatalf("framing overhead %d bytes, want <= 24", over)
	}
}

func TestCodecRejectsCorruption(t *testing.T) {
	good := appendLog(nil, &raft.Log{Index: 5, Term: 2, Data: []byte("payload"), Extensions: []byte("x")})
	cases := map[string][]byte{
		"empty":     {},
		"tag only":  {recordV1},
		"bad tag":   append([]byte{99}, good[1:]...),
		"truncated": good[:len(good)-1],
		"trailing":  append(append([]byte{}, good...), 0),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			var out raft.Log
			if err := decodeLog(b, &out); !errors.Is(err, errCorrupt) {
				t.Fatalf("decode = %v, want errCorrupt", err)
			}
		})
	}
}

func FuzzDecodeLog(f *testing.F) {
	f.Add(appendLog(nil, &raft.Log{Index: 5, Term: 2, Data: []byte("payload"), AppendedAt: time.Now()}))
	f.Add([]byte{recordV1, 0, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		var out raft.Log
		if err := decodeLog(b, &out); err != nil {
			return
		}
		// Whatever decodes must survive a re-encode unchanged. (Byte
		// equality is too strong: varints accept overlong encodings.)
		var again raft.Log
		if err := decodeLog(appendLog(nil, &out), &again); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if again.Index != out.Index || again.Term != out.Term || again.Type != out.Type ||
			!bytes.Equal(again.Data, out.Data) || !bytes.Equal(again.Extensions, out.Extensions) ||
			!again.AppendedAt.Equal(out.AppendedAt) {
			t.Fatalf("re-encode changed the entry: %+v vs %+v", out, again)
		}
	})
}
