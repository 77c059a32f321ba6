package schedule

import (
	"fmt"
	"strconv"
	"strings"
)

// Plain-English rendering of a Cron for people (the UI, the CLI, warnings):
// "every 15 minutes", "at 02:30 every day", "at 00:00 on Monday",
// "at 00:00 on the last day of the month in January and July".

var (
	monthWords = [13]string{"", "January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
	dayWords = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
)

// Describe renders the schedule in plain English.
func (c *Cron) Describe() string {
	when, clock := c.describeTime()
	days := c.describeDays()
	if days == "" && clock {
		days = "every day"
	}
	parts := []string{when}
	if days != "" {
		parts = append(parts, days)
	}
	if c.month != fullSet(1, 12) {
		parts = append(parts, "in "+englishRuns(c.month, 1, 12, func(m int) string { return monthWords[m] }, "and"))
	}
	return strings.Join(parts, " ")
}

// describeTime renders the minute and hour fields; clock is set when it is a list of clock
// times ("at 02:30"), which reads well followed by "every day".
func (c *Cron) describeTime() (text string, clock bool) {
	mins, hours := setBits(c.minute, 0, 59), setBits(c.hour, 0, 23)
	allMin := c.minute == fullSet(0, 59)
	minStep, minStepOK := uniformStep(mins, 60)
	hourStep, hourStepOK := uniformStep(hours, 24)
	switch {
	case allMin && c.everyHour:
		return "every minute", false
	case minStepOK && mins[0] == 0 && c.everyHour:
		return "every " + strconv.Itoa(minStep) + " minutes", false
	case len(mins) == 1 && c.everyHour:
		if mins[0] == 0 {
			return "every hour", false
		}
		return fmt.Sprintf("every hour at minute %d", mins[0]), false
	case len(mins) == 1 && hourStepOK && hours[0] == 0:
		if mins[0] == 0 {
			return fmt.Sprintf("every %d hours", hourStep), false
		}
		return fmt.Sprintf("every %d hours at minute %d", hourStep, mins[0]), false
	case len(mins)*len(hours) <= 6:
		var times []string
		for _, h := range hours {
			for _, m := range mins {
				times = append(times, fmt.Sprintf("%02d:%02d", h, m))
			}
		}
		return "at " + englishList(times, "and"), true
	}
	var b strings.Builder
	switch {
	case allMin:
		b.WriteString("every minute")
	case minStepOK && mins[0] == 0:
		fmt.Fprintf(&b, "every %d minutes", minStep)
	default:
		b.WriteString("at minute")
		if len(mins) > 1 {
			b.WriteString("s")
		}
		b.WriteString(" " + englishRuns(c.minute, 0, 59, strconv.Itoa, "and"))
	}
	switch {
	case c.everyHour:
	case hourStepOK && hours[0] == 0:
		fmt.Fprintf(&b, " of every %d hours", hourStep)
	default:
		b.WriteString(" during hour")
		if len(hours) > 1 {
			b.WriteString("s")
		}
		b.WriteString(" " + englishRuns(c.hour, 0, 23, strconv.Itoa, "and"))
	}
	return b.String(), false
}

func (c *Cron) describeDays() string {
	domAll := c.dom == fullSet(1, 31)
	dowAll := c.dow == fullSet(0, 6)
	if c.orDays && (domAll || dowAll) {
		return "" // either side alone already matches every day
	}
	var dom, dow string
	if !domAll || c.last {
		dom = c.describeDom()
	}
	if !dowAll {
		dow = "on " + describeWeekdays(c.dow)
	}
	switch {
	case dom == "" && dow == "":
		return ""
	case dom == "":
		return dow
	case dow == "":
		return dom
	case c.orDays:
		return dom + " or " + dow
	}
	return dom + " if it is a " + strings.TrimPrefix(strings.ReplaceAll(dow, " and ", " or "), "on ")
}

func (c *Cron) describeDom() string {
	n := len(setBits(c.dom, 1, 31))
	var parts []string
	if n > 0 {
		word := "day "
		if n > 1 {
			word = "days "
		}
		parts = append(parts, word+englishRuns(c.dom, 1, 31, strconv.Itoa, "and"))
	}
	if c.last {
		parts = append(parts, "the last day")
	}
	return "on " + strings.Join(parts, " and ") + " of the month"
}

func describeWeekdays(set uint64) string {
	switch set {
	case 1<<0 | 1<<6:
		return "Saturday and Sunday"
	case fullSet(1, 5):
		return "Monday through Friday"
	}
	return englishRuns(set, 0, 6, func(d int) string { return dayWords[d] }, "and")
}

// monthNames lists the months in set.
func monthNames(set uint64) []string {
	var out []string
	for _, m := range setBits(set, 1, 12) {
		out = append(out, monthWords[m])
	}
	return out
}

// setBits lists the members of set within [lo, hi].
func setBits(set uint64, lo, hi int) []int {
	var out []int
	for v := lo; v <= hi; v++ {
		if set&(1<<uint(v)) != 0 {
			out = append(out, v)
		}
	}
	return out
}

func fullSet(lo, hi int) uint64 {
	var s uint64
	for v := lo; v <= hi; v++ {
		s |= 1 << uint(v)
	}
	return s
}

// uniformStep reports whether vals is {a, a+n, a+2n, …} covering a cycle of length period
// evenly (so the gap from the last value back to the first is n too), with n > 1.
func uniformStep(vals []int, period int) (int, bool) {
	if len(vals) < 2 {
		return 0, false
	}
	n := vals[1] - vals[0]
	if n < 2 || period%n != 0 || len(vals) != period/n {
		return 0, false
	}
	for i := 1; i < len(vals); i++ {
		if vals[i]-vals[i-1] != n {
			return 0, false
		}
	}
	return n, true
}

// englishRuns renders the members of set within [lo, hi] as a list in which runs of three or
// more become "a through b".
func englishRuns(set uint64, lo, hi int, name func(int) string, conj string) string {
	vals := setBits(set, lo, hi)
	var items []string
	for i := 0; i < len(vals); {
		j := i
		for j+1 < len(vals) && vals[j+1] == vals[j]+1 {
			j++
		}
		if j-i >= 2 {
			items = append(items, name(vals[i])+" through "+name(vals[j]))
		} else {
			for k := i; k <= j; k++ {
				items = append(items, name(vals[k]))
			}
		}
		i = j + 1
	}
	return englishList(items, conj)
}

// englishList joins items as "a", "a and b", "a, b and c".
func englishList(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}
