package workflows

import "testing"

func TestUnknownStatusNamesDoNotRecurse(t *testing.T) {
	cases := map[string]string{
		InstanceStatus(2).String(): "unknown(2)",
		NodeStatus(200).String():   "unknown(200)",
		AttemptStatus(2).String():  "unknown(2)",
		NodeKind(0).String():       "unknown(0)",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestStatusTextRoundTrip(t *testing.T) {
	for s := range instanceNames {
		b, _ := s.MarshalText()
		var back InstanceStatus
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("instance %v: got %v, %v", s, back, err)
		}
	}
	for s := range nodeNames {
		b, _ := s.MarshalText()
		var back NodeStatus
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("node %v: got %v, %v", s, back, err)
		}
	}
	for s := range attemptNames {
		b, _ := s.MarshalText()
		var back AttemptStatus
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("attempt %v: got %v, %v", s, back, err)
		}
	}
	if _, err := ParseInstanceStatus("nope"); CodeOf(err) != CodeInvalid {
		t.Errorf("bad status: want invalid, got %v", err)
	}
	for _, alias := range []string{"W_FAILED", "失败", "failed"} {
		if s, err := ParseInstanceStatus(alias); err != nil || s != InstanceFailed {
			t.Errorf("%q: got %v, %v", alias, s, err)
		}
	}
}

func TestTransitionTables(t *testing.T) {
	if !InstancePrep.CanTransition(InstanceRunning) || InstanceSucceeded.CanTransition(InstanceRunning) {
		t.Error("instance transitions wrong")
	}
	if !NodeRunning.CanTransition(NodeUpForRetry) || NodePrep.CanTransition(NodeFailed) {
		t.Error("node transitions wrong")
	}
	if AttemptSucceeded.CanTransition(AttemptFailed) || !AttemptDispatched.CanTransition(AttemptLost) {
		t.Error("attempt transitions wrong")
	}
	for s := range attemptNames {
		if s.Terminal() && len(attemptTransitions[s]) > 0 {
			t.Errorf("terminal attempt status %v has outgoing transitions", s)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	a := &Action{Interval: 2e9, Backoff: BackoffExponential, MaxInterval: 10e9}
	want := []int64{2e9, 4e9, 8e9, 10e9, 10e9}
	for i, w := range want {
		if got := a.RetryDelay(i + 2); int64(got) != w {
			t.Errorf("attempt %d: delay %v, want %v", i+2, got, w)
		}
	}
	fixed := &Action{Interval: 3e9}
	if fixed.RetryDelay(5) != 3e9 {
		t.Error("fixed backoff must not grow")
	}
}
