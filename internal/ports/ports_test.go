package ports

import (
	"net"
	"strconv"
	"testing"
)

func TestRunIsFreeAndNotHandedOutTwice(t *testing.T) {
	seen := map[int]bool{}
	for range 20 {
		base := Run(t, 3)
		for p := base; p < base+3; p++ {
			if seen[p] {
				t.Fatalf("port %d handed out twice", p)
			}
			seen[p] = true
			ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
			if err != nil {
				t.Fatalf("port %d is not free: %v", p, err)
			}
			ln.Close()
		}
	}
}
