package schedule

import (
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Schedule yields fire times.
type Schedule interface {
	// Next returns the first fire time strictly after t, or the zero time when there is none.
	Next(t time.Time) time.Time
	String() string
}

// Describer is implemented by the schedules Parse returns (*Cron and *Every).
type Describer interface {
	// Describe renders the schedule in plain English for people, e.g. "at 02:30 every day".
	Describe() string
}

// Describe returns s's plain-English description, or its String when it has none.
func Describe(s Schedule) string {
	if d, ok := s.(Describer); ok {
		return d.Describe()
	}
	return s.String()
}

// Parse reads a schedule in loc (nil means UTC): a 5-field cron, a descriptor (@daily …),
// `@every <duration>`, or one of akkaflow's legacy forms (6 fields, `every …` phrases).
// Warnings are sentences describing accepted legacy forms; the schedule works as stated in
// them. Errors are *workflows.Error with CodeInvalid whose message says what is wrong.
func Parse(spec string, loc *time.Location) (Schedule, []string, error) {
	if loc == nil {
		loc = time.UTC
	}
	s := strings.TrimSpace(spec)
	var (
		sched    Schedule
		warnings []string
		err      error
	)
	switch {
	case s == "":
		return nil, nil, workflows.Errorf(workflows.CodeInvalid,
			"empty schedule: expected 5 cron fields (minute hour day-of-month month day-of-week), a descriptor such as @daily, or @every <duration>")
	case strings.HasPrefix(s, "@"):
		sched, err = parseDescriptor(s, loc)
	case hasWordEvery(s):
		sched, warnings, err = parsePhrase(s, loc)
	default:
		sched, warnings, err = parseFields(s, loc)
	}
	if err != nil {
		return nil, nil, err // never a typed nil inside the interface
	}
	return sched, warnings, nil
}

// parseFields reads 5 whitespace-separated fields; runs of blanks are one separator (akkaflow
// rejected double spaces). A 6th field, which akkaflow's 2017 files carried and akkaflow
// ignored, is dropped with a warning.
func parseFields(s string, loc *time.Location) (*Cron, []string, error) {
	parts := strings.Fields(s)
	if up := strings.ToUpper(parts[0]); strings.HasPrefix(up, "CRON_TZ=") || strings.HasPrefix(up, "TZ=") {
		return nil, nil, workflows.Errorf(workflows.CodeInvalid,
			"schedule %s: a time zone prefix is not supported here; set the coordinator's time zone instead", quote(s))
	}
	var warnings []string
	switch {
	case len(parts) == 6:
		five := joinFields([5]string(parts[:5]))
		w := "6-field cron " + quote(s) + " (akkaflow 2017 format): the 6th field " + quote(parts[5]) +
			" is ignored, as akkaflow did; write " + quote(five)
		if parts[5] != "*" && parts[5] != "?" {
			w += " (if the first field was meant as seconds, as in Quartz, this schedule is wrong)"
		}
		warnings = append(warnings, w)
	case len(parts) != 5:
		return nil, nil, workflows.Errorf(workflows.CodeInvalid,
			"schedule %s: expected 5 fields (minute hour day-of-month month day-of-week), got %d",
			quote(s), len(parts))
	}
	fields := [5]string(parts[:5])
	c, more, err := newCron(fields, joinFields(fields), loc)
	if err != nil {
		return nil, nil, err
	}
	return c, append(warnings, more...), nil
}

// descriptors maps each @name to its 5-field meaning.
var descriptors = map[string]string{
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly":  "0 0 1 * *",
	"@weekly":   "0 0 * * 0",
	"@daily":    "0 0 * * *",
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
}

func parseDescriptor(s string, loc *time.Location) (Schedule, error) {
	words := strings.Fields(s)
	name, arg := strings.ToLower(words[0]), strings.Join(words[1:], " ")
	if name == "@every" {
		return parseEvery(arg, loc)
	}
	fields, ok := descriptors[name]
	if !ok || arg != "" {
		return nil, workflows.Errorf(workflows.CodeInvalid,
			"unknown schedule %s: expected @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>",
			quote(s))
	}
	c, _, err := newCron([5]string(strings.Fields(fields)), name, loc)
	return c, err
}

// hasWordEvery reports whether s contains the word "every" in any case (akkaflow handed such
// strings to cronish's English parser).
func hasWordEvery(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if w == "every" {
			return true
		}
	}
	return false
}
