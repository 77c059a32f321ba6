package params_test

import (
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows/params"
)

// expandAt expands text with Now = now and no other context.
func expandAt(t *testing.T, now time.Time, text string) string {
	t.Helper()
	got, err := params.Expand(text, params.Env{Now: now})
	if err != nil {
		t.Fatalf("Expand(%q) at %v: %v", text, now, err)
	}
	return got
}

func TestTimeShiftUnits(t *testing.T) {
	now := time.Date(2024, 3, 15, 9, 5, 0, 0, time.UTC)
	cases := []struct{ in, want string }{
		{"${time.today|yyyy-MM-dd HH:mm|-90 minutes}", "2024-03-15 07:35"},
		{"${time.today|yyyy-MM-dd HH:mm|1 MINUTE}", "2024-03-15 09:06"},
		{"${time.today|yyyy-MM-dd HH:mm|-10 Hours}", "2024-03-14 23:05"},
		{"${time.today|yyyy-MM-dd|+3 Days}", "2024-03-18"},
		// akkaflow turned week and year into days; they are real weeks and years here.
		{"${time.today|yyyy-MM-dd|-2 weeks}", "2024-03-01"},
		{"${time.today|yyyy-MM-dd|1 week}", "2024-03-22"},
		{"${time.today|yyyy-MM-dd|1 Year}", "2025-03-15"},
		{"${time.today|yyyy-MM-dd|-2 YEARS}", "2022-03-15"},
		{"${time.cur_month|yyyy-MM|-12 months}", "2023-03"},
		{"${time.last_month|yyyy-MM|-1 month}", "2024-01"},
		{"${time.yestoday|yyyy-MM-dd|-1 day}", "2024-03-13"},
	}
	for _, c := range cases {
		if got := expandAt(t, now, c.in); got != c.want {
			t.Errorf("%s = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMonthShiftsClampToMonthEnd(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 10, 30, 0, 0, time.UTC) }
	cases := []struct {
		now      time.Time
		in, want string
	}{
		{d(2024, 1, 31), "${time.today|yyyy-MM-dd HH:mm|1 month}", "2024-02-29 10:30"}, // leap year
		{d(2023, 1, 31), "${time.today|yyyy-MM-dd|1 month}", "2023-02-28"},
		{d(2024, 3, 31), "${time.today|yyyy-MM-dd|-1 month}", "2024-02-29"},
		{d(2024, 5, 31), "${time.today|yyyy-MM-dd|-1 month}", "2024-04-30"},
		{d(2024, 1, 31), "${time.today|yyyy-MM-dd|12 months}", "2025-01-31"},
		{d(2024, 1, 31), "${time.today|yyyy-MM-dd|-13 months}", "2022-12-31"},
		{d(2024, 2, 29), "${time.today|yyyy-MM-dd|1 year}", "2025-02-28"},
		{d(2024, 2, 29), "${time.today|yyyy-MM-dd|4 years}", "2028-02-29"},
		{d(2024, 3, 31), "${time.last_month|yyyy-MM-dd}", "2024-02-29"},
		{d(2024, 1, 15), "${time.last_month}", "2023-12"},
		{d(2024, 3, 1), "${time.yesterday}", "2024-02-29"},
	}
	for _, c := range cases {
		if got := expandAt(t, c.now, c.in); got != c.want {
			t.Errorf("%s at %s = %q, want %q", c.in, c.now.Format(time.DateOnly), got, c.want)
		}
	}
}

// Day shifts keep the wall clock across DST changes; hour shifts count elapsed time.
func TestShiftsAcrossDST(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	spring := time.Date(2024, 3, 10, 12, 0, 0, 0, ny) // clocks went 02:00 → 03:00 that night
	fall := time.Date(2024, 11, 3, 12, 0, 0, 0, ny)   // clocks went 02:00 → 01:00
	const p = "${time.today|yyyy-MM-dd HH:mm Z|"
	cases := []struct {
		now      time.Time
		in, want string
	}{
		{spring, p + "-1 day}", "2024-03-09 12:00 -0500"},
		{spring, p + "-24 hours}", "2024-03-09 11:00 -0500"},
		{spring, p + "-1 week}", "2024-03-03 12:00 -0500"},
		{spring, p + "-1 month}", "2024-02-10 12:00 -0500"},
		{spring, "${time.yesterday|yyyy-MM-dd HH:mm Z}", "2024-03-09 12:00 -0500"},
		{fall, p + "-1 day}", "2024-11-02 12:00 -0400"},
		{fall, p + "-24 hours}", "2024-11-02 13:00 -0400"},
		{fall, p + "-11 hours}", "2024-11-03 01:00 -0500"}, // 01:00 happened twice that night
		{fall, p + "-12 hours}", "2024-11-03 01:00 -0400"},
	}
	for _, c := range cases {
		if got := expandAt(t, c.now, c.in); got != c.want {
			t.Errorf("%s at %v = %q, want %q", c.in, c.now, got, c.want)
		}
	}
}

func TestLocationDecidesTheDate(t *testing.T) {
	now := time.Date(2024, 3, 14, 20, 0, 0, 0, time.UTC) // already the 15th in Shanghai
	env := params.Env{Now: now, Scheduled: now}
	if got, _ := params.Expand("${time.today} ${instance.scheduled_time|HH z}", env); got != "2024-03-14 20 UTC" {
		t.Errorf("without Location: %q", got)
	}
	env.Location = mustZone(t, "Asia/Shanghai")
	if got, _ := params.Expand("${time.today} ${instance.scheduled_time|HH z}", env); got != "2024-03-15 04 CST" {
		t.Errorf("with Location: %q", got)
	}
}
