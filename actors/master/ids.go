package master

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"
)

// crockford is Crockford's base32 alphabet: no I, L, O, U, so ids survive being read aloud
// and typed; its order matches byte order, so ids sort as their numbers do.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// idGen makes ids that are 16 characters: 10 for the Unix time in milliseconds (50 bits) and 6
// for 30 random bits. Within one millisecond the random part is incremented, so ids made by
// one process are strictly increasing; across processes they sort by creation time to the
// millisecond.
type idGen struct {
	mu     sync.Mutex
	lastMs uint64
	lastR  uint32
}

var defaultIDs idGen

// NewID returns a new time-sortable id (see Config.NewID).
func NewID() string { return defaultIDs.next(time.Now()) }

func (g *idGen) next(now time.Time) string {
	ms := uint64(now.UnixMilli())
	g.mu.Lock()
	var r uint32
	if ms <= g.lastMs {
		// Same (or an earlier, the clock stepped back) millisecond: keep the order.
		ms, r = g.lastMs, g.lastR+1
		if r >= 1<<30 {
			ms, r = ms+1, 0
		}
	} else {
		var b [4]byte
		_, _ = rand.Read(b[:])
		r = binary.BigEndian.Uint32(b[:]) >> 3 // 29 bits: room to increment within the ms
	}
	g.lastMs, g.lastR = ms, r
	g.mu.Unlock()

	var out [16]byte
	for i := 9; i >= 0; i-- {
		out[i] = crockford[ms&31]
		ms >>= 5
	}
	for i := 15; i >= 10; i-- {
		out[i] = crockford[r&31]
		r >>= 5
	}
	return string(out[:])
}
