package schedule

import (
	"strconv"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// Parsing of one cron field into a bit set.

// fieldSpec describes one of the five cron fields.
type fieldSpec struct {
	name     string
	min, max int            // legal values (day-of-week allows 7 = Sunday)
	starMax  int            // upper end of "*" (day-of-week: 6, so "*/2" is 0,2,4,6)
	names    map[string]int // three-letter names, upper case
	hint     string         // how to write a value, for error messages
}

var (
	minuteField = fieldSpec{name: "minute", min: 0, max: 59, starMax: 59, hint: "0-59"}
	hourField   = fieldSpec{name: "hour", min: 0, max: 23, starMax: 23, hint: "0-23"}
	domField    = fieldSpec{name: "day-of-month", min: 1, max: 31, starMax: 31, hint: "1-31 or L"}
	monthField  = fieldSpec{name: "month", min: 1, max: 12, starMax: 12, hint: "1-12 or JAN-DEC",
		names: map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
			"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}}
	dowField = fieldSpec{name: "day-of-week", min: 0, max: 7, starMax: 6, hint: "0-7 or SUN-SAT",
		names: map[string]int{"SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6}}
)

// parsedField is a field's value set.
type parsedField struct {
	bits uint64
	// star is set when the field's text begins with "*" (or "?"): Vixie cron then treats the
	// day field as unrestricted for the day-of-month/day-of-week OR rule, even for "*/2".
	star bool
	last bool // "L" in day-of-month: the last day of the month
}

// invalid builds the error for one field: `minute field "61": value 61 out of range 0-59`.
func (f fieldSpec) invalid(text, format string, args ...any) error {
	e := workflows.Errorf(workflows.CodeInvalid, format, args...)
	e.Message = f.name + " field " + quote(text) + ": " + e.Message
	return e
}

// parseField reads a comma-separated list of `*`, `n`, `a-b`, with an optional `/step`, and
// `L` in day-of-month.
func parseField(text string, f fieldSpec) (parsedField, error) {
	var p parsedField
	p.star = strings.HasPrefix(text, "*") || strings.HasPrefix(text, "?")
	for _, part := range strings.Split(text, ",") {
		if part == "" {
			return p, f.invalid(text, "empty list element")
		}
		if strings.EqualFold(part, "L") {
			if f.name != domField.name {
				return p, f.invalid(text, "L (last day of the month) is allowed only in day-of-month")
			}
			p.last = true
			continue
		}
		rng, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, ok := number(stepText)
			if !ok {
				return p, f.invalid(text, "step %s is not a number", quote(stepText))
			}
			if n < 1 || n > f.max-f.min {
				return p, f.invalid(text, "step %d out of range 1-%d", n, f.max-f.min)
			}
			step = n
		}
		var lo, hi int
		switch {
		case rng == "*" || (rng == "?" && (f.name == domField.name || f.name == dowField.name)):
			lo, hi = f.min, f.starMax
		default:
			a, b, isRange := strings.Cut(rng, "-")
			var err error
			if lo, err = f.value(text, a); err != nil {
				return p, err
			}
			hi = lo
			if isRange {
				if hi, err = f.value(text, b); err != nil {
					return p, err
				}
				if lo > hi {
					return p, f.invalid(text, "range %s runs backwards; split it, e.g. %d-%d,%d-%d",
						rng, lo, f.max, f.min, hi)
				}
			} else if hasStep {
				hi = f.starMax // "n/m": from n to the end of the field, every m (Vixie)
				if lo > hi {
					hi = lo
				}
			}
		}
		for v := lo; v <= hi; v += step {
			p.bits |= 1 << uint(v)
		}
	}
	if f.name == dowField.name && p.bits&(1<<7) != 0 {
		p.bits = p.bits&^(1<<7) | 1 // 7 is Sunday too
	}
	return p, nil
}

// value reads one number or name of the field and checks its range.
func (f fieldSpec) value(text, s string) (int, error) {
	if n, ok := number(s); ok {
		if n < f.min || n > f.max {
			return 0, f.invalid(text, "value %d out of range %d-%d", n, f.min, f.max)
		}
		return n, nil
	}
	if s == "" {
		return 0, f.invalid(text, "missing value (expected %s)", f.hint)
	}
	if f.names != nil {
		if n, ok := f.names[strings.ToUpper(s)]; ok {
			return n, nil
		}
		what := "month"
		if f.name == dowField.name {
			what = "day"
		}
		return 0, f.invalid(text, "unknown %s name %s (expected %s)", what, quote(s), f.hint)
	}
	return 0, f.invalid(text, "%s is not a number (expected %s)", quote(s), f.hint)
}

// number parses a short unsigned decimal; signs, spaces and long digit strings are refused.
func number(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// quote renders s in double quotes for messages; printable non-ASCII text stays readable.
func quote(s string) string { return strconv.QuoteToGraphic(s) }
