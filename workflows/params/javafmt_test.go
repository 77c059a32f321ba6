package params_test

import (
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows/params"
)

func TestFormatJavaLetters(t *testing.T) {
	sh := mustZone(t, "Asia/Shanghai")
	tue := time.Date(2024, 3, 5, 14, 7, 9, 45e6, sh)          // Tuesday, day 65, ISO week 10
	midnight := time.Date(2024, 12, 30, 0, 3, 4, 0, time.UTC) // Monday, ISO 2025-W01
	kolkata := time.Date(2021, 1, 1, 9, 0, 0, 0, mustZone(t, "Asia/Kolkata"))
	ny := time.Date(2024, 7, 4, 23, 59, 59, 999e6, mustZone(t, "America/New_York"))
	bc := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC) // 1 BC
	cases := []struct {
		at      time.Time
		pattern string
		want    string
	}{
		{tue, "G", "AD"}, {bc, "G y", "BC 1"},
		{tue, "y", "2024"}, {tue, "yy", "24"}, {tue, "yyy", "2024"}, {tue, "yyyy", "2024"}, {tue, "yyyyy", "02024"},
		{time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC), "yy", "05"},
		{midnight, "YYYY-'W'ww-u", "2025-W01-1"}, {midnight, "yyyy-ww", "2024-01"}, {midnight, "YY", "25"},
		{kolkata, "YYYY ww", "2020 53"},
		{tue, "M", "3"}, {tue, "MM", "03"}, {tue, "MMM", "Mar"}, {tue, "MMMM", "March"}, {tue, "MMMMM", "March"},
		{tue, "w", "10"}, {tue, "ww", "10"}, {kolkata, "w", "53"},
		{tue, "D", "65"}, {tue, "DDD", "065"}, {midnight, "D", "365"},
		{tue, "d", "5"}, {tue, "dd", "05"},
		{tue, "u", "2"}, {time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC), "u E", "7 Sun"},
		{tue, "E", "Tue"}, {tue, "EEE", "Tue"}, {tue, "EEEE", "Tuesday"},
		{tue, "a", "PM"}, {midnight, "a", "AM"},
		{tue, "H", "14"}, {tue, "HH", "14"}, {midnight, "H HH", "0 00"},
		{tue, "k", "14"}, {midnight, "k kk", "24 24"},
		{tue, "K", "2"}, {midnight, "K KK", "0 00"},
		{tue, "h", "2"}, {tue, "hh", "02"}, {midnight, "h hh", "12 12"}, {time.Date(1, 1, 1, 12, 0, 0, 0, time.UTC), "h a", "12 PM"},
		{tue, "m", "7"}, {tue, "mm", "07"},
		{tue, "s", "9"}, {tue, "ss", "09"},
		{tue, "S", "45"}, {tue, "SS", "45"}, {tue, "SSS", "045"}, {tue, "SSSS", "0045"}, {ny, "S", "999"},
		{tue, "z", "CST"}, {ny, "z", "EDT"}, {midnight, "zzzz", "UTC"},
		{tue, "Z", "+0800"}, {ny, "Z", "-0400"}, {midnight, "Z", "+0000"}, {kolkata, "ZZZZ", "+0530"},
		{tue, "X", "+08"}, {tue, "XX", "+0800"}, {tue, "XXX", "+08:00"},
		{ny, "X XX XXX", "-04 -0400 -04:00"}, {kolkata, "X XX XXX", "+05 +0530 +05:30"},
		{midnight, "X XX XXX", "Z Z Z"},
		{tue, "'T'", "T"}, {tue, "''", "'"}, {tue, "h 'o''clock'", "2 o'clock"}, {tue, "'yyyy'", "yyyy"},
		{tue, "''yy''", "'24'"}, {tue, "'a''b'''", "a'b'"},
		{tue, "yyyy年MM月dd日", "2024年03月05日"},
		{tue, "yyyy-MM-dd'T'HH:mm:ss.SSSZ", "2024-03-05T14:07:09.045+0800"},
		{tue, "yyyyMMdd HH:mm:ss", "20240305 14:07:09"},
		{tue, "EEE, d MMM yyyy hh:mm a", "Tue, 5 Mar 2024 02:07 PM"},
		{tue, "", ""}, {tue, "-/: 0123", "-/: 0123"},
	}
	for _, c := range cases {
		got, err := params.FormatJava(c.at, c.pattern)
		if err != nil || got != c.want {
			t.Errorf("FormatJava(%v, %q) = %q, %v; want %q", c.at, c.pattern, got, err, c.want)
		}
	}
}

func TestFormatJavaRejectsUnknownLetters(t *testing.T) {
	const supported = "GyYMwDduEaHkKhmsSzZX"
	at := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	for c := byte('A'); c <= 'z'; c++ {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			continue
		}
		_, err := params.FormatJava(at, "yyyy "+string(c))
		if strings.IndexByte(supported, c) >= 0 {
			if err != nil {
				t.Errorf("letter %c: %v", c, err)
			}
			continue
		}
		if want := "unsupported pattern letter '" + string(c) + "'"; err == nil || err.Error() != want {
			t.Errorf("letter %c: err = %v, want %q", c, err, want)
		}
	}
	for _, p := range []string{"XXXX", "'abc", "yyyy 'x", "'", "a'b''c"} {
		if got, err := params.FormatJava(at, p); err == nil {
			t.Errorf("FormatJava(%q) = %q, want an error", p, got)
		}
	}
}
