package store

import (
	"encoding/binary"
	"encoding/json"
	"reflect"

	"github.com/actorflow/actorflow/workflows"
)

// Entry format (version 1), one per raft log entry:
//
//	byte     format version (1)
//	uvarint  number of commands (1..MaxCommands)
//	per command:
//	  byte     CommandKind
//	  uvarint  payload length
//	  payload  the command as JSON
//
// JSON keeps payloads readable in a hex dump and lets a field be added without a format
// change; the framing keeps decoding cheap and strict (trailing bytes are an error).

const entryVersion = 1

// MaxCommands bounds the commands of one entry. CreateInstance numbers instances
// index<<SeqShift | position, so a position must fit in SeqShift bits.
const (
	SeqShift    = 20
	MaxCommands = 1 << SeqShift
)

// Encode packs commands into one log entry; Decode is its inverse.
func Encode(cmds ...Command) ([]byte, error) {
	if len(cmds) == 0 {
		return nil, workflows.Errorf(workflows.CodeInvalid, "store: encode: no commands")
	}
	if len(cmds) > MaxCommands {
		return nil, workflows.Errorf(workflows.CodeInvalid, "store: encode: %d commands in one entry, at most %d", len(cmds), MaxCommands)
	}
	buf := make([]byte, 0, 64*len(cmds))
	buf = append(buf, entryVersion)
	buf = binary.AppendUvarint(buf, uint64(len(cmds)))
	for i, c := range cmds {
		if isNil(c) {
			return nil, workflows.Errorf(workflows.CodeInvalid, "store: encode: command %d is nil", i)
		}
		if _, ok := decoders[c.Kind()]; !ok {
			return nil, workflows.Errorf(workflows.CodeInvalid, "store: encode: command %d has unknown kind %d", i, c.Kind())
		}
		payload, err := json.Marshal(c)
		if err != nil {
			return nil, workflows.Errorf(workflows.CodeInvalid, "store: encode: command %d (%T): %v", i, c, err)
		}
		buf = append(buf, byte(c.Kind()))
		buf = binary.AppendUvarint(buf, uint64(len(payload)))
		buf = append(buf, payload...)
	}
	return buf, nil
}

// Decode unpacks a log entry. It never panics: any malformed input is an error.
func Decode(entry []byte) ([]Command, error) {
	if len(entry) == 0 {
		return nil, decodeErr("empty entry")
	}
	if entry[0] != entryVersion {
		return nil, decodeErr("unknown entry format version %d", entry[0])
	}
	rest := entry[1:]
	n, k := binary.Uvarint(rest)
	if k <= 0 {
		return nil, decodeErr("bad command count")
	}
	rest = rest[k:]
	// Each command takes at least two bytes (kind, length), so a count beyond that is garbage;
	// checking first keeps a forged count from allocating a huge slice.
	if n == 0 || n > MaxCommands || n > uint64(len(rest))/2 {
		return nil, decodeErr("implausible command count %d for %d bytes", n, len(rest))
	}
	cmds := make([]Command, 0, n)
	for i := range int(n) {
		if len(rest) < 2 {
			return nil, decodeErr("command %d: truncated", i)
		}
		kind := CommandKind(rest[0])
		size, k := binary.Uvarint(rest[1:])
		if k <= 0 || size > uint64(len(rest)-1-k) {
			return nil, decodeErr("command %d: bad payload length", i)
		}
		payload := rest[1+k : 1+k+int(size)]
		rest = rest[1+k+int(size):]
		dec, ok := decoders[kind]
		if !ok {
			return nil, decodeErr("command %d: unknown kind %d", i, kind)
		}
		c, err := dec(payload)
		if err != nil {
			return nil, decodeErr("command %d (kind %d): %v", i, kind, err)
		}
		cmds = append(cmds, c)
	}
	if len(rest) != 0 {
		return nil, decodeErr("%d trailing bytes", len(rest))
	}
	return cmds, nil
}

// isNil reports a nil command, including a typed nil pointer (whose Kind would panic).
func isNil(c Command) bool {
	if c == nil {
		return true
	}
	v := reflect.ValueOf(c)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

func decodeErr(format string, args ...any) error {
	return workflows.Errorf(workflows.CodeInvalid, "store: decode: "+format, args...)
}

// decoders maps each kind to its payload decoder. Decoded commands are values, never pointers.
var decoders = map[CommandKind]func([]byte) (Command, error){
	KindPutDefinition:    decodeAs[PutDefinition],
	KindDeleteDefinition: decodeAs[DeleteDefinition],
	KindPutFile:          decodeAs[PutFile],
	KindDeleteFile:       decodeAs[DeleteFile],
	KindPutCoordinator:   decodeAs[PutCoordinator],
	KindCreateInstance:   decodeAs[CreateInstance],
	KindUpdateInstance:   decodeAs[UpdateInstance],
	KindDeleteInstance:   decodeAs[DeleteInstance],
	KindPrune:            decodeAs[Prune],
}

func decodeAs[T Command](payload []byte) (Command, error) {
	var v T
	if err := json.Unmarshal(payload, &v); err != nil {
		return nil, err
	}
	return v, nil
}
