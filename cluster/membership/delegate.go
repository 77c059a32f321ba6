package membership

import (
	"errors"

	"github.com/hashicorp/memberlist"
)

// delegate adapts memberlist's callbacks. Every method returns quickly: it copies, takes the
// node's mutex briefly and hands events to OnEvent (which must not block).
type delegate struct{ n *Node }

func (d *delegate) NodeMeta(limit int) []byte {
	d.n.mu.Lock()
	defer d.n.mu.Unlock()
	b, err := d.n.meta.Encode()
	if err != nil || len(b) > limit {
		return nil // UpdateMeta checked the size; never reached
	}
	return b
}

func (d *delegate) NotifyMsg([]byte)                           {}
func (d *delegate) GetBroadcasts(overhead, limit int) [][]byte { return nil }
func (d *delegate) LocalState(join bool) []byte                { return nil }
func (d *delegate) MergeRemoteState(buf []byte, join bool)     {}

func (d *delegate) NotifyJoin(node *memberlist.Node)   { d.n.record(EventJoin, node) }
func (d *delegate) NotifyUpdate(node *memberlist.Node) { d.n.record(EventUpdate, node) }

// NotifyLeave cannot tell a goodbye from a failure: memberlist (v0.7.0) passes the node
// before updating its State. record tells them apart by the Leaving flag a node gossips
// before it leaves.
func (d *delegate) NotifyLeave(node *memberlist.Node) { d.n.record(EventDead, node) }

// NotifyAlive keeps out peers that would misread this cluster's metadata.
func (d *delegate) NotifyAlive(peer *memberlist.Node) error {
	meta, err := DecodeMeta(peer.Meta)
	if err != nil {
		d.n.refuse(peer.Name, err.Error())
		return err
	}
	if why := compatible(meta, d.n.cfg.Meta.Cluster); why != "" {
		d.n.refuse(peer.Name, why)
		return errors.New(why)
	}
	return nil
}
