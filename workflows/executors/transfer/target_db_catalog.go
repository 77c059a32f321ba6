package transfer

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"

	"github.com/actorflow/actorflow/workflows/dblink"
)

// querier is what a *sql.Tx, *sql.Conn and *sql.DB share: catalog lookups run inside the
// target's transaction where there is one, so they see what <pre> did in it.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tableColumns tells whether table exists and, if so, its column names in order.
// Existence is asked of the catalog first: a failing SELECT would abort a PostgreSQL
// transaction.
func tableColumns(ctx context.Context, q querier, d dblink.Dialect, table []string) (bool, []string, error) {
	exists, err := tableExists(ctx, q, d, table)
	if err != nil || !exists {
		return false, nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT * FROM "+d.QuoteQualified(table)+" WHERE 1=0")
	if err != nil {
		return false, nil, fmt.Errorf("reading the columns of table %s: %w", d.QuoteQualified(table), err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return false, nil, fmt.Errorf("reading the columns of table %s: %w", d.QuoteQualified(table), err)
	}
	return true, cols, rows.Err()
}

func tableExists(ctx context.Context, q querier, d dblink.Dialect, table []string) (bool, error) {
	name := table[len(table)-1]
	var err error
	var n int
	switch {
	case d.Name == "postgres":
		var ok bool
		err = q.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL", d.QuoteQualified(table)).Scan(&ok)
		if ok {
			n = 1
		}
	case d.MySQLFamily():
		var schema any // nil: the connection's database
		if len(table) > 1 {
			schema = table[len(table)-2]
		}
		err = q.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?",
			schema, name).Scan(&n)
	case d.Name == "sqlite":
		master := "sqlite_master"
		if len(table) > 1 {
			master = d.QuoteIdent(table[len(table)-2]) + ".sqlite_master"
		}
		err = q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+master+" WHERE type IN ('table', 'view') AND name = ?", name).Scan(&n)
	default:
		return false, fmt.Errorf("loading into %s is not supported (PostgreSQL, MySQL, MariaDB and SQLite are)", d.Name)
	}
	if err != nil {
		return false, fmt.Errorf("looking up table %s: %w", d.QuoteQualified(table), err)
	}
	return n > 0, nil
}

// truncateSQL empties the table inside the load's transaction: TRUNCATE where it is
// transactional and fast (PostgreSQL), DELETE elsewhere (TRUNCATE commits on MySQL).
func truncateSQL(d dblink.Dialect, table []string) string {
	if d.Name == "postgres" {
		return "TRUNCATE TABLE " + d.QuoteQualified(table)
	}
	return d.DeleteAllSQL(table)
}

// stagingTable names a staging table beside table: af_stage_<random>_<name>, short enough
// for every database's identifier limit.
func stagingTable(table []string) []string {
	var id [4]byte
	_, _ = rand.Read(id[:])
	name := table[len(table)-1]
	if len(name) > 40 {
		name = name[:40]
	}
	out := append([]string(nil), table[:len(table)-1]...)
	return append(out, "af_stage_"+hex.EncodeToString(id[:])+"_"+name)
}

// createStagingSQL makes a staging table shaped like the existing target (like == true) or
// from the source's columns. PostgreSQL's is UNLOGGED: it is thrown away either way.
func createStagingSQL(d dblink.Dialect, stage, target []string, like bool, src []column) string {
	s, t := d.QuoteQualified(stage), d.QuoteQualified(target)
	switch {
	case like && d.Name == "postgres":
		return "CREATE UNLOGGED TABLE " + s + " (LIKE " + t + ")"
	case like && d.MySQLFamily():
		return "CREATE TABLE " + s + " LIKE " + t
	case like:
		return "CREATE TABLE " + s + " AS SELECT * FROM " + t + " WHERE 0 = 1"
	case d.Name == "postgres":
		return "CREATE UNLOGGED TABLE" + createTableSQL(d, stage, src)[len("CREATE TABLE"):]
	}
	return createTableSQL(d, stage, src)
}

// createTableSQL creates a table for the source's columns. On MySQL/MariaDB it says
// utf8mb4: the server's default may be latin1, which cannot hold text from elsewhere.
func createTableSQL(d dblink.Dialect, table []string, src []column) string {
	s := d.CreateTableSQL(table, specs(src))
	if d.MySQLFamily() {
		s += " DEFAULT CHARACTER SET utf8mb4"
	}
	return s
}

func quoteAll(d dblink.Dialect, cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = d.QuoteIdent(c)
	}
	return out
}
