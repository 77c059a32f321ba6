package transfer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/actorflow/actorflow/workflows/dblink"
)

// cleanupTimeout bounds the statements that undo a failed or killed load (dropping the
// staging table, or the target this run created where DDL is not transactional).
const cleanupTimeout = 30 * time.Second

// dbTarget loads rows into a table. See doc.go for how each database stays all-or-nothing.
type dbTarget struct {
	conn        *dblink.Conn
	d           dblink.Dialect
	table       []string
	preTruncate bool
	pre, after  string
	writers     int
	logf        func(format string, args ...any)
}

func (t *dbTarget) qtable() string { return t.d.QuoteQualified(t.table) }

func (t *dbTarget) run(ctx context.Context, src []column, f *feed) (int64, error) {
	if t.d.TransactionalDDL && t.writers == 1 {
		return t.direct(ctx, src, f)
	}
	return t.staged(ctx, src, f)
}

// direct loads in one transaction on one connection: truncate, <pre>, CREATE TABLE when
// missing, the rows, <after>, commit. Any failure or a kill rolls all of it back.
func (t *dbTarget) direct(ctx context.Context, src []column, f *feed) (int64, error) {
	conn, err := t.conn.DB.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() // a no-op after Commit
	cols, _, err := t.prepare(ctx, tx, src)
	if err != nil {
		return 0, err
	}
	n, err := t.load(ctx, conn, tx, t.qtable(), quoteAll(t.d, cols), f)
	if err != nil {
		return n, fmt.Errorf("loading into %s: %w", t.qtable(), err)
	}
	if err := t.statements(ctx, tx, "after", t.after); err != nil {
		return n, err
	}
	if err := tx.Commit(); err != nil {
		return n, fmt.Errorf("committing the load into %s: %w", t.qtable(), err)
	}
	return n, nil
}

// staged loads through a staging table: each writer fills it in its own connection and
// transaction, then one transaction truncates, runs <pre>, creates the target if missing,
// copies the staging rows over with INSERT … SELECT, runs <after> and commits. The staging
// table is dropped in every case.
func (t *dbTarget) staged(ctx context.Context, src []column, f *feed) (int64, error) {
	exists, tcols, err := tableColumns(ctx, t.conn.DB, t.d, t.table)
	if err != nil {
		return 0, err
	}
	if err := t.checkWidth(src, tcols, exists); err != nil {
		return 0, err
	}
	stage := stagingTable(t.table)
	qstage := t.d.QuoteQualified(stage)
	if _, err := t.conn.DB.ExecContext(ctx, createStagingSQL(t.d, stage, t.table, exists, src)); err != nil {
		return 0, fmt.Errorf("creating staging table %s: %w", qstage, err)
	}
	defer t.cleanup(ctx, "DROP TABLE "+qstage)
	stageCols := tcols
	if !exists {
		stageCols = names(src)
	}
	qcols := quoteAll(t.d, stageCols)
	if _, err := t.parallel(ctx, qstage, qcols, f); err != nil {
		return 0, fmt.Errorf("loading into staging table %s: %w", qstage, err)
	}

	tx, err := t.conn.DB.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	cols, created, err := t.prepare(ctx, tx, src)
	committed := false
	if created && !t.d.TransactionalDDL {
		// CREATE TABLE committed on its own; undo it unless the load commits. The
		// transaction ends first: DROP would wait for the metadata lock it holds.
		defer func() {
			if !committed {
				_ = tx.Rollback()
				t.cleanup(ctx, "DROP TABLE "+t.qtable())
			}
		}()
	}
	if err != nil {
		return 0, err
	}
	if len(cols) != len(qcols) {
		return 0, fmt.Errorf("table %s has %d columns after <pre>, the staged rows %d", t.qtable(), len(cols), len(qcols))
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO "+t.qtable()+" ("+strings.Join(quoteAll(t.d, cols), ", ")+") SELECT "+
		strings.Join(qcols, ", ")+" FROM "+qstage)
	if err != nil {
		return 0, fmt.Errorf("moving the staged rows into %s: %w", t.qtable(), err)
	}
	n, _ := res.RowsAffected()
	if err := t.statements(ctx, tx, "after", t.after); err != nil {
		return n, err
	}
	if err := tx.Commit(); err != nil {
		return n, fmt.Errorf("committing the load into %s: %w", t.qtable(), err)
	}
	committed = true
	return n, nil
}

