package membership

import (
	"encoding/json"
	"fmt"
	"slices"
)

// MetaVersion is the major version of the metadata layout. Peers with another one are
// refused: they would misread each other's roles and addresses.
const MetaVersion = 1

// MaxMetaSize is memberlist's limit on node metadata.
const MaxMetaSize = 512

// Role is what a process does in the cluster.
type Role string

const (
	RoleController Role = "controller" // master or standby: a Raft voter
	RoleWorker     Role = "worker"
	RoleHTTP       Role = "http"
)

// Meta is what a node tells the others about itself. Field names are short: the encoded
// form must fit in MaxMetaSize.
type Meta struct {
	Version int      `json:"v"`
	Cluster string   `json:"c,omitempty"` // cluster name; peers of other clusters are refused
	Role    Role     `json:"r"`
	Remote  string   `json:"ra,omitempty"` // protoactor remote host:port
	Raft    string   `json:"rf,omitempty"` // raft host:port (controllers)
	HTTP    string   `json:"h,omitempty"`  // HTTP API host:port (controllers, http nodes; workers serve logs)
	Slots   int      `json:"s,omitempty"`
	Labels  []string `json:"l,omitempty"`
	Host    string   `json:"ho,omitempty"` // host name, for akkaflow's host="…" pinning
	Boot    string   `json:"b"`            // changes at every process start
	PID     int      `json:"p,omitempty"`
	Drain   bool     `json:"d,omitempty"`
	Leaving bool     `json:"lv,omitempty"` // said before a graceful Leave: its end is "left", not "dead"
	Leader  bool     `json:"ld,omitempty"` // this controller is the Raft leader
	Term    uint64   `json:"t,omitempty"`  // its Raft term, as it last knew it
}

// Encode returns m as bytes for memberlist, or an error if it is too large.
func (m Meta) Encode() ([]byte, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if len(b) > MaxMetaSize {
		return nil, fmt.Errorf("node metadata is %d bytes, more than gossip's %d (too many labels?)", len(b), MaxMetaSize)
	}
	return b, nil
}

// DecodeMeta reads metadata written by Encode.
func DecodeMeta(b []byte) (Meta, error) {
	var m Meta
	if len(b) == 0 {
		return m, fmt.Errorf("no metadata")
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("unreadable metadata: %w", err)
	}
	return m, nil
}

// compatible says why a peer's metadata cannot be accepted by a node of cluster name, or "".
func compatible(peer Meta, cluster string) string {
	switch {
	case peer.Version != MetaVersion:
		return fmt.Sprintf("metadata version %d, this node speaks %d (mixed actorflow versions)", peer.Version, MetaVersion)
	case peer.Cluster != cluster:
		return fmt.Sprintf("cluster name %q, this node is in %q", peer.Cluster, cluster)
	}
	return ""
}

// clone returns a deep copy (labels are a slice).
func (m Meta) clone() Meta {
	m.Labels = slices.Clone(m.Labels)
	return m
}
