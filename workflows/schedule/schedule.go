package schedule

import (
	"errors"
	"time"
)

// Schedule yields fire times. (Stub: replaced by the schedule work.)
type Schedule interface {
	// Next returns the first fire time strictly after t, or the zero time when there is none.
	Next(t time.Time) time.Time
	String() string
}

// Parse reads a schedule (5-field cron, descriptor, @every, legacy forms) in loc.
// Warnings describe accepted legacy forms. (Stub.)
func Parse(spec string, loc *time.Location) (Schedule, []string, error) {
	return nil, nil, errors.New("not implemented")
}
