package store

import (
	"bytes"
	"encoding/binary"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Key encodings. Every integer is big-endian so that bbolt's byte order is numeric order, and
// every variable-length part that is followed by more key bytes ends in a 0x00 separator (so
// names must not contain NUL; CreateInstance checks this).

const sep = 0x00

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

func getU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// timeKey encodes t as 12 bytes that sort in time order: Unix seconds with the sign bit flipped
// (so times before 1970, including the zero time, sort first) and the nanosecond. Unlike
// UnixNano it is defined for every time.Time.
func timeKey(t time.Time) []byte {
	b := make([]byte, 12)
	binary.BigEndian.PutUint64(b, uint64(t.Unix())^(1<<63))
	binary.BigEndian.PutUint32(b[8:], uint32(t.Nanosecond()))
	return b
}

func parseTimeKey(b []byte) time.Time {
	sec := int64(binary.BigEndian.Uint64(b) ^ (1 << 63))
	return time.Unix(sec, int64(binary.BigEndian.Uint32(b[8:]))).UTC()
}

// join concatenates key parts into a fresh slice.
func join(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// named is a name followed by the separator: the prefix of every key under that name.
func named(name string) []byte { return append([]byte(name), sep) }

func statusByte(s workflows.InstanceStatus) []byte { return []byte{s.StoredValue()} }

// prefixEnd returns the smallest key greater than every key with prefix, or nil when there is
// none (the prefix is empty or all 0xff).
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
