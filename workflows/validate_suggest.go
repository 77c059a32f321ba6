package workflows

import "strings"

// vldSuggester finds the existing node name closest to a misspelt one, for "did you mean".
// Names are compared as runes, case-insensitively, because node names may be any text
// (Chinese names are common in akkaflow files). It prepares its tables on first use: valid
// workflows never pay for them.
type vldSuggester struct {
	nodes []*Node
	names []string // original spelling, document order
	lower [][]rune
	memo  map[string]string // a misspelling repeated across nodes is searched once
}

func newVldSuggester(nodes []*Node) *vldSuggester { return &vldSuggester{nodes: nodes} }

func (s *vldSuggester) prepare() {
	s.memo = map[string]string{}
	seen := make(map[string]bool, len(s.nodes))
	for _, n := range s.nodes {
		if n.Name == "" || seen[n.Name] {
			continue
		}
		seen[n.Name] = true
		s.names = append(s.names, n.Name)
		s.lower = append(s.lower, []rune(strings.ToLower(n.Name)))
	}
}

// closest returns the nearest name within a small edit distance (about a third of the
// name's length, at most 3), or "" when nothing is close enough to be a plausible typo.
func (s *vldSuggester) closest(target string) string {
	if s.memo == nil {
		s.prepare()
	}
	if got, ok := s.memo[target]; ok {
		return got
	}
	t := []rune(strings.ToLower(target))
	limit := min(max(1, len(t)/3), 3)
	best, bestD := "", limit+1
	for i, cand := range s.lower {
		if d := vldEditDistance(t, cand, bestD-1); d < bestD {
			best, bestD = s.names[i], d
			if d == 0 {
				break // differs only in case: nothing can be closer
			}
		}
	}
	s.memo[target] = best
	return best
}

// vldEditDistance is the Levenshtein distance of a and b, or limit+1 as soon as it is known to
// exceed limit (so scanning thousands of names stays cheap).
func vldEditDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
