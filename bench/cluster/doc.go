// Command cluster measures a multi-process actorflow cluster end to end, the way
// bench/standalone measures `actorflow standalone`: it builds ./cmd/actorflow into a
// temporary directory and, for every run of every scenario, starts a fresh cluster of real
// processes on loopback. Each node binds its own 127.a.b.x address (a in 10–99, apart from
// internal/e2e's 100–249) with gossip on port 7946, as separate hosts would; --join lists the
// three controllers. Tasks get $ACTORFLOW_SHARED, a directory every task may write to.
//
//	go run ./bench/cluster                       # every scenario, 3 runs each
//	go run ./bench/cluster -only failover -kills 30
//	go run ./bench/cluster -only chain100,fanout1000 -runs 5
//	go run ./bench/cluster -scale 1,2,4,8 -scale-slots 16
//
// Scenarios (the default shape is sbin/start-cluster's local cluster: controllers c1–c3,
// workers w1–w2 with -slots 8 each, http node h1):
//
//	failover    default shape, workflow `ping` (one script action appending
//	            "<instance> $(date +%s%N)" to $ACTORFLOW_SHARED/starts). A client submits runs
//	            through h1 every 50 ms, retrying every 20 ms while that fails. -kills times: pause
//	            the client and wait until every accepted run has started (so nothing the old
//	            master dispatched is in flight), SIGKILL the master (the controller whose
//	            /readyz answers 200), resume the client, and measure kill → the first task start
//	            written to the file (the task's own clock), and kill → the first /readyz 200 of
//	            another controller (polled every 20 ms). Then restart the killed controller on
//	            its data and wait for a healthy cluster. Target (ARCHITECTURE.md §3): a new
//	            master is active ≤ 2 s after the kill. Reported: p50 and max over the kills, and
//	            new master ready → first task start (h1's gossip view of the master, the
//	            client's retry, the commit, the spawn); each run notes the kills over 2 s.
//	chain100-standalone, fanout1000-standalone-s16
//	            the reference: one `actorflow standalone` process (--slots 8 and 16, as
//	            bench/standalone) running the same chain and fan-out in the same rounds, so the
//	            "now" columns compare cluster and standalone under the same load; README.md's
//	            standalone figures (chain gap p50 2.0 ms, fan-out 860 tasks/s) are shown too.
//	chain100    default shape; 100 sequential `true` script actions triggered through h1;
//	            gap = attempt n+1 Started − attempt n Ended (benchkit.Chain, as standalone),
//	            p50 target ≤ 5 ms. Floor: spawn 0.9 + fsync commit 0.5 + 2 round trips 0.3
//	            (result and next dispatch between worker and master; replication to a standby).
//	fanout1000  default shape; fork of 1,000 `true` script actions → join;
//	            1000 / (last Ended − first Started) (benchkit.Fanout), target ≥ 500 tasks/s.
//	scale-wN    the fan-out on 3 controllers, N workers × -scale-slots (16), h1, for each N of
//	            -scale (1,2,4): does throughput grow with workers, and which process is the
//	            bottleneck.
//
// For the throughput scenarios the program samples utime+stime (and cutime+cstime, the task
// processes a worker reaped) of every node from /proc/<pid>/stat just before the measured
// trigger and after the instance ended, and reports CPU-seconds per process (leader, the
// standbys, h1, the workers, their tasks), the leader's share of one core, our processes'
// busy share of the machine and, from /proc/stat, the machine's busy share with every other
// tenant included; each run's note names every process and the busiest one.
//
// Every figure is compared with README.md's standalone figures (chain gap p50 2.0 ms,
// fan-out 860 tasks/s) and with the floors of ARCHITECTURE.md §9. Times come from the server
// (attempt Started/Ended, taken by the worker) except the failover ones, which compare the
// bench's clock at the kill with the task's `date` and with the client's /readyz polls (one
// host, one clock). The program prints a table (median of the runs, min, max) and a markdown
// block; it exits 1 when a run failed, not when a target is missed. See bench/README.md.
package main
