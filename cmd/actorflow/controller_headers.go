package main

import (
	"net/http"
	"strconv"
	"time"
)

// replicaHeaders says on every answer how fresh the controller's reads are. The master's
// are current (X-Actorflow-Role: master). A standby answers from its replica of the FSM:
// X-Actorflow-Role: standby, X-Actorflow-Leader names the master's Raft address,
// X-Actorflow-Applied-Index is how far its replica has applied the log, and
// X-Actorflow-Last-Contact how long ago it last heard from the leader (raft's own figure,
// e.g. "35ms", or "never"): its reads are at most that much behind, plus replication lag.
func (n *controllerNode) replicaHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		if n.group.IsLeader() {
			hd.Set("X-Actorflow-Role", "master")
		} else {
			hd.Set("X-Actorflow-Role", "standby")
			if addr, _ := n.group.Leader(); addr != "" {
				hd.Set("X-Actorflow-Leader", addr)
			}
			hd.Set("X-Actorflow-Applied-Index", strconv.FormatUint(n.group.AppliedIndex(), 10))
			lc := "never"
			if at := n.group.LastContact(); !at.IsZero() {
				lc = time.Since(at).Round(time.Millisecond).String()
			}
			hd.Set("X-Actorflow-Last-Contact", lc)
		}
		h.ServeHTTP(w, r)
	})
}
