package schedule

import (
	"strings"
	"testing"
	"time"
)

func TestDescribe(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"* * * * *", "every minute"},
		{"*/15 * * * *", "every 15 minutes"},
		{"0 * * * *", "every hour"},
		{"30 * * * *", "every hour at minute 30"},
		{"0 */2 * * *", "every 2 hours"},
		{"5 */6 * * *", "every 6 hours at minute 5"},
		{"30 2 * * *", "at 02:30 every day"},
		{"0 0 * * 1", "at 00:00 on Monday"},
		{"0 0 * * 1-5", "at 00:00 on Monday through Friday"},
		{"0 0 * * 0,6", "at 00:00 on Saturday and Sunday"},
		{"0 0 * * 1,3,5", "at 00:00 on Monday, Wednesday and Friday"},
		{"0 9,17 * * *", "at 09:00 and 17:00 every day"},
		{"0 0 1 * *", "at 00:00 on day 1 of the month"},
		{"0 0 1,15 * *", "at 00:00 on days 1 and 15 of the month"},
		{"0 0 L * *", "at 00:00 on the last day of the month"},
		{"0 0 1,L * *", "at 00:00 on day 1 and the last day of the month"},
		{"0 0 1 1 *", "at 00:00 on day 1 of the month in January"},
		{"0 12 * 1,7 *", "at 12:00 every day in January and July"},
		{"0 0 13 * 5", "at 00:00 on day 13 of the month or on Friday"},
		{"0 0 */2 * 5", "at 00:00 on days 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29 and 31 of the month if it is a Friday"},
		{"*/15 9-17 * * 1-5", "every 15 minutes during hours 9 through 17 on Monday through Friday"},
		{"* 2 * * *", "every minute during hour 2"},
		{"*/7 * * * *", "at minutes 0, 7, 14, 21, 28, 35, 42, 49 and 56"},
		{"0,30 * * * *", "every 30 minutes"},
		{"0,20 * * * *", "at minutes 0 and 20"},
		{"0,20 9 * * *", "at 09:00 and 09:20 every day"},
		{"0 0-23/3 * * *", "every 3 hours"},
		{"0 0 1-31 * 1", "at 00:00 every day"},
		{"@daily", "at 00:00 every day"},
		{"@weekly", "at 00:00 on Sunday"},
		{"@yearly", "at 00:00 on day 1 of the month in January"},
		{"@every 15m", "every 15 minutes"},
		{"@every 90m", "every 90 minutes"},
		{"@every 1h", "every hour"},
		{"@every 36h", "every 36 hours"},
		{"@every 48h", "every 2 days"},
		{"@every 45s", "every 45 seconds"},
		{"@every 1.5s", "every 1.5s"},
	}
	for _, tt := range tests {
		s := mustParse(t, tt.spec, time.UTC)
		if got := Describe(s); got != tt.want {
			t.Errorf("Describe(%q) = %q, want %q", tt.spec, got, tt.want)
		}
	}
}

type bare struct{}

func (bare) Next(t time.Time) time.Time { return t.Add(time.Hour) }
func (bare) String() string             { return "bare" }

func TestDescribeFallsBackToString(t *testing.T) {
	if got := Describe(bare{}); got != "bare" {
		t.Errorf("Describe(bare) = %q", got)
	}
	if !strings.HasPrefix(mustParse(t, "@every 2h", time.UTC).String(), "@every 2h") {
		t.Errorf("@every String")
	}
}
