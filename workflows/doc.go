// Package workflows is actorflow's pure domain: the definition model (workflow, coordinator,
// control and action nodes with their type-specific bodies), typed statuses, validation and the
// run engine that drives one instance.
//
// Invariants:
//   - This package imports only the standard library. Adapters (XML, storage, actors, network)
//     live elsewhere and depend on it, never the other way round.
//   - Nothing here performs I/O, reads the clock or starts goroutines: time is always an argument.
//   - Status values are stored by number (StoredValue). A number, once given a meaning, keeps it;
//     new statuses get new numbers. Transitions are explicit tables, checked by CanTransition.
//   - A Workflow is immutable once built: callers that need a variant (parameter expansion)
//     get a deep copy.
//   - Every Problem carries the file:line:col it refers to, so errors can say where.
package workflows
