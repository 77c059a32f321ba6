// Package membership joins a process to the actorflow gossip cluster (hashicorp/memberlist)
// and keeps a view of who is in it: every node's name, address, state and metadata (role,
// remote/raft/http addresses, slots, labels, boot id, drain and leader flags).
//
// memberlist decides who is alive; it does not decide who is master (Raft does).
//
// Invariants:
//   - memberlist's callbacks never block and never call back into memberlist: they copy the
//     node into an Event and hand it to Config.OnEvent, which must not block either (the
//     usual consumer is an actor's Send).
//   - Metadata is versioned (Meta.Version) and at most memberlist.MetaMaxSize (512) bytes.
//     A peer whose metadata has another major version, or belongs to another cluster name,
//     is refused (AliveDelegate) with a log line saying why; it never enters the view.
//   - With a gossip key every packet is encrypted and verified: a stranger without the key,
//     or with another one, cannot join. Its packets are dropped and logged with a hint
//     about --gossip-key.
//   - The view holds a node from its first alive message until it is dead or has left; a
//     dead or left node stays listed (with that state) until it comes back or Forget.
//   - The package imports no actor code (ARCHITECTURE §5: cluster never imports actors).
package membership
