// Package ports finds free loopback ports for tests that start servers on fixed ports.
//
// Invariants:
//   - A port (or run of ports) is handed out at most once per process, and only when it was
//     free for both TCP and UDP (gossip uses both) a moment before.
//   - Runs lie below the ephemeral range (20000–29999), where the servers' own port-0
//     listeners do not land.
//   - Standard library only.
package ports
