package membership

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/internal/ports"
	"github.com/actorflow/actorflow/internal/wait"
)

// recorder collects events, for waiting on them.
type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) add(e Event) { r.mu.Lock(); r.events = append(r.events, e); r.mu.Unlock() }

func (r *recorder) has(kind EventKind, name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.events {
		if e.Kind == kind && e.Member.Name == name {
			return true
		}
	}
	return false
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	wait.For(t, 15*time.Second, cond, "timed out waiting for %s", what)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func start(t *testing.T, name string, role Role, key []byte, rec *recorder, logs *syncBuffer) *Node {
	t.Helper()
	cfg := Config{Name: name, BindAddr: "127.0.0.1", Key: key,
		Meta: Meta{Cluster: "test", Role: role, Boot: name + "-boot", Slots: 2, Labels: []string{"zone=a"}}}
	if rec != nil {
		cfg.OnEvent = rec.add
	}
	if logs != nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	} else {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	n, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Shutdown() })
	return n
}

func member(n *Node, name string) (Member, bool) {
	for _, m := range n.Members() {
		if m.Name == name {
			return m, true
		}
	}
	return Member{}, false
}

func TestJoinMetaDeadAndLeft(t *testing.T) {
	rec := &recorder{}
	a := start(t, "a", RoleController, nil, rec, nil)
	b := start(t, "b", RoleWorker, nil, nil, nil)
	c := start(t, "c", RoleWorker, nil, nil, nil)
	for _, n := range []*Node{b, c} {
		if _, err := n.Join([]string{a.Addr()}); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "a sees b and c", func() bool { return rec.has(EventJoin, "b") && rec.has(EventJoin, "c") })
	m, _ := member(a, "b")
	if m.Meta.Role != RoleWorker || m.Meta.Slots != 2 || m.Meta.Labels[0] != "zone=a" || m.State != StateAlive {
		t.Fatalf("b as seen by a: %+v", m)
	}

	if err := b.UpdateMeta(func(m *Meta) { m.Drain = true }); err != nil {
		t.Fatal(err)
	}
	eventually(t, "b's drain flag reaches a", func() bool { m, _ := member(a, "b"); return m.Meta.Drain })

	c.Shutdown() // like SIGKILL: no goodbye
	eventually(t, "c is dead", func() bool { return rec.has(EventDead, "c") })
	if m, _ := member(a, "c"); m.State != StateDead {
		t.Fatalf("c: %+v", m)
	}
	if err := b.Leave(time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "b left", func() bool { return rec.has(EventLeft, "b") || rec.has(EventDead, "b") })
	if !rec.has(EventLeft, "b") {
		t.Fatalf("b was declared dead, not left: %+v", rec.events)
	}
	if m, _ := member(a, "b"); m.State != StateLeft || !m.Meta.Drain {
		t.Fatalf("b: %+v", m)
	}
	a.Forget("c")
	if _, ok := member(a, "c"); ok {
		t.Fatal("c still listed after Forget")
	}
}

func TestWrongGossipKeyIsRefused(t *testing.T) {
	logs := &syncBuffer{}
	rec := &recorder{}
	a := start(t, "a", RoleController, bytes.Repeat([]byte{1}, 32), rec, logs)
	stranger := start(t, "stranger", RoleWorker, bytes.Repeat([]byte{2}, 32), nil, nil)
	if _, err := stranger.Join([]string{a.Addr()}); err == nil {
		t.Fatal("a node with another key joined")
	}
	eventually(t, "the refusal is logged", func() bool {
		return bytes.Contains([]byte(logs.String()), []byte("gossip-key"))
	})
	if _, ok := member(a, "stranger"); ok || rec.has(EventJoin, "stranger") {
		t.Fatal("the stranger entered the view")
	}
	friend := start(t, "friend", RoleWorker, bytes.Repeat([]byte{1}, 32), nil, nil)
	if _, err := friend.Join([]string{a.Addr()}); err != nil {
		t.Fatalf("a node with the right key: %v", err)
	}
	eventually(t, "the friend joins", func() bool { return rec.has(EventJoin, "friend") })
}

func TestOtherClusterIsRefused(t *testing.T) {
	logs := &syncBuffer{}
	rec := &recorder{}
	a := start(t, "a", RoleController, nil, rec, logs)
	n, err := Start(Config{Name: "other", BindAddr: "127.0.0.1", Logger: slog.New(slog.DiscardHandler),
		Meta: Meta{Cluster: "elsewhere", Role: RoleWorker, Boot: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Shutdown()
	n.Join([]string{a.Addr()})
	eventually(t, "the refusal is logged", func() bool {
		return bytes.Contains([]byte(logs.String()), []byte(`cluster name \"elsewhere\"`))
	})
	if rec.has(EventJoin, "other") {
		t.Fatal("a node of another cluster entered the view")
	}
}

func TestMetaTooLarge(t *testing.T) {
	labels := make([]string, 100)
	for i := range labels {
		labels[i] = "label-number-x"
	}
	if _, err := Start(Config{Name: "big", Meta: Meta{Labels: labels}}); err == nil {
		t.Fatal("metadata over 512 bytes was accepted")
	}
}

// A member held dead is tried again: after a partition (here: the process came back on the
// same address without joining anyone) the two sides find each other without a rejoin.
func TestDeadMemberIsReconnected(t *testing.T) {
	rec := &recorder{}
	a := start(t, "a", RoleController, nil, rec, nil)
	port := ports.Run(t, 1)
	mk := func(boot string) *Node {
		n, err := Start(Config{Name: "b", BindAddr: "127.0.0.1", BindPort: port, Logger: slog.New(slog.DiscardHandler),
			Meta: Meta{Cluster: "test", Role: RoleWorker, Boot: boot}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { n.Shutdown() })
		return n
	}
	b := mk("b1")
	if _, err := b.Join([]string{a.Addr()}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "b joins", func() bool { return rec.has(EventJoin, "b") })
	b.Shutdown()
	eventually(t, "b is dead", func() bool { return rec.has(EventDead, "b") })
	mk("b2") // no Join: only a's reconnect loop can bring them together
	eventually(t, "a reaches b again", func() bool {
		m, ok := member(a, "b")
		return ok && m.State == StateAlive && m.Meta.Boot == "b2"
	})
}
