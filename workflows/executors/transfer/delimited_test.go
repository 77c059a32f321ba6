package transfer

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func readAll(t testing.TB, text, delim string) ([][]any, error) {
	t.Helper()
	r := newDelimitedReader(strings.NewReader(text), delim, "in.txt")
	var rows [][]any
	for {
		row, _, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
}

func TestParseDelimiter(t *testing.T) {
	cases := map[string]string{"": "\t", "TAB": "\t", "tab": "\t", `\t`: "\t", "\t": "\t", ",": ",",
		"####": "####", "aaaaaa": "aaaaaa", `\001`: "\x01", "^A": "\x01", "|": "|", "pipe": "|", "comma": ","}
	for in, want := range cases {
		got, err := ParseDelimiter(in)
		if err != nil || got != want {
			t.Errorf("ParseDelimiter(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`"`, "a\nb", "\r"} {
		if _, err := ParseDelimiter(bad); err == nil {
			t.Errorf("ParseDelimiter(%q) accepted a delimiter that clashes with quoting", bad)
		}
	}
}

func TestReadDelimited(t *testing.T) {
	text := "1,a,\n" +
		"2,\"x,y\",NULL\n" +
		"\n" + // blank lines are skipped
		"3,\"multi\nline \"\"q\"\"\",\"\"\r\n" +
		"4,\\N,\"null\"\n" +
		"5,ünï,say \"hi\""
	rows, err := readAll(t, text, ",")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{
		{"1", "a", nil},
		{"2", "x,y", nil},
		{"3", "multi\nline \"q\"", ""},
		{"4", nil, "null"},
		{"5", "ünï", `say "hi"`},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows = %#v\nwant %#v", rows, want)
	}
}

func TestReadMultiCharDelimiterLoadsWholeLines(t *testing.T) {
	rows, err := readAll(t, "a b,c\td\n", "aaaaaa")
	if err != nil || len(rows) != 1 || !reflect.DeepEqual(rows[0], []any{"a b,c\td"}) {
		t.Fatalf("rows = %#v, %v", rows, err)
	}
	rows, err = readAll(t, "1####2####\n", "####")
	if err != nil || !reflect.DeepEqual(rows, [][]any{{"1", "2", nil}}) {
		t.Fatalf("rows = %#v, %v", rows, err)
	}
}

func TestReadErrorsNameFileAndLine(t *testing.T) {
	cases := []struct{ text, want string }{
		{"a,b\nc,d\ne\n", "in.txt:3: 1 fields, but line 1 has 2"},
		{"a,b\n\nc,d,e\n", "in.txt:3: 3 fields"},
		{"a,b\n\"c,d\n", "in.txt:2: the quoted field that starts here never ends"},
		{"\"a\"x,b\n", "in.txt:1: text after the closing quote of field 1"},
	}
	for _, c := range cases {
		_, err := readAll(t, c.text, ",")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to contain %q", c.text, err, c.want)
		}
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	for _, delim := range []string{",", "\t", "####", "|"} {
		rows := [][]any{
			{"plain", "", nil, "null", `\N`},
			{"a" + delim + "b", "line\nbreak", "cr\r\nlf", `"quoted"`, "ünicode ✓"},
		}
		var buf bytes.Buffer
		w := newDelimitedWriter(&buf, delim)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		got, err := readAll(t, buf.String(), delim)
		if err != nil || !reflect.DeepEqual(got, rows) {
			t.Errorf("delimiter %q: read back %#v, %v\nwant %#v\nfile %q", delim, got, err, rows, buf.String())
		}
	}
}

func TestWriteSingleNullColumnIsNotABlankLine(t *testing.T) {
	var buf bytes.Buffer
	w := newDelimitedWriter(&buf, ",")
	_ = w.Write([]any{nil})
	_ = w.Write([]any{"x"})
	_ = w.Flush()
	got, err := readAll(t, buf.String(), ",")
	if err != nil || !reflect.DeepEqual(got, [][]any{{nil}, {"x"}}) {
		t.Fatalf("got %#v, %v from %q", got, err, buf.String())
	}
}

// FuzzDelimited: any input reads without panicking, and any rows the reader accepts are
// written and read back unchanged.
func FuzzDelimited(f *testing.F) {
	f.Add("a,b\n\"c\"\"d\",\n", ",")
	f.Add("1####2\n3####\"x\ny\"\n", "####")
	f.Add("\"unterminated\n", "\t")
	f.Add("x\r\n\r\ny\n", "|")
	f.Fuzz(func(t *testing.T, text, delimAttr string) {
		delim, err := ParseDelimiter(delimAttr)
		if err != nil {
			return
		}
		rows, err := readAll(t, text, delim)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		w := newDelimitedWriter(&buf, delim)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		_ = w.Flush()
		back, err := readAll(t, buf.String(), delim)
		if err != nil {
			t.Fatalf("written file does not read back: %v\nfile %q", err, buf.String())
		}
		if !reflect.DeepEqual(back, rows) {
			t.Fatalf("round trip changed rows\n got %#v\nwant %#v\nfile %q", back, rows, buf.String())
		}
	})
}
