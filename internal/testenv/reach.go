package testenv

import (
	"bufio"
	"net"
	"strings"
	"testing"
	"time"
)

// greet connects to addr (read from the variable key) and checks that the server's greeting
// starts with prefix, so a port that is open but served by something else also fails.
func greet(t testing.TB, what, key, addr, prefix string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, serverTimeout)
	if err != nil {
		t.Fatalf("testenv: %s at %s (%s) is configured but not reachable: %v", what, addr, key, err)
		return
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(serverTimeout))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("testenv: %s at %s (%s) accepted but sent no greeting: %v", what, addr, key, err)
		return
	}
	if !strings.HasPrefix(line, prefix) {
		t.Fatalf("testenv: %s at %s (%s) greeted with %q, want a line starting with %q",
			what, addr, key, strings.TrimSpace(line), prefix)
	}
}
