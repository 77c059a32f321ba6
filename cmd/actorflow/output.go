package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// timeLayout is how tables show times, in the local zone.
const timeLayout = "2006-01-02 15:04:05"

// printJSON writes v as indented JSON, unchanged from the API (HTML characters unescaped so
// XML sources stay readable).
func (s *session) printJSON(v any) error {
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// table aligns columns; call flush when done.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)}
	if len(header) > 0 {
		t.row(header...)
	}
	return t
}

// row writes one line; cells are flattened to one line so a message cannot break alignment.
func (t *table) row(cells ...string) {
	for i, c := range cells {
		if i > 0 {
			_, _ = io.WriteString(t.tw, "\t")
		}
		_, _ = io.WriteString(t.tw, cell(c))
	}
	_, _ = io.WriteString(t.tw, "\n")
}

func (t *table) flush() error { return t.tw.Flush() }

// cell is s on one line, "-" when empty so columns never look shifted.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "-"
	}
	return s
}

// clip shortens a free-text cell (messages) to its first line and at most n runes.
func clip(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// when formats an API time in the local zone, "-" when unset.
func (s *session) when(t apiv1.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(s.loc).Format(timeLayout)
}

// span is how long something ran: start to end, or start to now while it still runs.
func (s *session) span(start, end apiv1.Time) string {
	if start.IsZero() {
		return "-"
	}
	stop := end.Time
	if end.IsZero() {
		stop = s.now
	}
	return humanDuration(stop.Sub(start.Time))
}

// humanDuration: "850ms", "42s", "5m 02s", "3h 07m", "2d 04h" — two units at most, enough
// to compare runs at a glance.
func humanDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm %02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh %02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd %02dh", int(d.Hours())/24, int(d.Hours())%24)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// pairs renders a map as "k=v, k2=v2" in key order, so output is stable.
func pairs(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, ", ")
}

// formatProblem renders "file:line:col: severity: message (code)", the form editors and
// compilers use, dropping the parts that are unknown.
func formatProblem(file string, p apiv1.Problem) string {
	var b strings.Builder
	b.WriteString(file)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	sev := p.Severity
	if sev == "" {
		sev = "error"
	}
	fmt.Fprintf(&b, "%s: %s", sev, p.Message)
	if p.Code != "" {
		fmt.Fprintf(&b, " (%s)", p.Code)
	}
	return b.String()
}

// listFooter says when a page does not hold everything that matched.
func (s *session) listFooter(shown, total, offset int) {
	switch {
	case shown == 0 && offset > 0:
		fmt.Fprintf(s.out, "(nothing at offset %d; %d in total)\n", offset, total)
	case total > offset+shown || offset > 0:
		fmt.Fprintf(s.out, "(%d-%d of %d; use --limit and --offset for more)\n", offset+1, offset+shown, total)
	}
}
