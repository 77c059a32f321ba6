package params

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormatJava formats t with a java.text.SimpleDateFormat pattern, so that akkaflow definitions
// keep their output. It interprets the pattern letters itself rather than translating to a Go
// layout, because Go layouts cannot express several Java fields (D, w, u, k, K) and would
// misread literal digits.
//
// A run of the same letter is one field; its length selects the form:
//
//	G        era: AD or BC
//	y        year of era; yy = last two digits; y, yyy, yyyy = full year, yyyyy = zero-padded to 5
//	Y        ISO 8601 week-based year (pairs with w), lengths as y
//	M        month: M = 1, MM = 01, MMM = Jan, MMMM = January
//	w        ISO 8601 week of year (weeks start Monday, week 1 holds the first Thursday); Java's
//	         depends on the locale (US: weeks start Sunday, week 1 holds Jan 1), so dates near
//	         the new year may differ from akkaflow's output
//	D        day of year; d day of month; u day number of week (1 = Monday … 7 = Sunday)
//	E        weekday: E, EE, EEE = Mon, EEEE = Monday
//	a        AM or PM
//	H        hour 0–23; k hour 1–24; K hour 0–11; h hour 1–12
//	m, s     minute, second
//	S        milliseconds as a number, padded to the length (Java semantics: SSS = 007 for 7 ms,
//	         S = 7; not a decimal fraction)
//	z        zone abbreviation (CST, UTC); Java spells out the long name for zzzz, we do not
//	Z        offset +0800 (any length)
//	X, XX, XXX  offset +08, +0800, +08:00, or Z for UTC; four or more X are an error
//	'text'   literal text; '' is a single quote, inside or outside quotes
//
// Numbers are zero-padded to the field's length. Every other byte, including non-ASCII text
// such as 年, is copied. Any other ASCII letter is an error "unsupported pattern letter", as
// Java rejects unknown letters; so are the letters Java knows but we do not (F, W, L, …). An
// unterminated quote is an error. Names are English regardless of the host's locale.
func FormatJava(t time.Time, pattern string) (string, error) {
	var b strings.Builder
	b.Grow(len(pattern) + 8)
	for i := 0; i < len(pattern); {
		c := pattern[i]
		switch {
		case c == '\'':
			n, err := writeQuoted(&b, pattern[i:])
			if err != nil {
				return "", err
			}
			i += n
		case isASCIILetter(c):
			n := 1
			for i+n < len(pattern) && pattern[i+n] == c {
				n++
			}
			if err := writeField(&b, t, c, n); err != nil {
				return "", err
			}
			i += n
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

// writeQuoted copies the quoted literal at the start of s (which begins with a quote) and
// returns how many bytes it consumed.
func writeQuoted(b *strings.Builder, s string) (int, error) {
	if strings.HasPrefix(s, "''") {
		b.WriteByte('\'')
		return 2, nil
	}
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' { // '' inside quotes
			b.WriteByte('\'')
			i++
			continue
		}
		return i + 1, nil
	}
	return 0, fmt.Errorf("unterminated quote in date pattern %q", s)
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// writeField writes the field of letter c repeated n times.
func writeField(b *strings.Builder, t time.Time, c byte, n int) error {
	switch c {
	case 'G':
		if t.Year() <= 0 {
			b.WriteString("BC")
		} else {
			b.WriteString("AD")
		}
	case 'y':
		writeYear(b, yearOfEra(t.Year()), n)
	case 'Y':
		y, _ := t.ISOWeek()
		writeYear(b, yearOfEra(y), n)
	case 'M':
		switch {
		case n >= 4:
			b.WriteString(t.Month().String())
		case n == 3:
			b.WriteString(t.Month().String()[:3])
		default:
			writeNum(b, int(t.Month()), n)
		}
	case 'w':
		_, w := t.ISOWeek()
		writeNum(b, w, n)
	case 'D':
		writeNum(b, t.YearDay(), n)
	case 'd':
		writeNum(b, t.Day(), n)
	case 'u':
		writeNum(b, isoWeekday(t), n)
	case 'E':
		if n >= 4 {
			b.WriteString(t.Weekday().String())
		} else {
			b.WriteString(t.Weekday().String()[:3])
		}
	case 'a':
		if t.Hour() < 12 {
			b.WriteString("AM")
		} else {
			b.WriteString("PM")
		}
	case 'H':
		writeNum(b, t.Hour(), n)
	case 'k':
		writeNum(b, cycle(t.Hour(), 24), n)
	case 'K':
		writeNum(b, t.Hour()%12, n)
	case 'h':
		writeNum(b, cycle(t.Hour()%12, 12), n)
	case 'm':
		writeNum(b, t.Minute(), n)
	case 's':
		writeNum(b, t.Second(), n)
	case 'S':
		writeNum(b, t.Nanosecond()/int(time.Millisecond), n)
	case 'z':
		name, _ := t.Zone()
		b.WriteString(name)
	case 'Z':
		_, off := t.Zone()
		writeOffset(b, off, false, false)
	case 'X':
		if n > 3 {
			return fmt.Errorf("invalid ISO 8601 offset %q: at most XXX", strings.Repeat("X", n))
		}
		_, off := t.Zone()
		if off/60 == 0 {
			b.WriteByte('Z')
		} else {
			writeOffset(b, off, n == 1, n == 3)
		}
	default:
		return fmt.Errorf("unsupported pattern letter %q", c)
	}
	return nil
}

// yearOfEra turns Go's astronomical year (0 = 1 BC) into Java's year of era.
func yearOfEra(y int) int {
	if y <= 0 {
		return 1 - y
	}
	return y
}

func writeYear(b *strings.Builder, y, n int) {
	if n == 2 {
		writeNum(b, y%100, 2)
		return
	}
	writeNum(b, y, n)
}

// isoWeekday numbers Monday 1 … Sunday 7 (Java's u).
func isoWeekday(t time.Time) int {
	if wd := int(t.Weekday()); wd != 0 {
		return wd
	}
	return 7
}

// cycle maps 0 to top (k: 0 → 24; h: 0 → 12).
func cycle(v, top int) int {
	if v == 0 {
		return top
	}
	return v
}

// writeNum writes v (≥ 0) zero-padded to width.
func writeNum(b *strings.Builder, v, width int) {
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		b.WriteByte('0')
	}
	b.Write(s)
}

// writeOffset writes a UTC offset in seconds as ±HH[MM] or ±HH:MM; seconds are dropped, as
// in Java.
func writeOffset(b *strings.Builder, off int, hoursOnly, colon bool) {
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	b.WriteByte(sign)
	writeNum(b, off/3600, 2)
	if hoursOnly {
		return
	}
	if colon {
		b.WriteByte(':')
	}
	writeNum(b, off%3600/60, 2)
}
