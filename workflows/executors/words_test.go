package executors

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitWords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"   \t\n ", nil},
		{"a b  c", []string{"a", "b", "c"}},
		{`'a b' "c d"`, []string{"a b", "c d"}},
		{`''`, []string{""}},
		{`a'b'"c"d`, []string{"abcd"}},
		{`'it''s'`, []string{"its"}},
		{`'\n $x'`, []string{`\n $x`}},
		{`"a \"q\" \\ \$x \y"`, []string{`a "q" \ $x \y`}},
		{`a\ b c\\d \'`, []string{"a b", `c\d`, "'"}},
		{"a\\\nb", []string{"ab"}},
		{"\"a\\\nb\"", []string{"ab"}},
		{`$HOME ~ * ${x}`, []string{"$HOME", "~", "*", "${x}"}},
		{`trailing\`, []string{`trailing\`}},
		{"2017-01-01 '订单 表'", []string{"2017-01-01", "订单 表"}},
		{"a\r\nb", []string{"a", "b"}},
	}
	for _, c := range cases {
		got, err := SplitWords(c.in)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("SplitWords(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for in, msg := range map[string]string{`it's`: "unterminated single quote", `"abc`: "unterminated double quote", `"a\"`: "unterminated double quote"} {
		if _, err := SplitWords(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("SplitWords(%q) error %v, want %q", in, err, msg)
		}
	}
}

// FuzzSplitWords: words without quotes or backslashes split exactly like strings.Fields,
// and nothing panics.
func FuzzSplitWords(f *testing.F) {
	for _, s := range []string{"a b", `'a' "b\"" c\ d`, "x\\\ny", `"`, "'", `\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := SplitWords(s)
		if strings.ContainsAny(s, `'"\`) {
			return
		}
		if err != nil {
			t.Fatalf("SplitWords(%q): %v", s, err)
		}
		want := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" \t\r\n", r) })
		if len(want) == 0 {
			want = nil
		}
		if !slices.Equal(got, want) {
			t.Fatalf("SplitWords(%q) = %q, want %q", s, got, want)
		}
	})
}
