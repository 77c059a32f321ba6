// Package httpcall runs <http> actions: one HTTP request, with the action's method, URL,
// headers and body, whose response status must be one of the expected ones (any 2xx when
// the action lists none).
//
// The response is written to the attempt's stdout as the status line, the headers (sorted)
// and the body, cut at Options.MaxBody bytes with a note saying how much was left out.
// Result.Outputs carries http.status (the numeric code). Redirects are followed (up to
// ten, net/http's default); the checked status is the final one.
//
// The action's timeout bounds the whole exchange, body included. Running out of it fails
// the attempt (the node's retry policy applies), unlike the node's own timeout, which
// cancels the context with executors.TimedOutAfter and gives timed_out.
//
// This package imports net/http, which internal/archtest otherwise forbids under
// workflows/...: an HTTP call is what this executor is for.
//
// Invariants:
//   - Run returns a terminal Result and never holds more than MaxBody bytes of a response.
//   - Cancelling the context aborts the request at once (killed or timed_out by its cause).
//   - The request's headers are never written to the message or to stdout, so an
//     Authorization header does not end up in the instance view or the logs.
package httpcall
