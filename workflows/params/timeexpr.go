package params

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// timeBase is one ${time.BASE}: where it starts from Now, and its default pattern.
type timeBase struct {
	start   func(now time.Time) time.Time
	pattern string
}

var timeBases = map[string]timeBase{
	"today":      {func(t time.Time) time.Time { return t }, "yyyy-MM-dd"},
	"yestoday":   {func(t time.Time) time.Time { return t.AddDate(0, 0, -1) }, "yyyy-MM-dd"}, // akkaflow's spelling
	"yesterday":  {func(t time.Time) time.Time { return t.AddDate(0, 0, -1) }, "yyyy-MM-dd"},
	"cur_month":  {func(t time.Time) time.Time { return t }, "yyyy-MM"},
	"last_month": {func(t time.Time) time.Time { return addMonths(t, -1) }, "yyyy-MM"},
}

// maxShift bounds N so that absurd shifts fail instead of wrapping time arithmetic.
const maxShift = 1_000_000

// evalTime evaluates "time.BASE[|PATTERN[|N UNIT]]".
func evalTime(expr string, env *Env) (string, error) {
	parts := splitParts(expr)
	name := strings.TrimSpace(strings.TrimPrefix(parts[0], "time."))
	base, ok := timeBases[name]
	if !ok {
		return "", fmt.Errorf("unknown time base %q (known: today, yesterday, yestoday, cur_month, last_month)", name)
	}
	if env.Now.IsZero() {
		return "", fmt.Errorf("no reference time")
	}
	return formatShifted(base.start(env.in(env.Now)), parts, base.pattern)
}

// splitParts splits a body on "|" and trims each part.
func splitParts(expr string) []string {
	parts := strings.Split(expr, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// formatShifted applies parts[2] (a shift) to t and formats it with parts[1] (the pattern; empty
// or absent means def).
func formatShifted(t time.Time, parts []string, def string) (string, error) {
	if len(parts) > 3 {
		return "", fmt.Errorf("too many |-separated parts (at most BASE|PATTERN|N UNIT)")
	}
	if len(parts) == 3 {
		n, unit, err := parseShift(parts[2])
		if err != nil {
			return "", err
		}
		t = shiftTime(t, n, unit)
	}
	pattern := def
	if len(parts) >= 2 && parts[1] != "" {
		pattern = parts[1]
	}
	return FormatJava(t, pattern)
}

// parseShift reads "N UNIT": an optionally signed integer, optional blanks, a unit name in any
// case, singular or plural.
func parseShift(s string) (int, string, error) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	num, rest := s[:i], strings.TrimSpace(s[i:])
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, "", fmt.Errorf("shift %q: want N UNIT, e.g. -1 day", s)
	}
	if n > maxShift || n < -maxShift {
		return 0, "", fmt.Errorf("shift %q is out of range (|N| ≤ %d)", s, maxShift)
	}
	unit := strings.ToLower(rest)
	if unit == "" {
		return 0, "", fmt.Errorf("shift %q has no unit (minute, hour, day, week, month, year)", s)
	}
	switch u := strings.TrimSuffix(unit, "s"); u {
	case "minute", "hour", "day", "week", "month", "year":
		return n, u, nil
	}
	return 0, "", fmt.Errorf("shift %q: unknown unit %q (minute, hour, day, week, month, year)", s, rest)
}

// shiftTime moves t by n units: minutes and hours as elapsed time, the others on the calendar
// keeping the wall-clock time (so a day is 23 or 25 hours across a DST change).
func shiftTime(t time.Time, n int, unit string) time.Time {
	switch unit {
	case "minute":
		return t.Add(time.Duration(n) * time.Minute)
	case "hour":
		return t.Add(time.Duration(n) * time.Hour)
	case "day":
		return t.AddDate(0, 0, n)
	case "week":
		return t.AddDate(0, 0, 7*n)
	case "month":
		return addMonths(t, n)
	default: // "year": parseShift admits no other unit
		return addMonths(t, 12*n)
	}
}

// addMonths moves t by n calendar months, clamping the day to the target month's length
// (time.AddDate would roll Jan 31 + 1 month over to March).
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	if last := daysIn(first.Year(), first.Month()); d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// daysIn is the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
