// Package wait is how tests wait: on a condition, with a deadline, never for time itself.
//
// Invariants:
//   - Until checks cond at once, then every Every until it holds or the timeout passes, and
//     checks it a last time at the deadline; it never sleeps past the deadline.
//   - For fails the test (t.Fatalf, from the caller's goroutine) when the condition did not
//     hold in time; it returns as soon as it holds.
//   - Standard library only, so any package's tests may use it.
package wait
