// Package logserver serves a worker's task logs, read-only, over HTTP, and is the client
// the API's controllers use to read them. In a cluster the logs stay where the attempt ran
// (the worker's <home>/logs/tasks, laid out by worker.LogDir); a controller answering
// GET /api/v1/instances/{id}/log asks the attempt's worker for them.
//
// # Protocol
//
//	GET /logs/{instance}/{node}/{attempt}/{stream}                the readable view
//	GET /logs/{instance}/{node}/{attempt}/{stream}?offset=N&max=M raw bytes of the file
//
// Each name is one path segment, escaped (url.PathEscape: a "/" in a name is %2F; a name
// "." or ".." is sent as %2E or %2E%2E, which a path-cleaning server leaves alone); attempt
// is a decimal number ≥ 1; stream is "stdout" or "stderr".
//
//   - Without offset the body is executors.ReadLog's view: the file of a finished log, or the
//     head, marker and tail of a capped log still being written (or left by a crash).
//   - With offset the body is at most max bytes (default and ceiling MaxRange) of the log
//     file from that offset, as a follower reads it while the attempt runs; the SizeHeader
//     gives the file's size when it was read, so the reader knows whether more is there,
//     and when the size is below its offset, that the file was written anew. An offset at or
//     past the end gives an empty body.
//   - A log without a file (an attempt not started here, a silent stream, logs removed) is
//     404 with the AbsentHeader: the reader takes it as empty, as a missing local file. A
//     404 without that header is not this protocol (another service on the port) and is an
//     error for the client.
//   - A malformed request is 400 with a one-line text body; a file that cannot be read, 500.
//
// # Invariants
//
//   - Nothing outside Root is ever read. The names are not trusted as paths: worker.LogDir
//     turns each into one component with executors.SafeName ("/", "..", NUL and the like
//     are replaced, and a changed name gets a hash suffix), the attempt is a parsed number
//     and the stream one of two file names; the joined path is checked to lie under Root
//     all the same. Only regular files are served.
//   - Nothing is written: the handler opens files read-only and answers only GET (and HEAD).
//   - No authentication. The API serves logs to any reader without a token (the token
//     guards changes only), so the log server exposes nothing the API does not; it is bound
//     to the worker's cluster address (--bind), like its gossip and actor ports, never to
//     every interface unless --bind says so.
//   - The client never fails a whole log read for one worker: callers get an error per
//     stream and decide (the gateway shows one line for an unreachable worker).
package logserver
