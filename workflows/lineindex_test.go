package workflows

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLineIndexPos(t *testing.T) {
	data := []byte("<a>\n  <工作 x=\"1\"/>\r\n\n<b/>")
	x := NewLineIndex("f.xml", data)
	for _, c := range []struct {
		off  int
		want Pos
	}{
		{0, Pos{"f.xml", 1, 1}},
		{3, Pos{"f.xml", 1, 4}}, // the newline belongs to the line it ends
		{4, Pos{"f.xml", 2, 1}},
		{strings.Index(string(data), " x="), Pos{"f.xml", 2, 6}}, // two spaces, '<', two characters of six bytes
		{strings.Index(string(data), "\r"), Pos{"f.xml", 2, 14}},
		{strings.Index(string(data), "\n\n") + 1, Pos{"f.xml", 3, 1}},
		{strings.Index(string(data), "<b/>"), Pos{"f.xml", 4, 1}},
		{len(data), Pos{"f.xml", 4, 5}}, // the end of the file is a position
		{len(data) + 1, Pos{File: "f.xml"}},
		{-1, Pos{File: "f.xml"}},
		{0, Pos{"f.xml", 1, 1}}, // going back after the end
	} {
		if got := x.Pos(c.off); got != c.want {
			t.Errorf("Pos(%d) = %v, want %v", c.off, got, c.want)
		}
	}
}

// TestLineIndexAnyOrder checks the remembered position against counting from the line's
// start, for offsets in every order, inside multi-byte characters and on invalid UTF-8.
func TestLineIndexAnyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "\n", "工", "\r\n", "\xe4\xb8", "\xff", "é", "<", "𝄞"}
	for range 200 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		data := []byte(b.String())
		x := NewLineIndex("f", data)
		offs := make([]int, 30)
		for i := range offs {
			offs[i] = rng.IntN(len(data)+3) - 1
		}
		if rng.IntN(2) == 0 { // also the growing offsets the parsers ask for
			for i := 1; i < len(offs); i++ {
				offs[i] = max(offs[i], offs[i-1])
			}
		}
		for _, off := range offs {
			if got, want := x.Pos(off), naivePos("f", data, off); got != want {
				t.Fatalf("data %q: Pos(%d) = %v, want %v", data, off, got, want)
			}
		}
	}
}

func FuzzLineIndex(f *testing.F) {
	f.Add([]byte("a\n工b\r\n\xe4\xb8c"), 3, 7, 1)
	f.Fuzz(func(t *testing.T, data []byte, a, b, c int) {
		x := NewLineIndex("f", data)
		for _, off := range []int{a, b, c, a} {
			if got, want := x.Pos(off), naivePos("f", data, off); got != want {
				t.Fatalf("Pos(%d) = %v, want %v", off, got, want)
			}
		}
	})
}

// naivePos is the definition: the line is one more than the newlines before off, the column
// one more than the characters between the line's start and off.
func naivePos(file string, data []byte, off int) Pos {
	if off < 0 || off > len(data) {
		return Pos{File: file}
	}
	start := strings.LastIndexByte(string(data[:off]), '\n') + 1
	return Pos{File: file, Line: strings.Count(string(data[:off]), "\n") + 1, Col: utf8.RuneCount(data[start:off]) + 1}
}
