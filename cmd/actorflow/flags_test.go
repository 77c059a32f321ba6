package main

import (
	"slices"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// TestGlobalFlagsEitherSide: -o, --server and --token work before and after the command, and
// the one nearest the command wins.
func TestGlobalFlagsEitherSide(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /api/v1/front", 200, apiv1.Front{Queued: 1})

	before := runCLI(t, "", "--server", f.URL, "-o", "json", "--token", "t1", "front").expect(t, 0)
	after := runCLI(t, "", "front", "--server", f.URL, "-o", "json", "--token", "t1").expect(t, 0)
	if before.out != after.out || before.out[0] != '{' {
		t.Errorf("-o json before %q and after %q the command differ", before.out, after.out)
	}
	nearest := runCLI(t, "", "--server", "http://127.0.0.1:1", "-o", "table", "--token", "t1",
		"front", "--server", f.URL, "-o", "json", "--token", "t2").expect(t, 0)
	if nearest.out[0] != '{' {
		t.Errorf("the command's -o json did not win: %q", nearest.out)
	}
	var tokens []string
	for _, r := range f.requests() {
		tokens = append(tokens, r.Header.Get("Authorization"))
	}
	if want := []string{"Bearer t1", "Bearer t1", "Bearer t2"}; !slices.Equal(tokens, want) {
		t.Errorf("Authorization headers %q, want %q", tokens, want)
	}
}

// TestEnvironment: $ACTORFLOW_ADDR and $ACTORFLOW_API_TOKEN stand in for the flags, and a flag
// still beats them.
func TestEnvironment(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /api/v1/front", 200, apiv1.Front{})
	t.Setenv("ACTORFLOW_ADDR", f.URL)
	t.Setenv("ACTORFLOW_API_TOKEN", "from-env")

	runCLI(t, "", "front").expect(t, 0)
	runCLI(t, "", "front", "--token", "from-flag").expect(t, 0)
	got := f.requests()
	if len(got) != 2 || got[0].Header.Get("Authorization") != "Bearer from-env" ||
		got[1].Header.Get("Authorization") != "Bearer from-flag" {
		t.Errorf("requests %+v", got)
	}
}

func TestReorderArgs(t *testing.T) {
	app := newApp()
	cases := []struct{ in, want []string }{
		{[]string{"workflow", "trigger", "daily", "-p", "a=1", "--ignore-node", "n"},
			[]string{"workflow", "trigger", "-p", "a=1", "--ignore-node", "n", "daily"}},
		// A value that looks like a flag stays with its flag.
		{[]string{"workflow", "list", "-q", "-draft-"}, []string{"workflow", "list", "-q", "-draft-"}},
		// Boolean flags take no value: the next token is an argument.
		{[]string{"instance", "log", "-f", "i-1"}, []string{"instance", "log", "-f", "i-1"}},
		{[]string{"instance", "log", "i-1", "-f", "--node=load"}, []string{"instance", "log", "-f", "--node=load", "i-1"}},
		// Global flags before the command stay where they are.
		{[]string{"-o", "json", "front", "--server", "u"}, []string{"-o", "json", "front", "--server", "u"}},
		// "--" ends flags: what follows stays an argument even if it starts with "-".
		{[]string{"workflow", "add", "-o", "json", "--", "-odd.xml"}, []string{"workflow", "add", "-o", "json", "--", "-odd.xml"}},
		{[]string{"workflow", "add", "a.xml", "--", "-odd.xml", "-o", "json"},
			[]string{"workflow", "add", "--", "a.xml", "-odd.xml", "-o", "json"}},
		// "-" (stdin) is an argument, not a flag.
		{[]string{"workflow", "add", "-", "-o", "json"}, []string{"workflow", "add", "-o", "json", "-"}},
		// An unknown command is left exactly as given, for cli to report.
		{[]string{"nosuch", "x", "-o", "json"}, []string{"nosuch", "x", "-o", "json"}},
	}
	for _, tc := range cases {
		got := reorderArgs(app, append([]string{"actorflow"}, tc.in...))[1:]
		if !slices.Equal(got, tc.want) {
			t.Errorf("reorderArgs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	cases := map[time.Duration]string{
		-time.Second:                    "0ms",
		850 * time.Millisecond:          "850ms",
		42 * time.Second:                "42s",
		5*time.Minute + 2*time.Second:   "5m 02s",
		3*time.Hour + 7*time.Minute:     "3h 07m",
		52*time.Hour + 59*time.Minute:   "2d 04h",
		24*time.Hour - time.Millisecond: "23h 59m",
	}
	for d, want := range cases {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestParseTime(t *testing.T) {
	cases := map[string]time.Time{
		"2024-05-01":                time.Date(2024, 5, 1, 0, 0, 0, 0, testZone),
		"2024-05-01 08:30":          time.Date(2024, 5, 1, 8, 30, 0, 0, testZone),
		"2024-05-01 08:30:15":       time.Date(2024, 5, 1, 8, 30, 15, 0, testZone),
		"2024-05-01T08:30:00Z":      time.Date(2024, 5, 1, 8, 30, 0, 0, time.UTC),
		"2024-05-01T08:30:00+08:00": time.Date(2024, 5, 1, 0, 30, 0, 0, time.UTC),
	}
	for in, want := range cases {
		got, err := parseTime(in, testZone)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2024-13-01", "01/05/2024"} {
		if _, err := parseTime(bad, testZone); err == nil {
			t.Errorf("parseTime(%q) accepted it", bad)
		}
	}
}

func TestFormatProblem(t *testing.T) {
	cases := []struct {
		file string
		p    apiv1.Problem
		want string
	}{
		{"a.xml", apiv1.Problem{Line: 3, Col: 7, Severity: "error", Code: "c", Message: "m"}, "a.xml:3:7: error: m (c)"},
		{"a.xml", apiv1.Problem{Line: 3, Severity: "warning", Message: "m"}, "a.xml:3: warning: m"},
		{"a.xml", apiv1.Problem{Message: "m"}, "a.xml: error: m"},
		{"", apiv1.Problem{Message: "m", Code: "c"}, "error: m (c)"},
	}
	for _, tc := range cases {
		if got := formatProblem(tc.file, tc.p); got != tc.want {
			t.Errorf("formatProblem = %q, want %q", got, tc.want)
		}
	}
}
