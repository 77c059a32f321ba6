package schedule

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCronFieldSyntax(t *testing.T) {
	// 2026-01-01 is a Thursday.
	tests := []struct {
		spec string
		from string
		want []string // fire times after from, UTC
	}{
		{"* * * * *", "2026-01-01 00:00", []string{"2026-01-01 00:01", "2026-01-01 00:02", "2026-01-01 00:03"}},
		{"5 * * * *", "2026-01-01 00:00", []string{"2026-01-01 00:05", "2026-01-01 01:05", "2026-01-01 02:05"}},
		{"0-2 * * * *", "2026-01-01 00:00", []string{"2026-01-01 00:01", "2026-01-01 00:02", "2026-01-01 01:00"}},
		{"10-30/10 * * * *", "2026-01-01 00:00", []string{"2026-01-01 00:10", "2026-01-01 00:20", "2026-01-01 00:30", "2026-01-01 01:10"}},
		{"*/20 * * * *", "2026-01-01 00:00", []string{"2026-01-01 00:20", "2026-01-01 00:40", "2026-01-01 01:00"}},
		{"7/20 * * * *", "2026-01-01 00:00", []string{"2026-01-01 00:07", "2026-01-01 00:27", "2026-01-01 00:47", "2026-01-01 01:07"}},
		{"1,2,58 * * * *", "2026-01-01 00:00", []string{"2026-01-01 00:01", "2026-01-01 00:02", "2026-01-01 00:58", "2026-01-01 01:01"}},
		{"0 9-17/4 * * *", "2026-01-01 00:00", []string{"2026-01-01 09:00", "2026-01-01 13:00", "2026-01-01 17:00", "2026-01-02 09:00"}},
		{"0 0 L * *", "2026-01-01 00:00", []string{"2026-01-31 00:00", "2026-02-28 00:00", "2026-03-31 00:00", "2026-04-30 00:00"}},
		{"0 0 l 2 *", "2026-01-01 00:00", []string{"2026-02-28 00:00", "2027-02-28 00:00", "2028-02-29 00:00"}},
		{"0 0 1,L * *", "2026-01-01 00:00", []string{"2026-01-31 00:00", "2026-02-01 00:00", "2026-02-28 00:00", "2026-03-01 00:00"}},
		{"0 0 1 jan,Jul *", "2026-01-01 00:00", []string{"2026-07-01 00:00", "2027-01-01 00:00"}},
		{"0 0 1 FEB-apr *", "2026-01-01 00:00", []string{"2026-02-01 00:00", "2026-03-01 00:00", "2026-04-01 00:00", "2027-02-01 00:00"}},
		{"0 0 1 */3 *", "2026-01-01 00:00", []string{"2026-04-01 00:00", "2026-07-01 00:00", "2026-10-01 00:00", "2027-01-01 00:00"}},
		{"0 0 * * MON", "2026-01-01 00:00", []string{"2026-01-05 00:00", "2026-01-12 00:00", "2026-01-19 00:00"}},
		{"0 0 * * 0", "2026-01-01 00:00", []string{"2026-01-04 00:00", "2026-01-11 00:00"}},
		{"0 0 * * 7", "2026-01-01 00:00", []string{"2026-01-04 00:00", "2026-01-11 00:00"}},
		{"0 0 * * 5-7", "2026-01-01 00:00", []string{"2026-01-02 00:00", "2026-01-03 00:00", "2026-01-04 00:00", "2026-01-09 00:00"}},
		{"0 0 * * sat,SUN", "2026-01-01 00:00", []string{"2026-01-03 00:00", "2026-01-04 00:00", "2026-01-10 00:00"}},
		{"0 0 * * Fri-Sat", "2026-01-01 00:00", []string{"2026-01-02 00:00", "2026-01-03 00:00", "2026-01-09 00:00"}},
		{"0 12 * * 1-5/2", "2026-01-01 00:00", []string{"2026-01-02 12:00", "2026-01-05 12:00", "2026-01-07 12:00"}},
		// Both day fields restricted: either matches (POSIX).
		{"0 0 13 * 5", "2026-01-01 00:00", []string{"2026-01-02 00:00", "2026-01-09 00:00", "2026-01-13 00:00", "2026-01-16 00:00"}},
		// Day-of-month starting with "*" counts as unrestricted (Vixie): both must match.
		{"0 0 */2 * 5", "2026-01-01 00:00", []string{"2026-01-09 00:00", "2026-01-23 00:00", "2026-02-13 00:00"}},
		{"0 0 13 * ?", "2026-01-01 00:00", []string{"2026-01-13 00:00", "2026-02-13 00:00"}},
		{"0 0 29 2 *", "2026-01-01 00:00", []string{"2028-02-29 00:00", "2032-02-29 00:00"}},
		{"  0   0\t*   * *  ", "2026-01-01 00:00", []string{"2026-01-02 00:00"}},
		{"30 2 * * 1-5", "2026-01-01 00:00", []string{"2026-01-01 02:30", "2026-01-02 02:30", "2026-01-05 02:30"}},
		{"59 23 31 12 *", "2026-01-01 00:00", []string{"2026-12-31 23:59", "2027-12-31 23:59"}},
		{"0 0 29 2 1", "2026-01-01 00:00", []string{"2026-02-02 00:00", "2026-02-09 00:00"}}, // OR: Mondays of February count
		{"00 05 01 01 *", "2026-01-01 00:00", []string{"2026-01-01 05:00", "2027-01-01 05:00"}},
	}
	for _, tt := range tests {
		s := mustParse(t, tt.spec, time.UTC)
		var got []string
		for _, f := range fires(s, at(t, time.UTC, tt.from), len(tt.want)) {
			got = append(got, strings.TrimSuffix(f, " UTC"))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q after %s:\n got  %v\n want %v", tt.spec, tt.from, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		spec string
		want []string
	}{
		{"", []string{"empty schedule"}},
		{"   ", []string{"empty schedule"}},
		{"* * * *", []string{"expected 5 fields", "got 4"}},
		{"* * * * * * *", []string{"got 7"}},
		{"61 * * * *", []string{`minute field "61": value 61 out of range 0-59`}},
		{"1,61 * * * *", []string{`minute field "1,61"`, "out of range 0-59"}},
		{"* 24 * * *", []string{`hour field "24"`, "out of range 0-23"}},
		{"* * 0 * *", []string{`day-of-month field "0"`, "out of range 1-31"}},
		{"* * 32 * *", []string{"day-of-month", "out of range 1-31"}},
		{"* * * 13 *", []string{`month field "13"`, "out of range 1-12"}},
		{"* * * * 8", []string{`day-of-week field "8"`, "out of range 0-7"}},
		{"* * * JANUARY *", []string{`unknown month name "JANUARY"`, "JAN-DEC"}},
		{"* * * * FUNDAY", []string{`unknown day name "FUNDAY"`, "SUN-SAT"}},
		{"a * * * *", []string{`"a" is not a number`}},
		{"*/0 * * * *", []string{"step 0 out of range 1-59"}},
		{"*/60 * * * *", []string{"step 60 out of range 1-59"}},
		{"*/x * * * *", []string{`step "x" is not a number`}},
		{"5-2 * * * *", []string{"range 5-2 runs backwards"}},
		{"* * * * FRI-MON", []string{"runs backwards"}},
		{"1,,2 * * * *", []string{"empty list element"}},
		{"L * * * *", []string{"allowed only in day-of-month"}},
		{"* * * * L", []string{"allowed only in day-of-month"}},
		{"? * * * *", []string{`"?" is not a number`}},
		{"-1 * * * *", []string{"missing value"}},
		{"1-2-3 * * * *", []string{`"2-3" is not a number`}},
		{"+5 * * * *", []string{`"+5" is not a number`}},
		{"0 0 30 2 *", []string{"never fires", `day-of-month "30"`, "February"}},
		{"0 0 31 4,6 *", []string{"never fires", "April or June"}},
		{"@reboot", []string{"unknown schedule", "@daily"}},
		{"@daily now", []string{"unknown schedule"}},
		{"@every", []string{"@every needs a duration"}},
		{"@every 500ms", []string{"at least 1s"}},
		{"@every -5m", []string{"at least 1s"}},
		{"@every 5 minutes", []string{"not a duration"}},
		{"CRON_TZ=UTC 0 0 * * *", []string{"time zone prefix"}},
	}
	for _, tt := range tests {
		s, w, err := Parse(tt.spec, time.UTC)
		if s != nil || w != nil {
			t.Errorf("Parse(%q) returned %v, %v with an error", tt.spec, s, w)
		}
		t.Run(tt.spec, func(t *testing.T) { wantInvalid(t, err, tt.want...) })
	}
}

func TestParseWarnings(t *testing.T) {
	tests := []struct {
		spec, str string
		want      []string // substrings of the single warning; nil = no warning
	}{
		{"*/10 * * * *", "*/10 * * * *", nil},
		{"0  1  * *  *", "0 1 * * *", nil}, // double spaces: accepted silently
		{"*/10 * * * * *", "*/10 * * * *", []string{"6th field", `"*"`, "ignored", `write "*/10 * * * *"`}},
		{"0 5 10 * * MON", "0 5 10 * *", []string{"6th field", "Quartz"}},
		{"0 0 29 2 *", "0 0 29 2 *", []string{"only in leap years"}},
	}
	for _, tt := range tests {
		s, w, err := Parse(tt.spec, time.UTC)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.spec, err)
		}
		if s.String() != tt.str {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.spec, s.String(), tt.str)
		}
		if tt.want == nil {
			if len(w) != 0 {
				t.Errorf("Parse(%q): unexpected warnings %q", tt.spec, w)
			}
			continue
		}
		if len(w) != 1 {
			t.Fatalf("Parse(%q): want one warning, got %q", tt.spec, w)
		}
		for _, sub := range tt.want {
			if !strings.Contains(w[0], sub) {
				t.Errorf("Parse(%q) warning %q lacks %q", tt.spec, w[0], sub)
			}
		}
	}
}

