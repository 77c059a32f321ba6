package schedule

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// akkaflow's English schedules (cronish's DSL), translated to 5-field cron where the words
// have one meaning. Grammar (case-insensitive, blanks free):
//
//	every minute | every N minutes | every other minute        [on DAYS] [in MONTHS]
//	every hour | every N hours | every other hour               [on DAYS] [in MONTHS]
//	every day | weekday | weekend | DAYNAME[S]   at TIMES       [on DAYS] [in MONTHS]
//	every month  on DAYS|on day N|on the Nth [day]|on the last day  at TIMES  [in MONTHS]
//
//	TIMES  = TIME {, | and TIME}   TIME = midnight | noon | H:MM | H[:MM] am|pm
//	DAYS   = DAYNAME {, | and DAYNAME} | DAYNAME through|to DAYNAME | [the] weekend(s) | [the] weekday(s)
//	MONTHS = MONTHNAME {, | and MONTHNAME} | MONTHNAME through|to MONTHNAME
//
// Everything else is rejected with a message asking for a 5-field cron, notably "at" after a
// minute or hour frequency ("every 15 minutes at midnight": during the midnight hour, or
// starting at midnight?), day frequencies without a time ("every day": cronish ran that every
// minute), and steps that do not divide the hour or day ("every 7 minutes").

const phraseHelp = "supported: every minute | every N minutes | every hour | every N hours | " +
	"every day|weekday|weekend|<day> at <time> [on <days>] | every month on day N at <time>; " +
	"otherwise write a 5-field cron (minute hour day-of-month month day-of-week)"

type phraseKind int

const (
	kindMinutes phraseKind = iota + 1
	kindHours
	kindDays
	kindMonths
)

// phrase accumulates the cron fields while parsing.
type phrase struct {
	src  string
	toks []string
	i    int
	kind phraseKind
	// Field texts; "" = not said.
	minute, hour, dom, month, dow string
	times                         [][2]int // (hour, minute) pairs of the "at" clause
	sawAt, sawOn, sawIn           bool
}

func parsePhrase(src string, loc *time.Location) (*Cron, []string, error) {
	p := &phrase{src: src, toks: tokenize(src)}
	cron, err := p.parse()
	if err != nil {
		return nil, nil, err
	}
	c, more, err := newCron([5]string(strings.Fields(cron)), cron, loc)
	if err != nil {
		return nil, nil, err
	}
	w := "legacy schedule " + quote(src) + " read as cron " + quote(cron) + " (" + c.Describe() + ")"
	if p.kind == kindHours {
		w += "; akkaflow's cronish ran " + quote(p.cronishReading()) + " (every minute of those hours) for this phrase"
	}
	w += "; write the cron instead"
	return c, append([]string{w}, more...), nil
}

// tokenize lower-cases, splits on blanks and commas (kept as tokens) and separates am/pm.
func tokenize(s string) []string {
	s = strings.ToLower(strings.ReplaceAll(s, ",", " , "))
	var out []string
	for _, t := range strings.Fields(s) {
		if len(t) > 2 && (strings.HasSuffix(t, "am") || strings.HasSuffix(t, "pm")) && t[len(t)-3] >= '0' && t[len(t)-3] <= '9' {
			out = append(out, t[:len(t)-2], t[len(t)-2:])
			continue
		}
		out = append(out, t)
	}
	return out
}

func (p *phrase) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *phrase) next() string {
	t := p.peek()
	p.i++
	return t
}

func (p *phrase) accept(words ...string) bool {
	if slices.Contains(words, p.peek()) {
		p.i++
		return true
	}
	return false
}

func (p *phrase) fail(format string, args ...any) error {
	return workflows.Errorf(workflows.CodeInvalid, "schedule %s: %s", quote(p.src), fmt.Sprintf(format, args...))
}

func (p *phrase) unexpected() error {
	if p.peek() == "" {
		return p.fail("incomplete phrase; %s", phraseHelp)
	}
	return p.fail("unexpected word %s; %s", quote(p.peek()), phraseHelp)
}

