package store

// ApplyDirect encodes cmds as one entry and applies it at the index after the applied one,
// bypassing raft. It is for tests and tools only (seeding a store, offline repair): in a
// running controller every change must go through the raft log, or the replicas diverge.
// Concurrent ApplyDirect calls on one store are not supported.
func ApplyDirect(s *Store, cmds ...Command) error {
	entry, err := Encode(cmds...)
	if err != nil {
		return err
	}
	return s.Apply(s.AppliedIndex()+1, entry)
}