func TestDescriptors(t *testing.T) {
	from := at(t, time.UTC, "2026-01-01 00:00") // a Thursday
	tests := []struct {
		spec, same string
	}{
		{"@yearly", "0 0 1 1 *"},
		{"@annually", "0 0 1 1 *"},
		{"@monthly", "0 0 1 * *"},
		{"@weekly", "0 0 * * 0"},
		{"@daily", "0 0 * * *"},
		{"@midnight", "0 0 * * *"},
		{"@hourly", "0 * * * *"},
		{"@DAILY", "0 0 * * *"},
	}
	for _, tt := range tests {
		s := mustParse(t, tt.spec, time.UTC)
		if got, want := fires(s, from, 5), fires(mustParse(t, tt.same, time.UTC), from, 5); !slices.Equal(got, want) {
			t.Errorf("%s fires %v, want %v", tt.spec, got, want)
		}
		if s.String() != strings.ToLower(tt.spec) {
			t.Errorf("%s: String() = %q", tt.spec, s.String())
		}
	}
}

func TestZoneOfArgumentDoesNotMatter(t *testing.T) {
	tokyo := mustLoc(t, "Asia/Tokyo")
	ny := mustLoc(t, "America/New_York")
	s := mustParse(t, "30 9 * * *", tokyo)
	from := at(t, ny, "2026-06-01 12:00") // = 2026-06-02 01:00 in Tokyo
	for _, in := range []time.Time{from, from.UTC(), from.In(tokyo)} {
		got := s.Next(in)
		if got.Location() != tokyo {
			t.Errorf("Next returned location %v, want Asia/Tokyo", got.Location())
		}
		if f := got.Format(stampLayout); f != "2026-06-02 09:30 JST" {
			t.Errorf("Next(%v) = %s, want 2026-06-02 09:30 JST", in, f)
		}
	}
	if s, _, _ := Parse("0 0 * * *", nil); s.(*Cron).Location() != time.UTC {
		t.Errorf("nil location should mean UTC")
	}
}

func TestNextIsStrictAndMonotone(t *testing.T) {
	// Exact fire times and times in between: Next(t) > t, and equal inputs up to a
	// sub-second give the same answer.
	s := mustParse(t, "*/5 * * * *", time.UTC)
	base := at(t, time.UTC, "2026-01-01 00:05")
	for _, tt := range []struct {
		in   time.Time
		want string
	}{
		{base, "2026-01-01 00:10 UTC"},
		{base.Add(-time.Nanosecond), "2026-01-01 00:05 UTC"},
		{base.Add(time.Nanosecond), "2026-01-01 00:10 UTC"},
		{base.Add(59 * time.Second), "2026-01-01 00:10 UTC"},
	} {
		if got := s.Next(tt.in).Format(stampLayout); got != tt.want {
			t.Errorf("Next(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
