package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// everyKind holds one command of each kind, with values in every field that matters.
func everyKind() []Command {
	in := inst("i1", "wf", workflows.InstanceRunning, t0, "start", "a", "end")
	in.Nodes[1].Attempts = []workflows.Attempt{{Number: 1, Visit: 1, Status: workflows.AttemptRunning, Worker: "w1", Dispatched: t0}}
	in.Params = map[string]string{"day": "2024-03-10"}
	return []Command{
		PutDefinition{Name: "wf", Origin: OriginFile, Source: "wf.xml", XML: []byte("<work-flow/>"), Hash: "ab", Enabled: true, At: t0},
		DeleteDefinition{Name: "wf"},
		PutFile{Path: "wf.xml", Status: FileError, Workflow: "wf", Hash: "ab", At: t0,
			Problems: workflows.Problems{{Message: "bad"}}},
		DeleteFile{Path: "wf.xml"},
		PutCoordinator{Name: "wf", NextFire: t0.Add(time.Hour), State: json.RawMessage(`{"last":"x"}`)},
		CreateInstance{Instance: in, Definition: json.RawMessage(`{"name":"wf"}`), Version: 3, Group: "g", Priority: 2},
		UpdateInstance{Instance: in},
		DeleteInstance{ID: "i1"},
		Prune{Before: t0, KeepPerWorkflow: 10},
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	cmds := everyKind()
	entry, err := Encode(cmds...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(entry)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, cmds) {
		t.Fatalf("round trip changed the commands:\n got %#v\nwant %#v", got, cmds)
	}
	// Pointers encode like values and decode as values.
	entry, err = Encode(&DeleteFile{Path: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := Decode(entry); !reflect.DeepEqual(got, []Command{DeleteFile{Path: "x"}}) {
		t.Fatalf("pointer command decoded as %#v", got)
	}
}

func TestEncodeRejects(t *testing.T) {
	var nilPtr *DeleteFile
	for name, cmds := range map[string][]Command{
		"none":      nil,
		"nil":       {nil},
		"typed nil": {nilPtr},
		"unknown":   {alien{}},
	} {
		if _, err := Encode(cmds...); workflows.CodeOf(err) != workflows.CodeInvalid {
			t.Errorf("%s: Encode error = %v, want an invalid error", name, err)
		}
	}
}

type alien struct{}

func (alien) Kind() CommandKind { return 200 }

func TestDecodeRejectsGarbage(t *testing.T) {
	good, err := Encode(DeleteFile{Path: "x"}, DeleteDefinition{Name: "y"})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":           {},
		"format version":  append([]byte{9}, good[1:]...),
		"zero commands":   {1, 0},
		"huge count":      {1, 0xff, 0xff, 0xff, 0xff, 0x0f, 6, 0},
		"unknown kind":    {1, 1, 99, 2, '{', '}'},
		"truncated":       good[:len(good)-3],
		"trailing":        append(append([]byte{}, good...), 0),
		"length past end": {1, 1, byte(KindDeleteFile), 50, '{', '}'},
		"bad json":        {1, 1, byte(KindDeleteFile), 2, '{', '['},
		"wrong json type": {1, 1, byte(KindDeleteFile), 2, '[', ']'},
		"bad status":      append([]byte{1, 1, byte(KindDeleteInstance)}, jsonPayload(`{"id":1}`)...),
	}
	for name, entry := range cases {
		cmds, err := Decode(entry)
		if err == nil {
			t.Errorf("%s: Decode succeeded with %#v", name, cmds)
			continue
		}
		if !strings.Contains(err.Error(), "store: decode") {
			t.Errorf("%s: error %q does not say it is a decode error", name, err)
		}
	}
}

// jsonPayload frames a JSON payload (length byte then bytes; payloads here are short).
func jsonPayload(s string) []byte { return append([]byte{byte(len(s))}, s...) }

// FuzzDecode: Decode never panics, and whatever it accepts re-encodes stably: after one
// round (which normalises JSON, e.g. a missing definition to null) encoding is a fixed point.
func FuzzDecode(f *testing.F) {
	for _, c := range everyKind() {
		entry, err := Encode(c)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(entry)
	}
	all, _ := Encode(everyKind()...)
	f.Add(all)
	f.Add([]byte{1, 1, 6, 2, '{', '}'})
	f.Fuzz(func(t *testing.T, entry []byte) {
		cmds, err := Decode(entry)
		if err != nil {
			return
		}
		again, err := Encode(cmds...)
		if err != nil {
			t.Fatalf("Encode of decoded commands: %v", err)
		}
		cmds2, err := Decode(again)
		if err != nil {
			t.Fatalf("Decode of re-encoded entry: %v", err)
		}
		third, err := Encode(cmds2...)
		if err != nil {
			t.Fatalf("Encode, second round: %v", err)
		}
		if !bytes.Equal(again, third) {
			t.Fatalf("encoding is not stable:\n%q\n%q", again, third)
		}
	})
}
