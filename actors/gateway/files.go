package gateway

import (
	"context"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows/store"
)

// filePager is the store's paged read of the file records; *store.Store has it. A Reader
// without it (a test double) is served by reading every record and slicing.
type filePager interface {
	FilesPage(q store.FileQuery) ([]store.FileRecord, int, error)
}

// ListXMLFiles lists the scanned xmlconfig files with their load status, by path: the page q
// selects (Limit 0: every file from Offset on) and the number of files matching q.Status.
func (g *Gateway) ListXMLFiles(ctx context.Context, q httpapi.XMLFileQuery) (apiv1.List[apiv1.XMLFile], error) {
	if err := ctx.Err(); err != nil {
		return apiv1.List[apiv1.XMLFile]{}, mapErr(err, "list the xmlconfig files")
	}
	sq := store.FileQuery{Status: store.FileStatus(q.Status), Limit: q.Limit, Offset: q.Offset}
	recs, total, err := g.filesPage(sq)
	if err != nil {
		return apiv1.List[apiv1.XMLFile]{}, mapErr(err, "list the xmlconfig files")
	}
	items := make([]apiv1.XMLFile, len(recs))
	for i, f := range recs {
		items[i] = apiv1.XMLFile{Path: f.Path, Status: string(f.Status), Workflow: f.Workflow, Hash: f.Hash,
			Loaded: apiv1.At(f.At), Errors: apiv1.ProblemsOf(f.Problems.Errors()), Warnings: apiv1.ProblemsOf(f.Problems.Warnings())}
	}
	return apiv1.List[apiv1.XMLFile]{Items: items, Total: total}, nil
}

func (g *Gateway) filesPage(q store.FileQuery) ([]store.FileRecord, int, error) {
	if p, ok := g.cfg.Store.(filePager); ok {
		return p.FilesPage(q)
	}
	all, err := g.cfg.Store.Files()
	if err != nil {
		return nil, 0, err
	}
	var match []store.FileRecord
	for _, f := range all {
		if q.Status == "" || f.Status == q.Status {
			match = append(match, f)
		}
	}
	from := min(max(q.Offset, 0), len(match))
	to := len(match)
	if q.Limit > 0 {
		to = min(from+q.Limit, to)
	}
	return match[from:to], len(match), nil
}
