package membership

import (
	"net"
	"strconv"
	"time"
)

// State is a node's life as this node sees it.
type State string

const (
	StateAlive State = "alive"
	StateDead  State = "dead" // failed: stopped answering probes
	StateLeft  State = "left" // said goodbye (graceful stop)
)

// Member is one node of the view. It is a copy: holding it never races with gossip.
type Member struct {
	Name  string
	Addr  string // gossip host:port
	Meta  Meta
	State State
	Since time.Time // when State last changed, on this node's clock
}

// EventKind says what happened to a member.
type EventKind string

const (
	EventJoin   EventKind = "join"
	EventUpdate EventKind = "update" // its metadata changed
	EventDead   EventKind = "dead"
	EventLeft   EventKind = "left"
)

// Event is one change of the view, with the member as it is after the change.
type Event struct {
	Kind   EventKind
	Member Member
}

func hostPort(ip net.IP, port uint16) string {
	return net.JoinHostPort(ip.String(), strconv.Itoa(int(port)))
}
