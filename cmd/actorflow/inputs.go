package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// parseParams turns repeated "-p key=value" into a map; nil when none was given, so the
// request omits it. A later key wins, as in a shell assignment.
func parseParams(c *cli.Context, values []string) (map[string]string, error) {
	if len(values) == 0 {
		return nil, nil
	}
	m := make(map[string]string, len(values))
	for _, v := range values {
		k, val, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, usageErrorf(c, "parameter %q: want key=value", v)
		}
		m[strings.TrimSpace(k)] = val
	}
	return m, nil
}

// splitList accepts both repeated flags and akkaflow's comma lists ("--ignore-node a,b").
func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// localLayouts are the akkaflow-style times accepted besides RFC 3339, read in local time.
var localLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// parseTime reads RFC 3339 or "yyyy-MM-dd[ HH:mm[:ss]]" in loc.
func parseTime(text string, loc *time.Location) (time.Time, error) {
	text = strings.TrimSpace(text)
	if t, err := time.Parse(time.RFC3339, text); err == nil {
		return t, nil
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, text, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: use RFC 3339 (2024-05-01T08:00:00+02:00) "+
		"or yyyy-MM-dd[ HH:mm[:ss]] in local time", text)
}

// definition is one XML file given on the command line.
type definition struct {
	label string // how messages name it: the argument as typed, or <stdin>
	path  string // absolute path recorded as the source file; empty for stdin
	xml   []byte
}

// readDefinition reads FILE, or standard input for "-".
func (s *session) readDefinition(arg string) (definition, error) {
	if arg == "-" {
		b, err := io.ReadAll(s.in)
		if err != nil {
			return definition{}, &inputError{msg: fmt.Sprintf("reading standard input: %v", err)}
		}
		return definition{label: "<stdin>", xml: b}, nil
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		return definition{}, &inputError{msg: err.Error()}
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		abs = arg
	}
	return definition{label: arg, path: abs, xml: b}, nil
}
