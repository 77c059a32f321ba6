// Command standalone measures `actorflow standalone` end to end: it builds ./cmd/actorflow into
// a temporary directory, starts the real binary on fresh temporary directories for every run of
// every scenario, drives it through the Go client (actors/httpapi/client) and reads the times
// the server recorded (attempt Started/Ended are taken by the worker at process start and
// process exit; instance Scheduled/Created by the master).
//
//	go run ./bench/standalone                  # every scenario, 5 runs each (load10k: ≤ 100 s)
//	go run ./bench/standalone -runs 1          # a quick look
//	go run ./bench/standalone -only chain100,trigger
//	go run ./bench/standalone -profile         # also profile one load10k start with perf
//
// Scenarios (targets from the issue; "floor" from ARCHITECTURE.md §9):
//
//	chain100-script, chain100-shell  100 sequential `true` actions; gap = Started(n+1) − Ended(n),
//	                                 p50 ≤ 2 ms, p99 ≤ 8 ms over the 99 gaps; floor 0.9 + 0.5 ms
//	fanout1000-s16, fanout1000-s8    fork of 1,000 `true` actions → join; 1000 / (last Ended −
//	                                 first Started) ≥ 800/s; floor 1,600 spawns/s
//	trigger                          client clock before POST …/trigger → first Started, 20 per
//	                                 run on a warm server, p50 ≤ 5 ms
//	load10k                          10,000 files in xmlconfig; process start → /readyz 200 and
//	                                 → /api/v1/workflows total = 10,000 ≤ 10 s; idle RSS ≤ 100 MB
//	instmem                          200 instances holding a `sleep` task; server RSS growth per
//	                                 instance ≤ 1 MB
//	cronfire                         `@every 1s`; Scheduled → first Started over 10 fires ≤ 50 ms
//
// The -tmpfs variants rerun a scenario with the server's home on tmpfs (no disk cost, fsync a
// no-op); they have no target and show how much of a number is the file system. With -diag
// (the default) the program also times the primitives (spawn, bbolt commit, per-attempt files)
// in its own process and traces one chain run with `perf trace` (or strace) to break a gap
// down. See bench/README.md for the method and its limits.
//
// The workflow generators, statistics, /proc and /metrics readers and the gap and throughput
// computations are shared with bench/cluster through bench/internal/benchkit.
//
// The program prints a table (median of the runs, min, max, floor, ratio, verdict) and a
// markdown block for README.md. It exits 1 when a run failed, not when a target is missed.
package main
