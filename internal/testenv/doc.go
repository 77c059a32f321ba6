// Package testenv gives tests real servers: a fresh PostgreSQL or MariaDB database, an SMTP sink
// whose Maildir can be read back, an sshd account, and the Chromium binary.
//
// The servers are started outside the tests, by sbin/test or by
// `source sbin/lib/testservers.sh && testservers_start`, which export the ACTORFLOW_TEST_*
// variables read here. Invariants:
//   - A variable that is not set means "no such server here": the test is skipped with a message
//     saying how to start the servers, except under ACTORFLOW_TEST_SERVERS=required (set by
//     sbin/test in CI), where it fails instead, so CI can never pass by skipping.
//   - A server that is configured but does not answer always fails the test, naming the address
//     and the error: a broken environment must not look like a skipped test.
//   - Postgres and MariaDB create a new database for every call, named after t.Name() plus a
//     random suffix, and drop it in t.Cleanup, so tests never see each other's tables and may
//     run in parallel. The shared "actorflow" database is only used to create and drop them.
//   - The SMTP sink and its Maildir are shared by every test and every process: a test finds its
//     own mail with WaitFor and a match on something unique to it (a subject, a recipient).
//
// The package only reads the environment and talks to the servers; it never starts or stops one.
package testenv
