package transfer

import (
	"context"
	"database/sql"
	"strings"

	"github.com/actorflow/actorflow/workflows/dblink"
)

// maxParams bounds the bind parameters of one INSERT: SQLite allows 32766, MySQL and
// PostgreSQL 65535.
const maxParams = 30000

// loadInsert writes the feed with multi-row INSERT statements, as many rows per statement
// as a batch holds within maxParams.
func loadInsert(ctx context.Context, tx *sql.Tx, d dblink.Dialect, table string, cols []string, f *feed) (int64, error) {
	if len(cols) == 0 {
		return 0, drainRows(ctx, f)
	}
	per := max(1, maxParams/len(cols))
	var total int64
	var stmt string
	stmtRows := 0
	args := make([]any, 0, per*len(cols))
	for {
		b, ok, err := f.next(ctx)
		if !ok {
			return total, err
		}
		for start := 0; start < len(b.rows); start += per {
			chunk := b.rows[start:min(start+per, len(b.rows))]
			if stmtRows != len(chunk) {
				stmt, stmtRows = insertSQL(d, table, cols, len(chunk)), len(chunk)
			}
			args = args[:0]
			for _, row := range chunk {
				args = append(args, row...)
			}
			if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
				return total, err
			}
			total += int64(len(chunk))
		}
	}
}

// insertSQL is INSERT INTO table (cols) VALUES (…), … for n rows.
func insertSQL(d dblink.Dialect, table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(table)
	b.WriteString(" (")
	b.WriteString(strings.Join(cols, ", "))
	b.WriteString(") VALUES ")
	p := 1
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteString(d.Placeholder(p))
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// drainRows consumes a feed whose rows have no columns to write.
func drainRows(ctx context.Context, f *feed) error {
	for {
		_, ok, err := f.next(ctx)
		if !ok {
			return err
		}
	}
}
