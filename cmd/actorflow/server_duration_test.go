package main

import (
	"testing"
	"time"
)

func TestSecondsOrDuration(t *testing.T) {
	cases := map[string]time.Duration{"30": 30 * time.Second, "1.5": 1500 * time.Millisecond,
		"30s": 30 * time.Second, "5m": 5 * time.Minute, " 720h ": 720 * time.Hour, "0": 0}
	for in, want := range cases {
		var v secondsOrDuration
		if err := v.Set(in); err != nil || v.d != want {
			t.Errorf("Set(%q) = %v, %v; want %v", in, v.d, err, want)
		}
	}
	for _, bad := range []string{"", "ten", "-1", "-5s", "5 parsecs"} {
		var v secondsOrDuration
		if err := v.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted %v", bad, v.d)
		}
	}
}
