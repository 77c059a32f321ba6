package executors

import (
	"maps"
	"slices"
	"testing"
)

func TestParseOutputs(t *testing.T) {
	t.Parallel()
	text := "# comment\n\n  # indented comment\na=1\r\n  spaced key  =  v  \nempty=\n=novalue\nno equals\nurl=http://x/?q=1&r=2\na=2\nbad=\xff\n"
	got, bad := ParseOutputs(text)
	want := map[string]string{"a": "2", "spaced key": "  v  ", "empty": "", "url": "http://x/?q=1&r=2", "bad": "\uFFFD"}
	if !maps.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if !slices.Equal(bad, []int{7, 8}) {
		t.Errorf("bad lines %v, want [7 8]", bad)
	}
	if got, bad := ParseOutputs("# only a comment\n\n"); got != nil || bad != nil {
		t.Errorf("no pairs: got %v %v", got, bad)
	}
}
