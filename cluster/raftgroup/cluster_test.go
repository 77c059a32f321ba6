package raftgroup

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// Three voters on loopback: bootstrap one, add two, kill the leader, elect a
// new one, keep applying, bring the old node back and watch it catch up.
func TestThreeVotersFailoverAndRejoin(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-node test")
	}
	base := t.TempDir()
	dirs := []string{filepath.Join(base, "n1"), filepath.Join(base, "n2"), filepath.Join(base, "n3")}
	n1 := openNode(t, "n1", dirs[0], "127.0.0.1:0", true)
	waitLeader(t, n1.LeaderCh(), 5*time.Second)
	n2 := openNode(t, "n2", dirs[1], "127.0.0.1:0", false)
	n3 := openNode(t, "n3", dirs[2], "127.0.0.1:0", false)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	all := []*node{n1, n2, n3}
	for _, nd := range []*node{n2, n3} {
		onLeader(t, all, func(l *node) error { return l.AddVoter(ctx, nd.ID(), nd.Addr()) })
	}
	if ids := memberIDs(t, currentLeader(t, all)); !slices.Equal(ids, []string{"n1", "n2", "n3"}) {
		t.Fatalf("members = %v, want n1 n2 n3", ids)
	}

	applyOnLeader(t, all, 0, 20, 20*time.Second)
	for _, nd := range all {
		waitKeys(t, nd, 20, 10*time.Second)
	}

	// A follower refuses commands and points at the leader. (Checked for
	// consistency rather than against currentLeader: on a loaded machine
	// leadership can move between the two calls.)
	leader := currentLeader(t, all)
	follower := n2
	if leader == n2 {
		follower = n3
	}
	_, err := follower.Apply(ctx, []byte("x=1"))
	var nle *NotLeaderError
	if !errors.As(err, &nle) {
		t.Fatalf("Apply on follower = %v, want *NotLeaderError", err)
	}
	checkLeaderHint(t, all, follower, nle.LeaderID, nle.LeaderAddr)

	// Kill the leader. Subscribe first so no transition is missed.
	var rest []*node
	var chs []<-chan bool
	for _, nd := range all {
		if nd != leader {
			rest = append(rest, nd)
			chs = append(chs, nd.LeaderCh())
		}
	}
	oldTerm := leader.Term()
	oldID, oldAddr, oldDir := leader.ID(), leader.Addr(), leader.cfg.Dir
	if err := leader.Shutdown(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	wctx, wcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer wcancel()
	leader = rest[waitAnyLeader(t, wctx, chs)]
	t.Logf("failover: %s leader %s after %s stopped (term %d -> %d)",
		leader.ID(), time.Since(killed), oldID, oldTerm, leader.Term())
	if leader.Term() <= oldTerm {
		t.Fatalf("new leader's term %d not above %d", leader.Term(), oldTerm)
	}

	// Applies continue with two of three voters.
	applyOnLeader(t, rest, 20, 20, 20*time.Second)
	for _, nd := range rest {
		waitKeys(t, nd, 40, 10*time.Second)
	}

	// The old node comes back on its old address (the configuration stores
	// it) and catches up from the log.
	back := openNode(t, oldID, oldDir, oldAddr, false)
	waitKeys(t, back, 40, 15*time.Second)
	addr, id := back.Leader()
	checkLeaderHint(t, rest, back, id, addr)
	if back.IsLeader() {
		t.Fatal("rejoined node claims leadership")
	}
	leader = currentLeader(t, rest)
	_, got, _, _ := back.fsm.state()
	_, want, _, _ := leader.fsm.state()
	if !mapsEqual(got, want) {
		t.Fatalf("rejoined node state differs from the leader's:\n got %v\nwant %v", got, want)
	}

	// Membership can shrink again: remove the survivor that is not leading.
	// A removed node shuts itself down.
	removed, other := rest[0], rest[1]
	if removed == leader {
		removed, other = other, removed
	}
	kept := []*node{other, back}
	onLeader(t, append(kept, removed), func(l *node) error { return l.RemoveServer(ctx, removed.ID()) })
	leader = currentLeader(t, kept)
	wantIDs := []string{kept[0].ID(), kept[1].ID()}
	slices.Sort(wantIDs)
	if ids := memberIDs(t, leader); !slices.Equal(ids, wantIDs) {
		t.Fatalf("after RemoveServer members = %v, want %v", ids, wantIDs)
	}
	applyOnLeader(t, kept, 40, 5, 20*time.Second)
	for _, nd := range kept {
		waitKeys(t, nd, 45, 10*time.Second)
	}
}

// checkLeaderHint asserts that a leader hint (from an error or Leader())
// names another node of the group by matching id and address.
func checkLeaderHint(t *testing.T, nodes []*node, self *node, id, addr string) {
	t.Helper()
	for _, nd := range nodes {
		if nd.ID() == id && nd != self {
			if addr != nd.Addr() {
				t.Fatalf("%s: leader hint %s at %s, but %s listens on %s", self.ID(), id, addr, id, nd.Addr())
			}
			return
		}
	}
	t.Fatalf("%s: leader hint %q at %q names no other node", self.ID(), id, addr)
}

// onLeader runs a leader-only operation, retrying on the new leader if
// leadership moves (see applyOnLeader).
func onLeader(t *testing.T, nodes []*node, op func(*node) error) {
	t.Helper()
	for attempt := 0; ; attempt++ {
		l := currentLeader(t, nodes)
		err := op(l)
		if err == nil {
			return
		}
		if attempt == 5 || !(errors.Is(err, ErrNotLeader) || errors.Is(err, ErrLeadershipLost)) {
			t.Fatalf("on leader %s: %v", l.ID(), err)
		}
		t.Logf("on leader %s: %v; retrying", l.ID(), err)
	}
}

// currentLeader returns the one node that is leader now, waiting for an
// election if there is none.
func currentLeader(t *testing.T, nodes []*node) *node {
	t.Helper()
	for _, nd := range nodes {
		if nd.IsLeader() {
			return nd
		}
	}
	chs := make([]<-chan bool, len(nodes))
	for i, nd := range nodes {
		chs[i] = nd.LeaderCh()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return nodes[waitAnyLeader(t, ctx, chs)]
}

func memberIDs(t *testing.T, nd *node) []string {
	t.Helper()
	srv, err := nd.Servers()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range srv {
		if !s.Voter {
			t.Fatalf("%s is not a voter", s.ID)
		}
		ids = append(ids, s.ID)
	}
	slices.Sort(ids)
	return ids
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}
