package main

import (
	"slices"
	"strings"
	"testing"
)

func TestParseStartsLeavesAPartialLastLine(t *testing.T) {
	got, err := parseStarts(strings.NewReader("A 100\nB 200\nC 3"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int64{100, 200}) {
		t.Errorf("got %v, want [100 200]", got)
	}
}

func TestParseStartsRejectsAMalformedLine(t *testing.T) {
	for _, in := range []string{"A\n", "A x\n", "A 1 2\n", "A -5\n"} {
		if _, err := parseStarts(strings.NewReader("Z 1\n" + in)); err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%q: err %v, want one naming line 2", in, err)
		}
	}
}

func FuzzParseStarts(f *testing.F) {
	f.Add("A 100\nB 200\n")
	f.Add("A 1\nB")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := parseStarts(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(got) > strings.Count(in, "\n") {
			t.Fatalf("%d starts from %d complete lines", len(got), strings.Count(in, "\n"))
		}
		for _, ns := range got {
			if ns <= 0 {
				t.Fatalf("non-positive start %d", ns)
			}
		}
	})
}
