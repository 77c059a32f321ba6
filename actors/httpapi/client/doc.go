// Package client is the Go client of actorflow's REST API under /api/v1, plus the health and
// metrics endpoints beside it. The CLI talks to servers only through this package, and
// integration tests use it to drive a running node.
//
// Invariants:
//   - Every method returns the apiv1 shapes unchanged: this package never reinterprets a field,
//     so what the server sends is what callers (and `actorflow -o json`) see.
//   - Every failure that is not the caller's own cancellation is an *Error. Server errors carry
//     the decoded {"error":{...}} body; transport failures (refused, reset, DNS) carry code
//     "unavailable" and the client's own deadline carries code "timeout", both with Status 0.
//     Classify maps any error onto the workflows.Code set, so each edge maps codes once.
//   - A caller's cancelled context comes back as that context's error (errors.Is works), not as
//     an *Error: the caller asked for it, the server did nothing wrong.
//   - New never fails: an unusable base URL makes every call return an *Error with code
//     "invalid". This keeps `c := client.New(url)` a one-liner in tests.
//   - The timeout bounds each whole exchange, except InstanceLog, where it bounds only the wait
//     for the response headers: a followed log legitimately streams for as long as the instance
//     runs, and the caller stops it by cancelling the context or closing the body.
//   - Path segments (workflow names, instance ids) are always escaped, so a name can never
//     address a different route.
package client
