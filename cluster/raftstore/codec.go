package raftstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/raft"
)

// recordV1 tags every encoded log entry. A per-record tag costs one byte and
// lets a future format coexist with old entries without rewriting the log.
const recordV1 byte = 1

// Record layout (recordV1):
//
//	byte     tag (recordV1)
//	byte     raft.LogType
//	uvarint  Term
//	uvarint  Index (duplicates the key; checked on decode to catch misfiled values)
//	varint   AppendedAt as Unix nanoseconds, 0 for the zero time
//	uvarint  len(Data), then Data
//	uvarint  len(Extensions), then Extensions
//
// Varints keep the fixed overhead of a typical entry (small term, index below
// 2^35, current timestamp) around 20 bytes, against ~60 for msgpack as used
// by raft-boltdb.

// maxHeader is the worst-case size of everything but the two payloads.
const maxHeader = 2 + 3*binary.MaxVarintLen64 + 2*binary.MaxVarintLen64

var errCorrupt = errors.New("raftstore: corrupt log record")

// encodedSize bounds the encoded size of l, for preallocating batch buffers.
func encodedSize(l *raft.Log) int {
	return maxHeader + len(l.Data) + len(l.Extensions)
}

// appendLog appends the encoding of l to dst.
func appendLog(dst []byte, l *raft.Log) []byte {
	dst = append(dst, recordV1, byte(l.Type))
	dst = binary.AppendUvarint(dst, l.Term)
	dst = binary.AppendUvarint(dst, l.Index)
	var nanos int64
	// The zero time has no UnixNano representation; 0 (1970-01-01) stands
	// for it, which no real leader clock produces.
	if !l.AppendedAt.IsZero() {
		nanos = l.AppendedAt.UnixNano()
	}
	dst = binary.AppendVarint(dst, nanos)
	dst = binary.AppendUvarint(dst, uint64(len(l.Data)))
	dst = append(dst, l.Data...)
	dst = binary.AppendUvarint(dst, uint64(len(l.Extensions)))
	dst = append(dst, l.Extensions...)
	return dst
}

// decodeLog decodes b into l. b may alias bbolt's mmap: Data and Extensions
// are copied (into one allocation) so l stays valid after the transaction.
func decodeLog(b []byte, l *raft.Log) error {
	if len(b) < 2 {
		return fmt.Errorf("%w: %d bytes", errCorrupt, len(b))
	}
	if b[0] != recordV1 {
		return fmt.Errorf("%w: unknown record tag %d", errCorrupt, b[0])
	}
	typ := raft.LogType(b[1])
	r := reader{b: b[2:]}
	term := r.uvarint()
	index := r.uvarint()
	nanos := r.varint()
	data := r.bytes()
	ext := r.bytes()
	if r.err != nil {
		return r.err
	}
	if len(r.b) != 0 {
		return fmt.Errorf("%w: %d trailing bytes", errCorrupt, len(r.b))
	}

	var buf []byte
	if n := len(data) + len(ext); n > 0 {
		buf = make([]byte, n)
		copy(buf, data)
		copy(buf[len(data):], ext)
	}
	*l = raft.Log{Index: index, Term: term, Type: typ}
	if len(data) > 0 {
		l.Data = buf[:len(data):len(data)]
	}
	if len(ext) > 0 {
		l.Extensions = buf[len(data):]
	}
	if nanos != 0 {
		l.AppendedAt = time.Unix(0, nanos)
	}
	return nil
}

// reader is a sticky-error cursor over an encoded record.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("%w: bad uvarint", errCorrupt)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("%w: bad varint", errCorrupt)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = fmt.Errorf("%w: length %d exceeds record", errCorrupt, n)
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}
