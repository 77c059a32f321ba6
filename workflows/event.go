package workflows

import "time"

// EventKind names an event type, for logs and metrics; dispatch uses type switches.
type EventKind uint8

const (
	EventStart EventKind = iota + 1
	EventTaskStarted
	EventTaskSucceeded
	EventTaskFailed
	EventTaskLost
	EventTimerFired
	EventKillRequested
)

var engEventNames = map[EventKind]string{
	EventStart: "start", EventTaskStarted: "task_started", EventTaskSucceeded: "task_succeeded",
	EventTaskFailed: "task_failed", EventTaskLost: "task_lost", EventTimerFired: "timer_fired",
	EventKillRequested: "kill_requested",
}

func (k EventKind) String() string { return nameOr(engEventNames, k) }

func (k EventKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Event is something that happened to an instance. Each carries the time it happened (At):
// the engine never reads a clock, so the same events always give the same state.
// The set is closed: only the types below implement it.
type Event interface {
	Kind() EventKind
	When() time.Time
	engEvent()
}

// Start moves a prep instance to running (admission granted).
type Start struct {
	At time.Time `json:"at"`
}

// TaskStarted: a worker acknowledged an attempt and began running it.
type TaskStarted struct {
	At      time.Time `json:"at"`
	Node    string    `json:"node"`
	Attempt int       `json:"attempt"`
	Worker  string    `json:"worker,omitempty"`
}

// TaskSucceeded: an attempt finished successfully, with the outputs it declared.
type TaskSucceeded struct {
	At      time.Time         `json:"at"`
	Node    string            `json:"node"`
	Attempt int               `json:"attempt"`
	Outputs map[string]string `json:"outputs,omitempty"`
}

// TaskFailed: an attempt finished unsuccessfully.
type TaskFailed struct {
	At       time.Time `json:"at"`
	Node     string    `json:"node"`
	Attempt  int       `json:"attempt"`
	Message  string    `json:"message,omitempty"`
	ExitCode int       `json:"exit_code,omitempty"`
}

// TaskLost: the attempt's worker vanished (or never acknowledged it); its outcome is unknown.
type TaskLost struct {
	At      time.Time `json:"at"`
	Node    string    `json:"node"`
	Attempt int       `json:"attempt"`
	Reason  string    `json:"reason,omitempty"`
}

// TimerFired: a timer set by a SetTimer effect is due.
type TimerFired struct {
	At    time.Time `json:"at"`
	Timer Timer     `json:"timer"`
}

// KillRequested: an operator (or shutdown) asks for the instance to be killed.
type KillRequested struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
}

func (Start) Kind() EventKind         { return EventStart }
func (TaskStarted) Kind() EventKind   { return EventTaskStarted }
func (TaskSucceeded) Kind() EventKind { return EventTaskSucceeded }
func (TaskFailed) Kind() EventKind    { return EventTaskFailed }
func (TaskLost) Kind() EventKind      { return EventTaskLost }
func (TimerFired) Kind() EventKind    { return EventTimerFired }
func (KillRequested) Kind() EventKind { return EventKillRequested }

func (e Start) When() time.Time         { return e.At }
func (e TaskStarted) When() time.Time   { return e.At }
func (e TaskSucceeded) When() time.Time { return e.At }
func (e TaskFailed) When() time.Time    { return e.At }
func (e TaskLost) When() time.Time      { return e.At }
func (e TimerFired) When() time.Time    { return e.At }
func (e KillRequested) When() time.Time { return e.At }

func (Start) engEvent()         {}
func (TaskStarted) engEvent()   {}
func (TaskSucceeded) engEvent() {}
func (TaskFailed) engEvent()    {}
func (TaskLost) engEvent()      {}
func (TimerFired) engEvent()    {}
func (KillRequested) engEvent() {}