func (p *phrase) parse() (string, error) {
	if !p.accept("every") {
		return "", p.fail(`an English schedule must start with "every"; %s`, phraseHelp)
	}
	if err := p.frequency(); err != nil {
		return "", err
	}
	for p.peek() != "" {
		var err error
		switch p.next() {
		case "at":
			err = p.once(&p.sawAt, "at", p.atClause)
		case "on":
			err = p.once(&p.sawOn, "on", p.onClause)
		case "in":
			err = p.once(&p.sawIn, "in", p.inClause)
		default:
			p.i--
			err = p.unexpected()
		}
		if err != nil {
			return "", err
		}
	}
	return p.finish()
}

func (p *phrase) once(seen *bool, word string, clause func() error) error {
	if *seen {
		return p.fail("%s appears twice; write a 5-field cron", quote(word))
	}
	*seen = true
	return clause()
}

// frequency reads what follows "every".
func (p *phrase) frequency() error {
	t := p.next()
	switch {
	case t == "minute":
		p.kind, p.minute = kindMinutes, "*"
	case t == "hour":
		p.kind, p.minute, p.hour = kindHours, "0", "*"
	case t == "day":
		p.kind = kindDays
	case t == "weekday" || t == "weekdays":
		p.kind, p.dow = kindDays, "1-5"
	case t == "weekend" || t == "weekends":
		p.kind, p.dow = kindDays, "0,6"
	case t == "month":
		p.kind = kindMonths
	case t == "other":
		switch p.next() {
		case "minute":
			p.kind, p.minute = kindMinutes, "*/2"
		case "hour":
			p.kind, p.minute, p.hour = kindHours, "0", "*/2"
		default:
			return p.fail(`"every other" day or month is ambiguous in cron (day steps restart every month); write a 5-field cron or use @every`)
		}
	case dayNumber(t) >= 0:
		p.i--
		dow, err := p.dayList()
		if err != nil {
			return err
		}
		p.kind, p.dow = kindDays, dow
	default:
		n, ok := number(t)
		if !ok || n < 1 {
			p.i--
			return p.unexpected()
		}
		return p.steps(n)
	}
	return nil
}

// steps reads "N minutes" / "N hours".
func (p *phrase) steps(n int) error {
	unit := strings.TrimSuffix(p.next(), "s")
	switch unit {
	case "minute":
		if n > 30 || 60%n != 0 {
			return p.fail("every %d minutes cannot be a cron (minute steps restart at every hour and must divide 60); use \"@every %dm\" or write a 5-field cron", n, n)
		}
		p.kind, p.minute = kindMinutes, stepText(n)
	case "hour":
		if n > 12 || 24%n != 0 {
			return p.fail("every %d hours cannot be a cron (hour steps restart at midnight and must divide 24); use \"@every %dh\" or write a 5-field cron", n, n)
		}
		p.kind, p.minute, p.hour = kindHours, "0", stepText(n)
	case "day", "week", "month":
		return p.fail("every %d %ss is ambiguous in cron (day and month steps restart every month or year); use @every or write a 5-field cron", n, unit)
	default:
		p.i--
		return p.unexpected()
	}
	return nil
}

func stepText(n int) string {
	if n == 1 {
		return "*"
	}
	return "*/" + strconv.Itoa(n)
}

// atClause reads TIMES.
func (p *phrase) atClause() error {
	for {
		h, m, err := p.clock()
		if err != nil {
			return err
		}
		p.times = append(p.times, [2]int{h, m})
		if !p.accept(",", "and") {
			return nil
		}
		p.accept("and") // ", and"
	}
}

// clock reads one TIME.
func (p *phrase) clock() (int, int, error) {
	t := p.next()
	switch t {
	case "midnight":
		return 0, 0, nil
	case "noon":
		return 12, 0, nil
	}
	hs, ms, hasColon := strings.Cut(t, ":")
	h, okH := number(hs)
	m, okM := 0, true
	if hasColon {
		m, okM = number(ms)
		okM = okM && len(ms) == 2
	}
	if !okH || !okM || len(hs) > 2 || m > 59 {
		p.i--
		return 0, 0, p.fail("%s is not a time (write midnight, noon, 14:30 or 2:30 pm)", quote(t))
	}
	switch {
	case p.accept("am"):
		if h < 1 || h > 12 {
			return 0, 0, p.fail("%s am is not a time", quote(t))
		}
		h %= 12 // 12 am is midnight
	case p.accept("pm"):
		if h < 1 || h > 12 {
			return 0, 0, p.fail("%s pm is not a time", quote(t))
		}
		h = h%12 + 12 // 12 pm is noon
	case !hasColon:
		p.i--
		return 0, 0, p.fail("%s is not a time: add minutes or am/pm (e.g. %d:00)", quote(t), h)
	case h > 23:
		p.i--
		return 0, 0, p.fail("%s is not a time (hours run 0-23)", quote(t))
	}
	return h, m, nil
}

