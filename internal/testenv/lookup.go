package testenv

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
)

// requiredVar is the variable that turns a missing server from a skip into a failure.
const requiredVar = "ACTORFLOW_TEST_SERVERS"

// lookup returns the value of the environment variable key, which describes what; when it is
// unset the test is skipped, or failed under ACTORFLOW_TEST_SERVERS=required. It returns ""
// only when t.Skip or t.Fatal returned (which real testing.TBs never do).
func lookup(t testing.TB, key, what string) string {
	t.Helper()
	if v := os.Getenv(key); v != "" {
		return v
	}
	Unavailable(t, "testenv: %s is not set, so there is no %s to test against; "+
		"run sbin/test, or `source sbin/lib/testservers.sh && testservers_start` in this shell first", key, what)
	return ""
}

// Unavailable says a test cannot run here because something it needs is missing (a tool,
// a privilege): it skips the test, or fails it under ACTORFLOW_TEST_SERVERS=required (CI),
// where sbin/test installed everything and a skip would prove nothing.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(requiredVar) == "required" {
		t.Fatal(msg + " (" + requiredVar + "=required makes this a failure)")
		return
	}
	t.Skip(msg)
}

// hostPort splits addr, read from the variable key, into host and numeric port.
func hostPort(t testing.TB, key, addr string) (string, int) {
	t.Helper()
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("testenv: %s=%q is not host:port: %v", key, addr, err)
		return "", 0
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port <= 0 || port > 65535 {
		t.Fatalf("testenv: %s=%q has no valid port number", key, addr)
		return "", 0
	}
	return host, port
}
