package xmlspec

import (
	"os"
	"testing"
	"time"
)

// TestMain pins the local zone: coordinator windows without a timezone attribute are read in
// time.Local, and golden files must not depend on the machine that runs the tests.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}
