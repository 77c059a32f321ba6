package executors

import (
	"slices"
	"testing"
)

func TestInterpreter(t *testing.T) {
	t.Parallel()
	def := []string{"/bin/bash"}
	cases := []struct {
		code string
		want []string
	}{
		{"echo hi", def},
		{"", def},
		{"#!/usr/bin/env python3\nprint(1)", []string{"/usr/bin/env", "python3"}},
		{"#!/bin/bash -e\n", []string{"/bin/bash", "-e"}},
		{"#!/usr/bin/perl", []string{"/usr/bin/perl"}},
		{"\n  \n\t  #!/bin/sh\r\n echo", []string{"/bin/sh"}},
		{"#! /bin/bash -e -x", []string{"/bin/bash", "-e", "-x"}},
		{"\uFEFF#!/bin/sh\n", []string{"/bin/sh"}},
		{"#!\necho", def},
		{"# a comment\n#!/bin/sh", def}, // a shebang must be the first non-blank line
		{"echo\n#!/bin/sh", def},
	}
	for _, c := range cases {
		if got := Interpreter(c.code, def); !slices.Equal(got, c.want) {
			t.Errorf("Interpreter(%q) = %q, want %q", c.code, got, c.want)
		}
	}
	// The default is copied, never aliased: callers append the script path to the result.
	got := Interpreter("", def)
	got[0] = "changed"
	if def[0] != "/bin/bash" {
		t.Fatal("Interpreter returned the caller's default slice")
	}
}
