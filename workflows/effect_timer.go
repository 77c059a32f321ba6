package workflows

// TimerKind says what a timer is for.
type TimerKind uint8

const (
	TimerRetry   TimerKind = iota + 1 // the wait before the next attempt is over
	TimerTimeout                      // the node's visit ran out of time
)

var engTimerNames = map[TimerKind]string{TimerRetry: "retry", TimerTimeout: "timeout"}

func (k TimerKind) String() string { return nameOr(engTimerNames, k) }

func (k TimerKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

func (k *TimerKind) UnmarshalText(b []byte) error {
	for v, name := range engTimerNames {
		if name == string(b) {
			*k = v
			return nil
		}
	}
	return Errorf(CodeInvalid, "unknown timer kind %q", string(b))
}

// Timer identifies one timer; it is comparable, so callers can key their timer table on it.
// Visit (and for retries Attempt, the attempt it will dispatch) fence it: a timer that fires
// after its node moved on is ignored.
type Timer struct {
	Kind    TimerKind `json:"kind"`
	Node    string    `json:"node"`
	Visit   int       `json:"visit"`
	Attempt int       `json:"attempt,omitempty"` // retry timers only
}
