package apiv1

import (
	"bytes"
	"time"
)

// TimeLayout is RFC 3339 with exactly three fractional digits.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// Time is a point in time serialised with millisecond precision; the zero value is null.
type Time struct{ time.Time }

// At wraps t; the zero time stays null.
func At(t time.Time) Time { return Time{t} }

func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.Format(TimeLayout) + `"`), nil
}

func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Time{}
		return nil
	}
	v, err := time.Parse(`"`+time.RFC3339Nano+`"`, string(b))
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}
