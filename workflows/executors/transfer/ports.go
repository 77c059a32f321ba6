package transfer

import (
	"context"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/filelink"
)

// DBs opens the database a transfer end names (a db-link by name, or a 2017 inline one).
// *dblink.Registry satisfies it. The transfer takes one connection per writer from
// Conn.DB and closes the Conn when done.
type DBs interface {
	OpenRef(ctx context.Context, ref workflows.DBLinkRef) (*dblink.Conn, error)
}

// Files opens the file system behind a file-link; "" is the worker's local disk.
// *filelink.Registry satisfies it.
type Files interface {
	Open(ctx context.Context, name string) (filelink.FS, error)
}
