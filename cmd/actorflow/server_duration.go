package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// secondsOrDuration is a duration flag value that also takes a bare number of seconds:
// akkaflow's attributes and the sbin scripts (ACTORFLOW_STOP_GRACE=30) speak seconds, Go
// speaks "30s"; one variable must work for both.
type secondsOrDuration struct{ d time.Duration }

func seconds(d time.Duration) *secondsOrDuration { return &secondsOrDuration{d} }

func (s *secondsOrDuration) Set(v string) error {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if n < 0 {
			return fmt.Errorf("%q: must not be negative", v)
		}
		s.d = time.Duration(n * float64(time.Second))
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("%q: want seconds (30) or a duration (30s, 5m, 720h)", v)
	}
	if d < 0 {
		return fmt.Errorf("%q: must not be negative", v)
	}
	s.d = d
	return nil
}

func (s *secondsOrDuration) String() string {
	if s == nil {
		return ""
	}
	return s.d.String()
}

// durationOf reads a secondsOrDuration flag.
func durationOf(c *cli.Context, name string) time.Duration {
	if v, ok := c.Generic(name).(*secondsOrDuration); ok {
		return v.d
	}
	return 0
}
