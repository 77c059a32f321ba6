package xmlspec

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Typed attribute values. A bad value is an error naming the value and what is allowed; the
// field then keeps its default so that later checks do not repeat the complaint.

// badValue reports value v of attribute name.
func (x *xel) badValue(name, v, want string) {
	msg := fmt.Sprintf("%s=%q on <%s>: want %s", name, v, x.tag(), want)
	if strings.Contains(v, "${") {
		msg += "; parameters are expanded per instance, after loading, so they cannot stand where a typed value is needed"
	}
	x.p.errorf(x.attrPos(name), CodeBadValue, "%s", msg)
}

// boolValue accepts true/false in any case, as akkaflow (Scala toBoolean) did. An empty value
// means "not set".
func (x *xel) boolValue(name, v string, def bool) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "":
		return def
	case "true":
		return true
	case "false":
		return false
	}
	x.badValue(name, v, "true or false")
	return def
}

func (x *xel) boolAttr(name string, def bool) bool {
	if v, ok := x.raw(name); ok {
		return x.boolValue(name, v, def)
	}
	return def
}

// intValue accepts a whole number (ranges are Validate's business).
func (x *xel) intValue(name, v string, def int) int {
	t := strings.TrimSpace(v)
	if t == "" {
		return def
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		x.badValue(name, v, "a whole number")
		return def
	}
	return n
}

func (x *xel) intAttr(name string, def int) int {
	if v, ok := x.raw(name); ok {
		return x.intValue(name, v, def)
	}
	return def
}

// durationValue accepts whole seconds (akkaflow's unit: "30") or a Go duration ("1m30s",
// "500ms"). Negative values are kept for Validate to report.
func (x *xel) durationValue(name, v string, def time.Duration) time.Duration {
	d, ok := parseDuration(v)
	if !ok {
		x.badValue(name, v, "seconds (e.g. 30) or a duration (e.g. 1m30s)")
		return def
	}
	if strings.TrimSpace(v) == "" {
		return def
	}
	return d
}

func (x *xel) durationAttr(name string, def time.Duration) time.Duration {
	if v, ok := x.raw(name); ok {
		return x.durationValue(name, v, def)
	}
	return def
}

func parseDuration(v string) (time.Duration, bool) {
	t := strings.TrimSpace(v)
	if t == "" {
		return 0, true
	}
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		if n > math.MaxInt64/int64(time.Second) || n < math.MinInt64/int64(time.Second) {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	d, err := time.ParseDuration(t)
	return d, err == nil
}

// formatDuration writes whole seconds as a plain number (akkaflow's form), anything finer as
// a Go duration; parseDuration reads both back to the same value.
func formatDuration(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10)
	}
	return d.String()
}

var sizePattern = regexp.MustCompile(`(?i)^([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)B?$`)

// parseSize reads "2MB", "0.5G", "100K", "10B" or "10" (bytes); units are 1024-based and any
// case, as in akkaflow. Fractions of a byte are dropped.
func parseSize(v string) (int64, bool) {
	m := sizePattern.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, false
	}
	shift := map[string]uint{"": 0, "K": 10, "M": 20, "G": 30, "T": 40}[strings.ToUpper(m[2])]
	bytes := n * float64(uint64(1)<<shift)
	if bytes >= math.MaxInt64 {
		return 0, false
	}
	return int64(bytes), true
}

// formatSize writes the largest unit that divides the size exactly.
func formatSize(n int64) string {
	for _, u := range []struct {
		suffix string
		shift  uint
	}{{"TB", 40}, {"GB", 30}, {"MB", 20}, {"KB", 10}} {
		if n != 0 && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

func (x *xel) sizeValue(name, v string) int64 {
	if strings.TrimSpace(v) == "" {
		return 0
	}
	n, ok := parseSize(v)
	if !ok {
		x.badValue(name, v, "a size such as 10B, 100K, 2MB or 0.5G (1024-based)")
	}
	return n
}

// list splits a comma list, trimming items (akkaflow did not trim, so "a, b" failed there) and
// dropping empty ones.
func list(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// enumValue accepts one of allowed (case-insensitive); "" means the default.
func (x *xel) enumAttr(name string, allowed []string, def string) string {
	v, ok := x.raw(name)
	t := strings.ToLower(strings.TrimSpace(v))
	if !ok || t == "" {
		return def
	}
	for _, a := range allowed {
		if t == a {
			return a
		}
	}
	x.badValue(name, v, "one of "+strings.Join(allowed, ", "))
	return def
}

// timeLayouts are the window formats accepted; akkaflow documented the first.
var timeLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

const timeLayout = "2006-01-02 15:04:05"

func (x *xel) timeValue(name, v string, loc *time.Location) time.Time {
	t := strings.TrimSpace(v)
	if t == "" {
		return time.Time{}
	}
	for _, layout := range timeLayouts {
		if tm, err := time.ParseInLocation(layout, t, loc); err == nil {
			return tm
		}
	}
	x.badValue(name, v, "a time such as 2024-01-31 23:00:00 (yyyy-MM-dd HH:mm:ss)")
	return time.Time{}
}

func trim(s string) string { return strings.TrimSpace(s) }
