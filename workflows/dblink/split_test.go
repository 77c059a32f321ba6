package dblink

import (
	"strings"
	"testing"
)

func texts(st []Statement) []string {
	out := make([]string, len(st))
	for i, s := range st {
		out[i] = s.Text
	}
	return out
}

func TestSplit(t *testing.T) {
	pg, my, lite := dialects[Postgres], dialects[MySQL], dialects[SQLite]
	cases := []struct {
		name string
		d    Dialect
		in   string
		want []string
	}{
		{"plain", pg, "select 1; select 2;", []string{"select 1", "select 2"}},
		{"empties dropped", pg, " ;; select 1 ;\n ; -- only a comment\n; /* c */ ;", []string{"select 1"}},
		{"single quotes", pg, "insert into t values ('a;b', 'it''s;'); select 2", []string{"insert into t values ('a;b', 'it''s;')", "select 2"}},
		{"double quotes", pg, `select 1 as "a;b"; select 2`, []string{`select 1 as "a;b"`, "select 2"}},
		{"backticks", my, "select 1 as `a;b`; select 2", []string{"select 1 as `a;b`", "select 2"}},
		{"line comment", pg, "select 1 -- not; split\n; select 2", []string{"select 1 -- not; split", "select 2"}},
		{"block comment", pg, "select /* a; b */ 1; select 2", []string{"select /* a; b */ 1", "select 2"}},
		{"nested block comment pg", pg, "select /* a /* b; */ c; */ 1; select 2", []string{"select /* a /* b; */ c; */ 1", "select 2"}},
		{"mysql block comments do not nest", my, "select /* a /* b */ 1; select 2", []string{"select /* a /* b */ 1", "select 2"}},
		{"dollar quoting", pg, "create function f() returns int as $$ begin perform 1; return 2; end $$ language plpgsql; select f()",
			[]string{"create function f() returns int as $$ begin perform 1; return 2; end $$ language plpgsql", "select f()"}},
		{"tagged dollar quoting", pg, "do $body$ begin raise notice '$$;'; end $body$; select 1",
			[]string{"do $body$ begin raise notice '$$;'; end $body$", "select 1"}},
		{"positional parameter is no tag", pg, "select $1; select $2", []string{"select $1", "select $2"}},
		{"dollar inside identifier is no tag", pg, "select a$b$; select 2", []string{"select a$b$", "select 2"}},
		{"mysql has no dollar quoting", my, "select $$; select 2", []string{"select $$", "select 2"}},
		{"mysql backslash escape", my, `insert into t values ('a\';b'); select 2`, []string{`insert into t values ('a\';b')`, "select 2"}},
		{"pg standard strings: backslash is plain", pg, `select 'a\'; select 2`, []string{`select 'a\'`, "select 2"}},
		{"pg E string", pg, `select E'a\';b'; select 2`, []string{`select E'a\';b'`, "select 2"}},
		{"mysql hash comment", my, "select 1 # x; y\n; select 2", []string{"select 1 # x; y", "select 2"}},
		{"mysql 1--1 is arithmetic", my, "select 1--1; select 2", []string{"select 1--1", "select 2"}},
		{"mysql -- comment", my, "select 1 -- x; y\n; select 2", []string{"select 1 -- x; y", "select 2"}},
		{"sqlite brackets", lite, "select 1 as [a;b]; select 2", []string{"select 1 as [a;b]", "select 2"}},
		{"unterminated quote runs to the end", pg, "select 'a; select 2", []string{"select 'a; select 2"}},
		{"no trailing semicolon", pg, "select 1", []string{"select 1"}},
		{"chinese", my, "insert into t values ('中文;字'); select '完'", []string{"insert into t values ('中文;字')", "select '完'"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := texts(Split(c.d, c.in))
			if strings.Join(got, "\x00") != strings.Join(c.want, "\x00") {
				t.Errorf("Split(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestSplitLines(t *testing.T) {
	got := Split(dialects[Postgres], "-- header\n\nselect 1;\n/* multi\nline */ select\n 2;\n\n  select 'a\nb'; select 3")
	want := []int{3, 5, 8, 9}
	if len(got) != len(want) {
		t.Fatalf("got %d statements: %+v", len(got), got)
	}
	for i, w := range want {
		if got[i].Line != w {
			t.Errorf("statement %d (%q) at line %d, want %d", i+1, got[i].Text, got[i].Line, w)
		}
	}
}

// FuzzSplit checks that Split never panics, yields trimmed non-empty statements taken
// from the script in order, and is stable: joining its statements with "\n;\n" and
// splitting again gives the same statements.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"select 1; select 2", "insert into t values ('a;b', 'it''s'); -- x;\n select \"a;\"",
		"do $b$ begin; end $b$; select $1", `select E'\';'; select 'a\'`, "/* /* */ ; */ select 1 # x;\n;",
		"select `a;b`, [c;d] -- e\n", "select 'unterminated; select 2", "$$", "--", "/*"} {
		f.Add(uint8(0), s)
		f.Add(uint8(1), s)
		f.Add(uint8(2), s)
	}
	ds := []Dialect{dialects[Postgres], dialects[MySQL], dialects[SQLite]}
	f.Fuzz(func(t *testing.T, which uint8, script string) {
		d := ds[int(which)%len(ds)]
		got := Split(d, script)
		at := 0
		for _, st := range got {
			if st.Text == "" || st.Text != strings.TrimSpace(st.Text) {
				t.Fatalf("statement %q is empty or untrimmed", st.Text)
			}
			// The statement starts on line st.Line, after the previous one.
			from := at
			if st.Line < 1 {
				t.Fatalf("statement %q has line %d", st.Text, st.Line)
			}
			lineStart := 0
			for n := 1; n < st.Line; n++ {
				j := strings.IndexByte(script[lineStart:], '\n')
				if j < 0 {
					t.Fatalf("statement %q: line %d is past the end", st.Text, st.Line)
				}
				lineStart += j + 1
			}
			from = max(from, lineStart)
			i := strings.Index(script[from:], st.Text)
			if i < 0 {
				t.Fatalf("statement %q is not in the script on or after line %d", st.Text, st.Line)
			}
			if got := 1 + strings.Count(script[:from+i], "\n"); got != st.Line {
				t.Fatalf("statement %q: first found on line %d, reported on line %d", st.Text, got, st.Line)
			}
			i += from - at
			at += i + len(st.Text)
		}
		for _, st := range got {
			if d.HashComments && strings.HasSuffix(st.Text, "-") {
				// MySQL: "--" right before ';' is code, before a newline a comment; no
				// joiner keeps both that and a trailing "-- comment" intact.
				return
			}
		}
		again := texts(Split(d, strings.Join(texts(got), "\n;\n")))
		if strings.Join(again, "\x00") != strings.Join(texts(got), "\x00") {
			t.Fatalf("not stable:\n first %q\nsecond %q", texts(got), again)
		}
	})
}
