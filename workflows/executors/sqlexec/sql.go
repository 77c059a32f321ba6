package sqlexec

import (
	"context"
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/executors"
)

// SQL runs a sql action's statements in one transaction.
type SQL struct {
	Links Links
	Now   func() time.Time // nil: time.Now; durations in the log are measured with it
}

func (e *SQL) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Run implements executors.Executor.
func (e *SQL) Run(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	if t.Action == nil || t.Action.SQL == nil {
		return failed("task %s/%s has no sql body", t.InstanceID, t.Node)
	}
	log := newTaskLog(tio)
	return log.finish(e.run(ctx, t.Action.SQL, log))
}

func (e *SQL) run(ctx context.Context, body *workflows.SQLBody, log *taskLog) executors.Result {
	conn, err := e.Links.OpenRef(ctx, body.DB)
	if err != nil {
		if ctx.Err() != nil {
			return interrupted(ctx, "while connecting")
		}
		log.errorf("%v", err)
		return failed("%v", err)
	}
	defer conn.Close()
	for _, n := range conn.Notes {
		log.infof("note: %s", n)
	}
	stmts := dblink.Split(conn.Dialect, body.Text)
	if len(stmts) == 0 {
		log.infof("%s: no statements to run", conn.Describe())
		return succeeded("no statements to run")
	}
	log.infof("%s: %s in one transaction", conn.Describe(), plural(int64(len(stmts)), "statement", "statements"))
	ddl := conn.Dialect.MySQLFamily() && hasDDL(stmts)
	if ddl {
		log.infof("note: %s commits implicitly at each DDL statement; a failure rolls back only what ran since the last one", conn.Dialect.Name)
	}
	res, ok := runTx(ctx, conn, stmts, ddl, e.now, log)
	if ok {
		log.infof("committed %s", plural(int64(len(stmts)), "statement", "statements"))
		res = succeeded(sprintf("%s committed on %s", plural(int64(len(stmts)), "statement", "statements"), conn.Describe()))
	}
	return res
}

// runTx runs stmts in one transaction on a dedicated connection and commits. ok is true
// when everything committed; otherwise res says why (failed, killed or timed_out) and the
// transaction was rolled back. ddl says that the database committed implicitly along the
// way (MySQL DDL), which failure messages then mention.
func runTx(ctx context.Context, conn *dblink.Conn, stmts []dblink.Statement, ddl bool, now func() time.Time,
	log *taskLog) (res executors.Result, ok bool) {
	c, err := conn.DB.Conn(ctx)
	if err != nil {
		return connFailure(ctx, conn, err, log), false
	}
	defer c.Close()
	stopKill, err := watchKill(ctx, conn, c)
	if err != nil {
		return connFailure(ctx, conn, err, log), false
	}
	defer stopKill()
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return connFailure(ctx, conn, err, log), false
	}
	rolledBack := "rolled back"
	if ddl {
		rolledBack = "rolled back (statements before the last DDL statement stay committed)"
	}
	for i, st := range stmts {
		start := now()
		r, err := tx.ExecContext(ctx, st.Text)
		took := now().Sub(start).Round(time.Millisecond)
		where := sprintf("statement %d of %d", i+1, len(stmts))
		at := ""
		if st.Line > 0 {
			where += sprintf(" (line %d)", st.Line)
			at = sprintf(" line %d:", st.Line)
		}
		if err != nil {
			_ = tx.Rollback() // ErrTxDone after a cancel: database/sql already rolled back
			if ctx.Err() != nil {
				log.errorf("%s interrupted after %s: %s; %s", where, took, shown(st.Text), rolledBack)
				return interrupted(ctx, sprintf("during %s; %s", where, rolledBack)), false
			}
			msg := sprintf("%s failed: %v; %s", where, err, rolledBack)
			log.errorf("%s\n  statement: %s", msg, shown(st.Text))
			return failed("%s", msg), false
		}
		n, nerr := r.RowsAffected()
		affected := plural(n, "row", "rows")
		if nerr != nil {
			affected = "rows n/a"
		}
		log.infof("[%d/%d]%s %s — %s, %s", i+1, len(stmts), at, shown(st.Text), affected, took)
	}
	if err := tx.Commit(); err != nil {
		if ctx.Err() != nil {
			return interrupted(ctx, "before the commit; rolled back"), false
		}
		log.errorf("commit failed: %v", err)
		return failed("commit failed: %v", err), false
	}
	return executors.Result{}, true
}

func connFailure(ctx context.Context, conn *dblink.Conn, err error, log *taskLog) executors.Result {
	if ctx.Err() != nil {
		return interrupted(ctx, "while connecting")
	}
	msg := sprintf("%s: %v", conn.Describe(), err)
	log.errorf("%s", msg)
	return failed("%s", msg)
}

// ddlWords start statements that MySQL commits implicitly.
var ddlWords = []string{"CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "GRANT", "REVOKE", "LOCK", "UNLOCK"}

func hasDDL(stmts []dblink.Statement) bool {
	for _, st := range stmts {
		word, _, _ := strings.Cut(strings.TrimLeft(st.Text, "( \t\r\n"), " ")
		for _, w := range ddlWords {
			if strings.EqualFold(strings.TrimSpace(word), w) {
				return true
			}
		}
	}
	return false
}
