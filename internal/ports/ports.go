package ports

import (
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
	"testing"
)

var (
	mu   sync.Mutex
	used = map[int]bool{}
)

// Run returns the first of n consecutive free ports, not handed out before in this process.
func Run(t testing.TB, n int) int {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	for range 200 {
		base := 20000 + rand.IntN(10000-n)
		ok := true
		for p := base; p < base+n && ok; p++ {
			ok = !used[p] && free(p)
		}
		if ok {
			for p := base; p < base+n; p++ {
				used[p] = true
			}
			return base
		}
	}
	t.Fatalf("ports: no %d consecutive free ports found", n)
	return 0
}

// Addr returns "127.0.0.1:port" for one free port.
func Addr(t testing.TB) string {
	t.Helper()
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(Run(t, 1)))
}

func free(p int) bool {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(p))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return false
	}
	ln.Close()
	pc, err := net.ListenPacket("udp", addr)
	if err != nil {
		return false
	}
	pc.Close()
	return true
}
