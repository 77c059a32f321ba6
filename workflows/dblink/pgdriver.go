package dblink

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgtype"
)

// This file is a small database/sql driver over pgx.Conn. pgx's own bridge (pgx/v5/stdlib)
// imports pgxpool, whose dependency jackc/puddle is not in this module's go.sum; until it is,
// this adapter stands in. It runs every statement with the simple protocol (pgx quotes the
// arguments client-side), so results always arrive as text: values are []byte or nil, which
// database/sql converts on Scan, and which transfer wants anyway.

// pgCancelGrace is how long a cancelled statement may take to stop after the cancel request
// before the connection is cut.
const pgCancelGrace = 2 * time.Second

type pgConnector struct{ cfg *pgx.ConnConfig }

func newPgConnector(cfg *pgx.ConnConfig) *pgConnector {
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	// On cancel, ask the server to stop the statement (a CancelRequest), so that a killed
	// pg_sleep or long UPDATE stops holding locks; cut the socket if it does not answer.
	cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, DeadlineDelay: pgCancelGrace}
	}
	return &pgConnector{cfg: cfg}
}

func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, c.cfg.Copy())
	if err != nil {
		return nil, err
	}
	return &pgDriverConn{c: conn}, nil
}

func (c *pgConnector) Driver() driver.Driver { return pgDriver{} }

type pgDriver struct{}

func (pgDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("dblink: the PostgreSQL driver is opened through a connector only")
}

type pgDriverConn struct {
	c *pgx.Conn
}

var (
	_ driver.ConnBeginTx                    = (*pgDriverConn)(nil)
	_ driver.ExecerContext                  = (*pgDriverConn)(nil)
	_ driver.QueryerContext                 = (*pgDriverConn)(nil)
	_ driver.Pinger                         = (*pgDriverConn)(nil)
	_ driver.SessionResetter                = (*pgDriverConn)(nil)
	_ driver.Validator                      = (*pgDriverConn)(nil)
	_ driver.NamedValueChecker              = (*pgDriverConn)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*pgRows)(nil)
)

func (c *pgDriverConn) Prepare(query string) (driver.Stmt, error) {
	return &pgStmt{c: c, q: query}, nil
}

func (c *pgDriverConn) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), pgCancelGrace)
	defer cancel()
	return c.c.Close(ctx)
}

func (c *pgDriverConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgDriverConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	stmt := "BEGIN"
	switch opts.Isolation {
	case driver.IsolationLevel(0):
	case 2: // sql.LevelReadUncommitted
		stmt += " ISOLATION LEVEL READ UNCOMMITTED"
	case 3:
		stmt += " ISOLATION LEVEL READ COMMITTED"
	case 5:
		stmt += " ISOLATION LEVEL REPEATABLE READ"
	case 6:
		stmt += " ISOLATION LEVEL SERIALIZABLE"
	default:
		return nil, errors.New("dblink: unsupported isolation level for PostgreSQL")
	}
	if opts.ReadOnly {
		stmt += " READ ONLY"
	}
	if _, err := c.c.Exec(ctx, stmt); err != nil {
		return nil, err
	}
	return &pgTx{c: c}, nil
}

type pgTx struct{ c *pgDriverConn }

// Commit reports a transaction the server rolled back (COMMIT answered "ROLLBACK" because an
// earlier statement failed) as an error, as pgx.Tx does.
func (t *pgTx) Commit() error {
	tag, err := t.c.c.Exec(context.Background(), "COMMIT")
	if err != nil {
		return err
	}
	if tag.String() == "ROLLBACK" {
		return errors.New("commit failed: the server rolled the transaction back")
	}
	return nil
}

func (t *pgTx) Rollback() error {
	if t.c.c.IsClosed() {
		return driver.ErrBadConn
	}
	_, err := t.c.c.Exec(context.Background(), "ROLLBACK")
	return err
}

func namedArgs(args []driver.NamedValue) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a.Value
	}
	return out
}

func (c *pgDriverConn) CheckNamedValue(*driver.NamedValue) error { return nil } // pgx encodes Go values itself

func (c *pgDriverConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	tag, err := c.c.Exec(ctx, query, namedArgs(args)...)
	if err != nil {
		return nil, err
	}
	return pgResult(tag.RowsAffected()), nil
}

func (c *pgDriverConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.c.Query(ctx, query, namedArgs(args)...)
	if err != nil {
		return nil, err
	}
	return &pgRows{rows: rows, types: c.c.TypeMap()}, nil
}

func (c *pgDriverConn) Ping(ctx context.Context) error {
	if c.c.IsClosed() {
		return driver.ErrBadConn
	}
	return c.c.Ping(ctx)
}

func (c *pgDriverConn) ResetSession(context.Context) error {
	if c.c.IsClosed() {
		return driver.ErrBadConn
	}
	return nil
}

func (c *pgDriverConn) IsValid() bool { return !c.c.IsClosed() }

type pgResult int64

func (r pgResult) LastInsertId() (int64, error) {
	return 0, errors.New("PostgreSQL has no last insert id; use RETURNING")
}
func (r pgResult) RowsAffected() (int64, error) { return int64(r), nil }

type pgStmt struct {
	c *pgDriverConn
	q string
}

func (s *pgStmt) Close() error  { return nil }
func (s *pgStmt) NumInput() int { return -1 }
func (s *pgStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.c.ExecContext(context.Background(), s.q, valuesToNamed(args))
}
func (s *pgStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.c.QueryContext(context.Background(), s.q, valuesToNamed(args))
}
func (s *pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.c.ExecContext(ctx, s.q, args)
}
func (s *pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.c.QueryContext(ctx, s.q, args)
}

func valuesToNamed(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

type pgRows struct {
	rows  pgx.Rows
	types *pgtype.Map
}

func (r *pgRows) Columns() []string {
	fds := r.rows.FieldDescriptions()
	names := make([]string, len(fds))
	for i, fd := range fds {
		names[i] = fd.Name
	}
	return names
}

// ColumnTypeDatabaseTypeName is the PostgreSQL type name ("INT8", "VARCHAR"), upper case as
// database/sql drivers conventionally report it; "" for types pgx does not know.
func (r *pgRows) ColumnTypeDatabaseTypeName(i int) string {
	fds := r.rows.FieldDescriptions()
	if i < 0 || i >= len(fds) {
		return ""
	}
	if t, ok := r.types.TypeForOID(fds[i].DataTypeOID); ok {
		return upper(t.Name)
	}
	return ""
}

func (r *pgRows) Close() error {
	r.rows.Close()
	return r.rows.Err()
}

func (r *pgRows) Next(dest []driver.Value) error {
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	for i, raw := range r.rows.RawValues() {
		if i >= len(dest) {
			break
		}
		if raw == nil {
			dest[i] = nil
		} else {
			dest[i] = raw
		}
	}
	return nil
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// Conn lends the underlying pgx connection to code holding the driver connection through
// database/sql's Conn.Raw (transfer uses it for COPY FROM STDIN). It must not be kept past
// the Raw callback.
func (c *pgDriverConn) Conn() *pgx.Conn { return c.c }
