// Package benchkit is what the end-to-end benchmarks (bench/standalone, bench/cluster) share:
// the workflow XML they generate, the statistics they report, how they build the binary, wait
// on conditions, read /proc and /metrics, and how a chain's gaps and a fan-out's throughput are
// computed from the attempt times the server recorded.
//
// Invariants: every time it computes comes from the server's attempt times (Started is taken by
// the worker after fork+exec, Ended after the process exited), never from the polling client,
// so the polling interval does not enter a figure. Percentiles are nearest-rank. Nothing here
// starts a server: the callers own their processes.
package benchkit
