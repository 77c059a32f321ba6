package params_test

import (
	"testing"
	"time"
	_ "time/tzdata" // zones for the DST tests, whatever the host has installed
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
