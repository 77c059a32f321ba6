package schedule

import (
	"strings"
	"testing"
	"time"
)

func TestEveryPhrases(t *testing.T) {
	tests := []struct{ phrase, cron string }{
		{"every minute", "* * * * *"},
		{"Every 15 minutes", "*/15 * * * *"},
		{"every 1 minute", "* * * * *"},
		{"every other minute", "*/2 * * * *"},
		{"every hour", "0 * * * *"},
		{"every 6 hours", "0 */6 * * *"},
		{"every other hour", "0 */2 * * *"},
		{"every day at midnight", "0 0 * * *"},
		{"Every Day At Noon", "0 12 * * *"},
		{"every day at 3:30", "30 3 * * *"},
		{"every day at 14:05", "5 14 * * *"},
		{"every day at 2:30 pm", "30 14 * * *"},
		{"every day at 2:30pm", "30 14 * * *"},
		{"every day at 9am", "0 9 * * *"},
		{"every day at 12am", "0 0 * * *"},
		{"every day at 12 pm", "0 12 * * *"},
		{"every  day   at  midnight", "0 0 * * *"},
		{"every day on Monday at 3:30", "30 3 * * 1"},
		{"every day on Monday, Wednesday and Friday at 6:00", "0 6 * * 1,3,5"},
		{"every day on Monday, Wednesday, and Friday at 6:00", "0 6 * * 1,3,5"},
		{"every day on Monday through Friday at 6:00", "0 6 * * 1-5"},
		{"every day on the weekend at 10:00", "0 10 * * 0,6"},
		{"every day on the weekday at 3:30", "30 3 * * 1-5"},
		{"every day at 3:30 on weekdays", "30 3 * * 1-5"},
		{"every weekday at 9:00", "0 9 * * 1-5"},
		{"every weekend at noon", "0 12 * * 0,6"},
		{"every Monday at 3:30", "30 3 * * 1"},
		{"every sat and sun at 7:00", "0 7 * * 0,6"},
		{"every month on day 15 at 2:00", "0 2 15 * *"},
		{"every month on the 1st at midnight", "0 0 1 * *"},
		{"every month on the 2nd day at midnight", "0 0 2 * *"},
		{"every month on the last day of the month at 23:00", "0 23 L * *"},
		{"every month on Monday at 9:00", "0 9 * * 1"},
		{"every day at 9:00 and 17:00", "0 9,17 * * *"},
		{"every day at 9:00, 9:30, 17:00 and 17:30", "0,30 9,17 * * *"},
		{"every 15 minutes on the weekend", "*/15 * * * 0,6"},
		{"every hour on Sunday", "0 * * * 0"},
		{"every day at 8:00 in January through March", "0 8 * 1-3 *"},
		{"every day at 8:00 in jan, jul", "0 8 * 1,7 *"},
	}
	for _, tt := range tests {
		s, w, err := Parse(tt.phrase, time.UTC)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.phrase, err)
			continue
		}
		if s.String() != tt.cron {
			t.Errorf("Parse(%q) = %q, want %q", tt.phrase, s.String(), tt.cron)
		}
		if len(w) != 1 || !strings.Contains(w[0], quote(tt.cron)) || !strings.Contains(w[0], quote(tt.phrase)) {
			t.Errorf("Parse(%q): want one warning naming the phrase and %q, got %q", tt.phrase, tt.cron, w)
		}
		// The phrase fires exactly like its cron.
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		if a, b := fires(s, from, 20), fires(mustParse(t, tt.cron, time.UTC), from, 20); strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("%q fires differently from %q", tt.phrase, tt.cron)
		}
	}
}

func TestEveryPhraseWarningMentionsCronish(t *testing.T) {
	_, w, err := Parse("every hour", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{`"0 * * * *"`, "every hour", `cronish ran "* * * * *"`, "write the cron instead"} {
		if !strings.Contains(w[0], sub) {
			t.Errorf("warning %q lacks %q", w[0], sub)
		}
	}
}

func TestEveryPhraseRejections(t *testing.T) {
	tests := []struct {
		phrase string
		want   []string
	}{
		{"every 15 minutes at midnight on the weekend", []string{"ambiguous", `"*/15 0 * * 0,6"`, "5-field cron"}},
		{"every hour at 3:30", []string{"ambiguous", `"30 * * * *"`}},
		{"every day", []string{"no time of day", `"* * * * *"`}},
		{"every weekday", []string{"no time of day"}},
		{"every day on Monday", []string{"no time of day"}},
		{"every 7 minutes", []string{"must divide 60", `"@every 7m"`}},
		{"every 45 minutes", []string{"must divide 60"}},
		{"every 5 hours", []string{"must divide 24", `"@every 5h"`}},
		{"every 2 days at 3:00", []string{"ambiguous in cron"}},
		{"every other day at 3:00", []string{"ambiguous in cron"}},
		{"every fortnight", []string{`unexpected word "fortnight"`, "5-field cron"}},
		{"every", []string{"incomplete phrase"}},
		{"every day at 25:00", []string{`"25:00" is not a time`}},
		{"every day at 3", []string{"add minutes or am/pm"}},
		{"every day at 13pm", []string{"pm is not a time"}},
		{"every day at 3:5", []string{"is not a time"}},
		{"every day at 9:15 and 17:30", []string{"cannot be one cron line"}},
		{"every month at 3:00", []string{`"every month" needs a day`}},
		{"run every day at 3:00", []string{`must start with "every"`}},
		{"every monday on the 1st at 3:00", []string{"both a day of the month and a day of the week"}},
		{"every day at 3:00 at 4:00", []string{`"at" appears twice`}},
		{"every weekday on Monday at 3:00", []string{"given twice"}},
		{"every day on Friday through Monday at 3:00", []string{"runs backwards"}},
		{"every day at noon on the 32nd", []string{"unexpected word"}},
		{"every day at noon in Smarch", []string{"expected a month name"}},
	}
	for _, tt := range tests {
		t.Run(tt.phrase, func(t *testing.T) {
			_, _, err := Parse(tt.phrase, time.UTC)
			wantInvalid(t, err, tt.want...)
		})
	}
}