// parallel runs the writers, each on its own connection and transaction, until the feed
// ends; the first failure stops the others. Every writer's transaction commits only when
// the whole feed was read without error.
func (t *dbTarget) parallel(ctx context.Context, table string, cols []string, f *feed) (int64, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int64
		first error
	)
	for range t.writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := t.writeOne(ctx, table, cols, f)
			mu.Lock()
			defer mu.Unlock()
			total += n
			if err != nil && first == nil {
				first = err
				cancel(err)
			}
		}()
	}
	wg.Wait()
	return total, first
}

func (t *dbTarget) writeOne(ctx context.Context, table string, cols []string, f *feed) (int64, error) {
	conn, err := t.conn.DB.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n, err := t.load(ctx, conn, tx, table, cols, f)
	if err != nil {
		return n, err
	}
	return n, tx.Commit()
}

// prepare readies the target inside tx and returns its column names: truncate (when asked
// and the table exists), <pre>, then CREATE TABLE from the source's columns if the table
// is (still) missing. created says whether this run created it.
func (t *dbTarget) prepare(ctx context.Context, tx *sql.Tx, src []column) (cols []string, created bool, err error) {
	exists, cols, err := tableColumns(ctx, tx, t.d, t.table)
	if err != nil {
		return nil, false, err
	}
	if exists && t.preTruncate {
		if _, err := tx.ExecContext(ctx, truncateSQL(t.d, t.table)); err != nil {
			return nil, false, fmt.Errorf("emptying %s (is-pre-truncate): %w", t.qtable(), err)
		}
	}
	if strings.TrimSpace(t.pre) != "" {
		if err := t.statements(ctx, tx, "pre", t.pre); err != nil {
			return nil, false, err
		}
		if exists, cols, err = tableColumns(ctx, tx, t.d, t.table); err != nil {
			return nil, false, err
		}
	}
	if !exists {
		if len(src) == 0 {
			return nil, false, fmt.Errorf("table %s does not exist and the source has no rows to tell its columns; create it first (or in <pre>)", t.qtable())
		}
		if _, err := tx.ExecContext(ctx, createTableSQL(t.d, t.table, src)); err != nil {
			return nil, false, fmt.Errorf("creating table %s: %w", t.qtable(), err)
		}
		t.logf("created table %s (%s)", t.qtable(), describeColumns(t.d, src))
		return names(src), true, nil
	}
	return cols, false, t.checkWidth(src, cols, true)
}

// checkWidth: rows go in by position, so the counts must agree.
func (t *dbTarget) checkWidth(src []column, cols []string, exists bool) error {
	if !exists || len(src) == 0 || len(src) == len(cols) {
		return nil
	}
	return fmt.Errorf("the source has %d columns (%s) but table %s has %d (%s); rows are loaded by position, so the counts must match",
		len(src), strings.Join(names(src), ", "), t.qtable(), len(cols), strings.Join(cols, ", "))
}

// statements runs a <pre> or <after> script in tx, one statement at a time.
func (t *dbTarget) statements(ctx context.Context, tx *sql.Tx, which, script string) error {
	for _, st := range dblink.Split(t.d, script) {
		t.logf("<%s> line %d: %s", which, st.Line, shorten(st.Text))
		if _, err := tx.ExecContext(ctx, st.Text); err != nil {
			return fmt.Errorf("<%s> statement at line %d (%s): %w", which, st.Line, shorten(st.Text), err)
		}
	}
	return nil
}

// load writes the feed into table on conn inside tx, by the fastest path the database
// offers: COPY on PostgreSQL, LOAD DATA LOCAL on MySQL/MariaDB, multi-row INSERT elsewhere
// (and where those are unavailable).
func (t *dbTarget) load(ctx context.Context, conn *sql.Conn, tx *sql.Tx, table string, cols []string, f *feed) (int64, error) {
	switch {
	case len(cols) == 0:
		return 0, drainRows(ctx, f)
	case t.d.Name == "postgres" && canCopy(conn):
		return loadCopy(ctx, conn, table, cols, f)
	case t.d.MySQLFamily() && canLoadData(ctx, tx):
		return loadData(ctx, tx, table, cols, f)
	}
	return loadInsert(ctx, tx, t.d, table, cols, f)
}

// cleanup runs an undo statement even when ctx is done (a kill must still clean up).
func (t *dbTarget) cleanup(ctx context.Context, stmt string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if _, err := t.conn.DB.ExecContext(ctx, stmt); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.logf("cleanup %q failed: %v", stmt, err)
	}
}

func describeColumns(d dblink.Dialect, cols []column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.Name + " " + d.ColumnType(c.Kind, c.Size)
	}
	return strings.Join(parts, ", ")
}
