package sqlexec

import (
	"context"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Links opens the connection a workflow names. *dblink.Registry satisfies it.
type Links interface {
	OpenRef(ctx context.Context, ref workflows.DBLinkRef) (*dblink.Conn, error)
}

// Register adds the sql and metadata executors to reg.
func Register(reg *executors.Registry, links Links) {
	reg.Register(workflows.ActionSQL, &SQL{Links: links})
	reg.Register(workflows.ActionMetadata, &Metadata{Links: links})
}