// onClause reads DAYS or a day of the month.
func (p *phrase) onClause() error {
	switch {
	case p.accept("day"):
		n, ok := number(p.next())
		if !ok || n < 1 || n > 31 {
			p.i--
			return p.fail("expected a day of the month 1-31 after \"on day\"")
		}
		return p.setDom(strconv.Itoa(n))
	case p.accept("the"):
		switch t := p.next(); {
		case t == "weekend" || t == "weekends":
			return p.setDow("0,6")
		case t == "weekday" || t == "weekdays":
			return p.setDow("1-5")
		case t == "last":
			p.accept("day")
			p.ofTheMonth()
			return p.setDom("L")
		default:
			n, ok := ordinal(t)
			if !ok {
				p.i--
				return p.unexpected()
			}
			p.accept("day")
			p.ofTheMonth()
			return p.setDom(strconv.Itoa(n))
		}
	case p.accept("weekend", "weekends"):
		return p.setDow("0,6")
	case p.accept("weekday", "weekdays"):
		return p.setDow("1-5")
	}
	dow, err := p.dayList()
	if err != nil {
		return err
	}
	return p.setDow(dow)
}

func (p *phrase) ofTheMonth() {
	if p.peek() == "of" && p.i+2 < len(p.toks) && p.toks[p.i+1] == "the" && p.toks[p.i+2] == "month" {
		p.i += 3
	}
}

func (p *phrase) setDow(dow string) error {
	if p.dow != "" {
		return p.fail("the days of the week are given twice; write a 5-field cron")
	}
	p.dow = dow
	return nil
}

func (p *phrase) setDom(dom string) error {
	if p.dom != "" {
		return p.fail("the day of the month is given twice; write a 5-field cron")
	}
	p.dom = dom
	return nil
}

// inClause reads MONTHS.
func (p *phrase) inClause() error {
	list, err := p.nameList(monthNumber, "month")
	if err != nil {
		return err
	}
	p.month = list
	return nil
}

func (p *phrase) dayList() (string, error) { return p.nameList(dayNumber, "day") }

