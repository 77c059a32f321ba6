package workflows

import "time"

// EffectKind names an effect type, for logs and metrics; callers use type switches.
type EffectKind uint8

const (
	EffectDispatch EffectKind = iota + 1
	EffectCancelTask
	EffectSetTimer
	EffectCancelTimer
	EffectFinished
)

var engEffectNames = map[EffectKind]string{
	EffectDispatch: "dispatch", EffectCancelTask: "cancel_task", EffectSetTimer: "set_timer",
	EffectCancelTimer: "cancel_timer", EffectFinished: "finished",
}

func (k EffectKind) String() string { return nameOr(engEffectNames, k) }

func (k EffectKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Effect is something the caller must do after it has durably recorded the state change that
// produced it (ARCHITECTURE §3: effects happen after commit). Effects of one Apply are ordered.
// The set is closed: only the types below implement it.
type Effect interface {
	Kind() EffectKind
	engEffect()
}

// Dispatch: send attempt Attempt of action Node (in its visit Visit) to a worker.
type Dispatch struct {
	Node    string `json:"node"`
	Attempt int    `json:"attempt"`
	Visit   int    `json:"visit"`
}

// CancelTask: stop the attempt on its worker (kill the process group). Worker is where the
// engine last heard it ran ("" when it was dispatched but never acknowledged).
type CancelTask struct {
	Node    string `json:"node"`
	Attempt int    `json:"attempt"`
	Worker  string `json:"worker,omitempty"`
	Reason  string `json:"reason"`
}

// SetTimer: deliver TimerFired{Timer} at At (or at once if At has passed).
type SetTimer struct {
	Timer Timer     `json:"timer"`
	At    time.Time `json:"at"`
}

// CancelTimer: the timer is no longer wanted. Delivering it anyway is harmless (the engine
// ignores stale timers); cancelling saves the work.
type CancelTimer struct {
	Timer Timer `json:"timer"`
}

// Finished: the instance reached a terminal status (mail, dependency flags, admission).
type Finished struct {
	Status  InstanceStatus `json:"status"`
	Message string         `json:"message,omitempty"`
}

func (Dispatch) Kind() EffectKind    { return EffectDispatch }
func (CancelTask) Kind() EffectKind  { return EffectCancelTask }
func (SetTimer) Kind() EffectKind    { return EffectSetTimer }
func (CancelTimer) Kind() EffectKind { return EffectCancelTimer }
func (Finished) Kind() EffectKind    { return EffectFinished }

func (Dispatch) engEffect()    {}
func (CancelTask) engEffect()  {}
func (SetTimer) engEffect()    {}
func (CancelTimer) engEffect() {}
func (Finished) engEffect()    {}
