package master

import (
	"container/heap"
	"slices"
)

// Coordinator indexes. With 10,000 definitions, anything that walks every coordinator per
// event makes loading quadratic, so each event reaches only the coordinators it affects:
//
//   - wakeHeap orders the coordinators that asked for a wake-up by that time, so the one
//     timer is armed from the top and a firing timer pops only the due ones;
//   - downstream maps an upstream workflow to the coordinators that depend on it, so a success
//     re-evaluates exactly those;
//   - standalone maps a workflow to the standalone coordinators that target it (trigger params).
//
// setCoord is the only way coordinators enter or leave m.coords, so the indexes cannot drift.

// coordIndex is the master's set of coordinator indexes.
type coordIndex struct {
	wakes      wakeHeap
	downstream map[string][]string // upstream workflow → dependent coordinator names
	standalone map[string][]string // target workflow → standalone coordinator names, sorted
}

func newCoordIndex() coordIndex {
	return coordIndex{downstream: map[string][]string{}, standalone: map[string][]string{}}
}

// setCoord makes c the coordinator called name (nil: there is none any more) and keeps the
// indexes in step. A coordinator joins the wake heap with whatever wake-up it already has.
func (m *master) setCoord(name string, c *coordinator) {
	if old := m.coords[name]; old != nil {
		m.unindex(old)
		delete(m.coords, name)
	}
	if c == nil {
		return
	}
	m.coords[name] = c
	for _, up := range c.upstreams() {
		m.idx.downstream[up] = append(m.idx.downstream[up], name)
	}
	if c.standalone {
		for _, t := range c.targets {
			list := m.idx.standalone[t]
			if i, found := slices.BinarySearch(list, name); !found {
				m.idx.standalone[t] = slices.Insert(list, i, name)
			}
		}
	}
	m.idx.wakes.set(c)
}

func (m *master) unindex(c *coordinator) {
	for _, up := range c.upstreams() {
		m.idx.downstream[up] = dropName(m.idx.downstream[up], c.name)
		if len(m.idx.downstream[up]) == 0 {
			delete(m.idx.downstream, up)
		}
	}
	if c.standalone {
		for _, t := range c.targets {
			m.idx.standalone[t] = dropName(m.idx.standalone[t], c.name)
			if len(m.idx.standalone[t]) == 0 {
				delete(m.idx.standalone, t)
			}
		}
	}
	m.idx.wakes.drop(c)
}

func dropName(list []string, name string) []string {
	return slices.DeleteFunc(list, func(s string) bool { return s == name })
}

// dependentsOf returns the coordinators that wait for workflow wf, in name order.
func (m *master) dependentsOf(wf string) []*coordinator {
	names := slices.Clone(m.idx.downstream[wf])
	slices.Sort(names)
	out := make([]*coordinator, 0, len(names))
	for _, n := range slices.Compact(names) { // a coordinator may list an upstream twice
		if c := m.coords[n]; c != nil {
			out = append(out, c)
		}
	}
	return out
}

// wakeHeap is a min-heap of coordinators by (wake, name); a coordinator is in it while its
// wake is set (heapIdx ≥ 0). The name breaks ties so that equal wakes pop in a fixed order.
type wakeHeap []*coordinator

// set puts c where its current wake belongs (or takes it out when it has none): O(log n).
func (h *wakeHeap) set(c *coordinator) {
	switch {
	case c.wake.IsZero():
		h.drop(c)
	case c.heapIdx >= 0:
		heap.Fix(h, c.heapIdx)
	default:
		heap.Push(h, c)
	}
}

func (h *wakeHeap) drop(c *coordinator) {
	if c.heapIdx >= 0 {
		heap.Remove(h, c.heapIdx)
	}
}

// next is the earliest wake-up asked for (zero: none).
func (h wakeHeap) next() *coordinator {
	if len(h) == 0 {
		return nil
	}
	return h[0]
}

func (h wakeHeap) Len() int { return len(h) }

func (h wakeHeap) Less(i, j int) bool {
	if c := h[i].wake.Compare(h[j].wake); c != 0 {
		return c < 0
	}
	return h[i].name < h[j].name
}

func (h wakeHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIdx, h[j].heapIdx = i, j
}

func (h *wakeHeap) Push(x any) {
	c := x.(*coordinator)
	c.heapIdx = len(*h)
	*h = append(*h, c)
}

func (h *wakeHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	c.heapIdx = -1
	return c
}
