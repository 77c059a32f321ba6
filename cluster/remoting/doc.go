// Package remoting starts protoactor-go's remote (gRPC) transport for a process, hardened:
// every gRPC handler runs under an interceptor that turns a panic into an error status, so a
// malformed or unexpected call cannot crash the node (protoactor's remote server leaves some
// RPCs as panic("implement me"), and gRPC itself recovers nothing).
//
// Invariants:
//   - Start fails with an error, never a panic, when the address cannot be bound.
//   - A panic in a remote handler is logged once per call with the method name and answered
//     with codes.Internal; the server keeps serving other connections.
//   - Messages that cross processes are protobuf (actors/messages); a message of a type the
//     receiver does not know is dropped by protoactor's reader with a log line (the stream is
//     reset and reconnects); it never reaches an actor.
//   - The package imports no actor code of ours (cluster never imports actors).
package remoting
