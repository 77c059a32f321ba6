package store

import (
	"fmt"
	"testing"

	"github.com/actorflow/actorflow/workflows"
	bolt "go.etcd.io/bbolt"
)

// bigInstance returns an instance with n action nodes between start and end.
func bigInstance(id string, n int) workflows.Instance {
	names := []string{"start"}
	for i := range n {
		names = append(names, fmt.Sprintf("action-%05d", i))
	}
	names = append(names, "end")
	return inst(id, "big", workflows.InstanceRunning, t0, names...)
}

// pagesWritten applies cmds and returns how many pages the commit wrote.
func pagesWritten(t *testing.T, s *Store, cmds ...Command) int64 {
	t.Helper()
	before := s.db.Stats()
	must(t, s, cmds...)
	after := s.db.Stats()
	return after.TxStats.GetWrite() - before.TxStats.GetWrite()
}

// Updating one node of a 10,000-node instance writes about as much as for a 10-node one:
// the header does not list the nodes and each node is its own key.
func TestUpdateOneNodeOfHugeInstanceIsCheap(t *testing.T) {
	s := openTemp(t)
	must(t, s, create(bigInstance("small", 10)))
	must(t, s, create(bigInstance("huge", 10_000)))

	update := func(id string) UpdateInstance {
		in := bigInstance(id, 0)
		in.Nodes = []workflows.NodeRun{{Name: "action-00005", Status: workflows.NodeRunning, Visit: 1}}
		return UpdateInstance{Instance: in}
	}
	small := pagesWritten(t, s, update("small"))
	huge := pagesWritten(t, s, update("huge"))
	t.Logf("pages written for a one-node update: 10 nodes %d, 10,000 nodes %d", small, huge)
	// A few more pages for the deeper node tree of the big instance, nothing proportional.
	if huge > small+4 || huge > 16 {
		t.Errorf("one-node update of a 10,000-node instance wrote %d pages (10-node instance: %d)", huge, small)
	}
	var headerSize int
	_ = s.view(func(tx *bolt.Tx) error { headerSize = len(tx.Bucket(bucketInstances).Get([]byte("huge"))); return nil })
	if headerSize > 1024 {
		t.Errorf("header of the huge instance is %d bytes; it must not grow with the node count", headerSize)
	}
	rec := get(t, s, "huge")
	if len(rec.Instance.Nodes) != 10_002 || rec.Instance.Nodes[6].Name != "action-00005" || rec.Instance.Nodes[6].Status != workflows.NodeRunning {
		t.Errorf("huge instance read back wrong: %d nodes, [6] = %+v", len(rec.Instance.Nodes), rec.Instance.Nodes[6])
	}
}
