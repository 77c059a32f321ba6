// Package messages defines the protobuf messages actors exchange across processes
// (generated code committed in messages.pb.go).
//
// Invariants:
//   - Field numbers are never reused; removed fields are reserved.
//   - Commands are imperative (RunTask), events past tense (TaskFinished), request/response
//     pairs end in Request/Response, and every response carries an error code and message.
//   - Every task message carries its TaskRef (the idempotency key) and the sender's Raft term.
package messages
