// Package apiv1 holds the JSON shapes of actorflow's REST API under /api/v1. The HTTP actor
// serves them and the CLI and tests decode them, so both sides share one definition.
//
// Invariants:
//   - Field names are the wire contract: renaming one is a breaking change.
//   - Times are RFC 3339 with millisecond precision (Time); an unset time is JSON null.
//   - Every error body is {"error":{"code","message","problems"?}} with a code from the
//     workflows.Code set; secrets (passwords) never appear in any shape.
//   - Statuses are the lower-case names of workflows' typed statuses.
package apiv1
