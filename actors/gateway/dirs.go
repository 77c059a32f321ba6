package gateway

import (
	"context"
	"sort"
	"strings"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// WorkflowDirs counts definitions per directory from the cached snapshot, each directory
// counting everything beneath it, sorted by path; definitions without a directory count in
// the root "" only. One pass over cached rows: no store read when the snapshot is fresh.
func (g *Gateway) WorkflowDirs(ctx context.Context) (apiv1.List[apiv1.Dir], error) {
	s, err := g.catalog.current(ctx)
	if err != nil {
		return apiv1.List[apiv1.Dir]{}, err
	}
	counts := map[string]int{"": len(s.list)}
	for _, e := range s.list {
		for d := e.dir; d != ""; {
			counts[d]++
			i := strings.LastIndexByte(d, '/')
			if i < 0 {
				break
			}
			d = d[:i]
		}
	}
	out := make([]apiv1.Dir, 0, len(counts))
	for d, n := range counts {
		out = append(out, apiv1.Dir{Path: d, Workflows: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return apiv1.List[apiv1.Dir]{Items: out, Total: len(out)}, nil
}
