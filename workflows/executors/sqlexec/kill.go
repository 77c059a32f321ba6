package sqlexec

import (
	"context"
	"database/sql"
	"time"

	"github.com/actorflow/actorflow/workflows/dblink"
)

// killGrace bounds the KILL QUERY sent on a second connection.
const killGrace = 3 * time.Second

// watchKill makes a cancel of ctx stop the statement running on c at the server. PostgreSQL
// (a cancel request from the driver) and SQLite (sqlite3_interrupt) do that by themselves;
// go-sql-driver/mysql only drops the connection, and the server would go on running the
// statement (a SLEEP(30), a long UPDATE holding locks), so on MySQL and MariaDB the
// connection's id is read now and KILL QUERY id is sent from another connection on cancel.
// The returned stop must be called before c goes back to the pool; it waits for a KILL
// already under way, so that it never hits a connection reused by someone else.
func watchKill(ctx context.Context, conn *dblink.Conn, c *sql.Conn) (stop func(), err error) {
	if !conn.Dialect.MySQLFamily() {
		return func() {}, nil
	}
	var id int64
	if err := c.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		return nil, err
	}
	done := make(chan struct{})
	stopAfter := context.AfterFunc(ctx, func() {
		defer close(done)
		kctx, cancel := context.WithTimeout(context.Background(), killGrace)
		defer cancel()
		_, _ = conn.DB.ExecContext(kctx, sprintf("KILL QUERY %d", id)) // best effort: the query may have ended
	})
	return func() {
		if !stopAfter() {
			<-done
		}
	}, nil
}
