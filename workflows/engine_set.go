package workflows

import "slices"

// engIndexSet is a set of node indexes with O(1) add, remove and size, and iteration over the
// members only: a workflow of 10,000 nodes with three running must not be scanned to find
// them.
type engIndexSet struct {
	members []int32
	pos     []int32 // per node: position in members + 1; 0 = absent
}

func (s *engIndexSet) init(n int) { s.pos = make([]int32, n); s.members = s.members[:0] }

func (s *engIndexSet) has(i int32) bool { return s.pos[i] != 0 }

func (s *engIndexSet) len() int { return len(s.members) }

func (s *engIndexSet) add(i int32) {
	if s.pos[i] == 0 {
		s.members = append(s.members, i)
		s.pos[i] = int32(len(s.members))
	}
}

func (s *engIndexSet) remove(i int32) {
	p := s.pos[i]
	if p == 0 {
		return
	}
	last := s.members[len(s.members)-1]
	s.members[p-1] = last
	s.pos[last] = p
	s.members = s.members[:len(s.members)-1]
	s.pos[i] = 0
}

// sorted returns the members in document order: effects that touch several nodes come out in
// an order that does not depend on history, so a restored run emits exactly what an
// uninterrupted one would.
func (s *engIndexSet) sorted() []int32 {
	out := slices.Clone(s.members)
	slices.Sort(out)
	return out
}