// nameList reads NAME {, | and NAME} or NAME through|to NAME and returns it as cron text.
func (p *phrase) nameList(lookup func(string) int, what string) (string, error) {
	first := lookup(p.next())
	if first < 0 {
		p.i--
		return "", p.fail("expected a %s name, got %s; %s", what, quote(p.peek()), phraseHelp)
	}
	if p.accept("through", "to", "-") {
		last := lookup(p.next())
		if last < 0 {
			p.i--
			return "", p.fail("expected a %s name after \"through\", got %s", what, quote(p.peek()))
		}
		if last < first {
			return "", p.fail("%s range runs backwards; write a 5-field cron", what)
		}
		return strconv.Itoa(first) + "-" + strconv.Itoa(last), nil
	}
	vals := []int{first}
	for p.peek() == "," || p.peek() == "and" {
		save := p.i
		p.accept(",")
		p.accept("and")
		v := lookup(p.peek())
		if v < 0 {
			p.i = save // a "," or "and" that does not continue this list
			break
		}
		p.i++
		vals = append(vals, v)
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	texts := make([]string, len(vals))
	for i, v := range vals {
		texts[i] = strconv.Itoa(v)
	}
	return strings.Join(texts, ","), nil
}

// finish checks that the phrase has one meaning and renders the cron.
func (p *phrase) finish() (string, error) {
	switch p.kind {
	case kindMinutes, kindHours:
		if p.sawAt {
			return "", p.fail(`"at" after a minute or hour frequency is ambiguous (during that hour, or starting then?); akkaflow's cronish read it as %s (%s); write a 5-field cron`,
				quote(p.cronishReading()), describeText(p.cronishReading()))
		}
	case kindDays, kindMonths:
		if !p.sawAt {
			return "", p.fail(`no time of day: add "at HH:MM" (akkaflow's cronish read it as %s, every minute of those days)`,
				quote(p.cronishReading()))
		}
		if p.kind == kindMonths && p.dom == "" && p.dow == "" {
			return "", p.fail(`"every month" needs a day: "on day N", "on the Nth" or "on the last day"`)
		}
		if p.dom != "" && p.dow != "" {
			return "", p.fail("both a day of the month and a day of the week: cron would fire on either; write a 5-field cron")
		}
		if err := p.timeFields(); err != nil {
			return "", err
		}
	}
	f := [5]string{p.minute, p.hour, p.dom, p.month, p.dow}
	for i := range f {
		if f[i] == "" {
			f[i] = "*"
		}
	}
	return joinFields(f), nil
}

// timeFields turns the "at" times into minute and hour fields, which works only when the
// times are every combination of their hours and minutes.
func (p *phrase) timeFields() error {
	var hours, mins []int
	for _, t := range p.times {
		hours, mins = append(hours, t[0]), append(mins, t[1])
	}
	slices.Sort(hours)
	slices.Sort(mins)
	hours, mins = slices.Compact(hours), slices.Compact(mins)
	distinct := map[[2]int]bool{}
	for _, t := range p.times {
		distinct[t] = true
	}
	if len(hours)*len(mins) != len(distinct) {
		return p.fail("these times cannot be one cron line (cron combines every listed hour with every listed minute); write several coordinators or a 5-field cron")
	}
	p.hour, p.minute = joinInts(hours), joinInts(mins)
	return nil
}

// cronishReading is the cron cronish's grammar produced: unset minute and hour fields stay
// "*", and a minute or hour frequency overrides the time of an "at" clause.
func (p *phrase) cronishReading() string {
	minute, hour := "*", "*"
	if len(p.times) > 0 {
		hour, minute = strconv.Itoa(p.times[0][0]), strconv.Itoa(p.times[0][1])
	}
	switch p.kind {
	case kindMinutes:
		minute = p.minute
	case kindHours:
		hour = p.hour
		if len(p.times) == 0 {
			minute = "*"
		}
	}
	f := [5]string{minute, hour, p.dom, p.month, p.dow}
	for i := range f {
		if f[i] == "" {
			f[i] = "*"
		}
	}
	return joinFields(f)
}

// describeText describes a cron text, for messages.
func describeText(cron string) string {
	c, _, err := newCron([5]string(strings.Fields(cron)), cron, time.UTC)
	if err != nil {
		return cron
	}
	return c.Describe()
}

func joinInts(vals []int) string {
	texts := make([]string, len(vals))
	for i, v := range vals {
		texts[i] = strconv.Itoa(v)
	}
	return strings.Join(texts, ",")
}

var dayByWord = map[string]int{
	"sun": 0, "sunday": 0, "sundays": 0, "mon": 1, "monday": 1, "mondays": 1,
	"tue": 2, "tues": 2, "tuesday": 2, "tuesdays": 2, "wed": 3, "wednesday": 3, "wednesdays": 3,
	"thu": 4, "thur": 4, "thurs": 4, "thursday": 4, "thursdays": 4, "fri": 5, "friday": 5, "fridays": 5,
	"sat": 6, "saturday": 6, "saturdays": 6,
}

func dayNumber(w string) int {
	if n, ok := dayByWord[w]; ok {
		return n
	}
	return -1
}

func monthNumber(w string) int {
	for m := 1; m <= 12; m++ {
		name := strings.ToLower(monthWords[m])
		if w == name || w == name[:3] {
			return m
		}
	}
	return -1
}

// ordinal reads "1st", "2nd", "3rd", "15th" (suffix not checked for grammar) up to 31.
func ordinal(w string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if digits, ok := strings.CutSuffix(w, suf); ok {
			n, ok := number(digits)
			return n, ok && n >= 1 && n <= 31
		}
	}
	return 0, false
}
