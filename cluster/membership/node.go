package membership

import (
	"errors"
	"fmt"
	"log"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/memberlist"
)

// Node is this process's membership: its memberlist and the view built from its events.
type Node struct {
	cfg Config
	log *slog.Logger
	ml  *memberlist.Memberlist

	mu      sync.Mutex
	meta    Meta
	members map[string]Member
	refused map[string]string // peer name → why, logged once per reason
	stop    chan struct{}     // closed by Leave or Shutdown: ends the reconnect loop
	once    sync.Once
}

// Start creates the memberlist and listens. It does not join anyone: call Join.
func Start(cfg Config) (*Node, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Meta.Version = MetaVersion
	if _, err := cfg.Meta.Encode(); err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, log: cfg.Logger, meta: cfg.Meta.clone(),
		members: map[string]Member{}, refused: map[string]string{}}
	mc := cfg.memberlistConfig()
	d := &delegate{n: n}
	mc.Delegate, mc.Events, mc.Alive = d, d, d
	mc.Logger = log.New(&logBridge{log: n.log}, "", 0)
	tr, err := newBoundTransport(mc.BindAddr, mc.BindPort, mc.Logger)
	if err != nil {
		return nil, fmt.Errorf("gossip on %s:%d: %w", mc.BindAddr, mc.BindPort, err)
	}
	mc.Transport = tr
	ml, err := memberlist.Create(mc)
	if err != nil {
		tr.Shutdown()
		return nil, fmt.Errorf("gossip on %s:%d: %w", mc.BindAddr, mc.BindPort, err)
	}
	n.ml = ml
	n.stop = make(chan struct{})
	go n.reconnectLoop(reconnectEvery)
	return n, nil
}

// reconnectEvery is how often dead members are tried again.
const reconnectEvery = 2 * time.Second

// reconnectLoop tries the members it holds dead again and again. memberlist gives up on a
// dead node after GossipToTheDeadTime; after a partition longer than that both sides would
// stay dead to each other for good. A push-pull with a node that answers merges the two
// views, and each side refutes its own death (serf's reconnect, which memberlist lacks).
func (n *Node) reconnectLoop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-n.stop:
			return
		case <-t.C:
		}
		var addrs []string
		n.mu.Lock()
		for _, m := range n.members {
			if m.State == StateDead {
				addrs = append(addrs, m.Addr)
			}
		}
		n.mu.Unlock()
		for _, a := range addrs {
			select {
			case <-n.stop:
				return
			default:
			}
			if _, err := n.ml.Join([]string{a}); err == nil {
				n.log.Info("gossip: reached a member held dead again", "addr", a)
			}
		}
	}
}

// Addr is the gossip address others join.
func (n *Node) Addr() string {
	ln := n.ml.LocalNode()
	return hostPort(ln.Addr, ln.Port)
}

// Name is this node's name.
func (n *Node) Name() string { return n.cfg.Name }

// Join contacts the seeds (host:port) and returns how many answered. One is enough.
func (n *Node) Join(seeds []string) (int, error) {
	var others []string
	for _, s := range seeds {
		if s != "" && s != n.Addr() {
			others = append(others, s)
		}
	}
	if len(others) == 0 {
		return 0, nil
	}
	k, err := n.ml.Join(others)
	if k > 0 {
		return k, nil // some seeds may be down: one answer joins the cluster
	}
	if err == nil {
		err = errors.New("no seed answered")
	}
	return 0, fmt.Errorf("join %s: %w", strings.Join(others, ","), err)
}

// Meta returns this node's current metadata.
func (n *Node) Meta() Meta {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.meta.clone()
}

// UpdateMeta changes this node's metadata and gossips it. It must not be called from an
// OnEvent callback (memberlist holds its locks there).
func (n *Node) UpdateMeta(change func(*Meta)) error {
	n.mu.Lock()
	next := n.meta.clone()
	change(&next)
	next.Version = MetaVersion
	if _, err := next.Encode(); err != nil {
		n.mu.Unlock()
		return err
	}
	n.meta = next
	n.mu.Unlock()
	return n.ml.UpdateNode(2 * time.Second)
}

// Members returns a copy of the view, sorted by name.
func (n *Node) Members() []Member {
	n.mu.Lock()
	out := make([]Member, 0, len(n.members))
	for _, m := range n.members {
		m.Meta = m.Meta.clone()
		out = append(out, m)
	}
	n.mu.Unlock()
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Forget drops a dead or left member from the view.
func (n *Node) Forget(name string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if m, ok := n.members[name]; ok && m.State != StateAlive {
		delete(n.members, name)
	}
}

// Leave tells the others this node is going (they see it "left", not "dead"), then stops.
func (n *Node) Leave(timeout time.Duration) error {
	n.halt()
	err := n.UpdateMeta(func(m *Meta) { m.Leaving = true })
	if lerr := n.ml.Leave(timeout); err == nil {
		err = lerr
	}
	if serr := n.ml.Shutdown(); err == nil {
		err = serr
	}
	return err
}

// Shutdown stops gossiping without a goodbye: the others will find this node dead.
func (n *Node) Shutdown() error {
	n.halt()
	return n.ml.Shutdown()
}

func (n *Node) halt() { n.once.Do(func() { close(n.stop) }) }

// record applies a memberlist callback to the view and forwards the event.
func (n *Node) record(kind EventKind, node *memberlist.Node) {
	meta, err := DecodeMeta(node.Meta)
	if err != nil && kind != EventDead && kind != EventLeft {
		n.log.Warn("gossip: ignoring a node with unreadable metadata", "node", node.Name, "err", err)
		return
	}
	m := Member{Name: node.Name, Addr: hostPort(node.Addr, node.Port), Meta: meta, State: StateAlive,
		Since: time.Now()}
	n.mu.Lock()
	old, had := n.members[node.Name]
	switch kind {
	case EventDead:
		m.State = StateDead
	case EventLeft:
		m.State = StateLeft
	}
	if err != nil && had {
		m.Meta = old.Meta // a leave message may come without metadata
	}
	if kind == EventDead && m.Meta.Leaving {
		kind, m.State = EventLeft, StateLeft
	}
	if had && old.State == m.State {
		m.Since = old.Since
	}
	n.members[node.Name] = m
	n.mu.Unlock()
	if n.cfg.OnEvent != nil {
		n.cfg.OnEvent(Event{Kind: kind, Member: m})
	}
}

// refuse logs, once per peer and reason, why a peer is kept out.
func (n *Node) refuse(peer, why string) {
	n.mu.Lock()
	seen := n.refused[peer] == why
	n.refused[peer] = why
	n.mu.Unlock()
	if !seen {
		n.log.Error("gossip: refusing a node", "node", peer, "reason", why)
	}
}
