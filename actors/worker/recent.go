package worker

// recentAckedCap bounds the memory of acknowledged attempts. It must cover every attempt
// whose RunTask could still arrive late (remote redelivers after up to ~10 s): 10k refs is
// more than a worker finishes in that time by orders of magnitude, at ~100 B each.
const recentAckedCap = 10_000

// recentSet remembers the last cap refs added, forgetting the oldest first.
type recentSet struct {
	ring []Ref
	next int // where the next ref goes once the ring is full
	m    map[Ref]struct{}
	cap  int
}

func newRecentSet(capacity int) *recentSet {
	return &recentSet{m: make(map[Ref]struct{}), cap: max(capacity, 1)}
}

func (s *recentSet) has(r Ref) bool { _, ok := s.m[r]; return ok }

func (s *recentSet) add(r Ref) {
	if s.has(r) {
		return
	}
	if len(s.ring) < s.cap {
		s.ring = append(s.ring, r)
	} else {
		delete(s.m, s.ring[s.next])
		s.ring[s.next] = r
		s.next = (s.next + 1) % s.cap
	}
	s.m[r] = struct{}{}
}
