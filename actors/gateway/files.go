package gateway

import (
	"context"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// ListXMLFiles lists the scanned xmlconfig files with their load status, by path.
func (g *Gateway) ListXMLFiles(ctx context.Context) (apiv1.List[apiv1.XMLFile], error) {
	if err := ctx.Err(); err != nil {
		return apiv1.List[apiv1.XMLFile]{}, mapErr(err, "list the xmlconfig files")
	}
	recs, err := g.cfg.Store.Files()
	if err != nil {
		return apiv1.List[apiv1.XMLFile]{}, mapErr(err, "list the xmlconfig files")
	}
	items := make([]apiv1.XMLFile, len(recs))
	for i, f := range recs {
		items[i] = apiv1.XMLFile{Path: f.Path, Status: string(f.Status), Workflow: f.Workflow, Hash: f.Hash,
			Loaded: apiv1.At(f.At), Errors: apiv1.ProblemsOf(f.Problems.Errors()), Warnings: apiv1.ProblemsOf(f.Problems.Warnings())}
	}
	return apiv1.List[apiv1.XMLFile]{Items: items, Total: len(items)}, nil
}
