package schedule

import (
	"testing"
	"time"
)

// benchYear iterates Next over one year of s and reports the cost per Next call.
func benchYear(b *testing.B, spec string) {
	loc := mustLoc(b, "Europe/Berlin") // a zone with both DST transitions in the year
	s := mustParse(b, spec, loc)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	end := start.AddDate(1, 0, 0)
	calls := 0
	b.ResetTimer()
	for b.Loop() {
		for t := s.Next(start); t.Before(end); t = s.Next(t) {
			calls++
		}
		calls++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(calls), "ns/next")
	b.ReportMetric(float64(calls)/float64(b.N), "nexts/op")
}

// BenchmarkNextYearMinutely: 525,600 calls of Next for `* * * * *` over one year.
func BenchmarkNextYearMinutely(b *testing.B) { benchYear(b, "* * * * *") }

// BenchmarkNextYearWeekdays: `30 2 * * 1-5` over one year.
func BenchmarkNextYearWeekdays(b *testing.B) { benchYear(b, "30 2 * * 1-5") }

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, _, err := Parse("*/15 9-17 * * MON-FRI", time.UTC); err != nil {
			b.Fatal(err)
		}
	}
}
