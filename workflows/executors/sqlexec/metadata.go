package sqlexec

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Metadata sets a table's column and table comments (see the package doc).
type Metadata struct {
	Links Links
	Now   func() time.Time // nil: time.Now
}

// Run implements executors.Executor.
func (e *Metadata) Run(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	if t.Action == nil || t.Action.Metadata == nil {
		return failed("task %s/%s has no metadata body", t.InstanceID, t.Node)
	}
	log := newTaskLog(tio)
	now := e.Now
	if now == nil {
		now = time.Now
	}
	return log.finish(e.run(ctx, t.Action.Metadata, log, now))
}

func (e *Metadata) run(ctx context.Context, body *workflows.MetadataBody, log *taskLog, now func() time.Time) executors.Result {
	fail := func(format string, args ...any) executors.Result {
		if ctx.Err() != nil {
			return interrupted(ctx, "while reading the catalog")
		}
		msg := sprintf(format, args...)
		log.errorf("%s", msg)
		return failed("%s", msg)
	}
	conn, err := e.Links.OpenRef(ctx, body.DB)
	if err != nil {
		return fail("%v", err)
	}
	defer conn.Close()
	d := conn.Dialect
	if d.Comments == dblink.NoComments {
		return fail("%s: %s has no table or column comments; a metadata node cannot run there", conn.Describe(), d.Name)
	}
	target, err := conn.Table(ctx, body.Table)
	if err != nil {
		return fail("%v", err)
	}
	plan, err := planComments(ctx, conn, target, body)
	if err != nil {
		return fail("%v", err)
	}
	for _, n := range plan.notes {
		log.infof("%s", n)
	}
	if len(plan.columns) == 0 && !plan.table {
		log.infof("%s: comments of %s already as wanted; nothing to change", conn.Describe(), body.Table)
		return succeeded("comments already as wanted")
	}
	stmts, err := commentStatements(d, target, plan, body.TableComment)
	if err != nil {
		return fail("%v", err)
	}
	log.infof("%s: setting %s on %s", conn.Describe(), plan.summary(), d.QuoteQualified(target.Parts))
	res, ok := runTx(ctx, conn, stmts, false, now, log)
	if !ok {
		return res
	}
	return succeeded(sprintf("set %s on %s", plan.summary(), d.QuoteQualified(target.Parts)))
}

// commentPlan is what must change.
type commentPlan struct {
	columns []columnChange // in table order
	table   bool           // the table comment changes
	notes   []string
}

type columnChange struct {
	col  dblink.Column
	text string
}

func (p commentPlan) summary() string {
	s := plural(int64(len(p.columns)), "column comment", "column comments")
	if p.table {
		s += " and the table comment"
	}
	return s
}

// planComments works out each column's wanted comment: from the `from` tables (the first
// with a non-empty comment for a same-named column wins), then the explicit ones. Names
// match case-insensitively, as both PostgreSQL (folded) and MySQL treat them in practice.
func planComments(ctx context.Context, conn *dblink.Conn, target dblink.Table, body *workflows.MetadataBody) (commentPlan, error) {
	var plan commentPlan
	index := map[string]int{}
	for i, c := range target.Columns {
		index[strings.ToLower(c.Name)] = i
	}
	wanted := make([]string, len(target.Columns))
	source := make([]string, len(target.Columns))
	for _, from := range body.From {
		ft, err := conn.Table(ctx, from)
		if err != nil {
			return plan, workflows.Errorf(workflows.CodeOf(err), "from table: %v", err)
		}
		n := 0
		for _, c := range ft.Columns {
			i, ok := index[strings.ToLower(c.Name)]
			if ok && c.Comment != "" && wanted[i] == "" {
				wanted[i], source[i] = c.Comment, from
				n++
			}
		}
		plan.notes = append(plan.notes, sprintf("from %s: %s", from, plural(int64(n), "column comment", "column comments")))
	}
	var unknown []string
	for _, cc := range body.ColumnComments {
		i, ok := index[strings.ToLower(strings.TrimSpace(cc.Name))]
		if !ok {
			unknown = append(unknown, cc.Name)
			continue
		}
		wanted[i], source[i] = cc.Text, "column-comment"
	}
	if len(unknown) > 0 {
		return plan, workflows.Errorf(workflows.CodeInvalid, "column-comment names %s, not in table %s (columns: %s)",
			strings.Join(unknown, ", "), body.Table, columnNames(target))
	}
	var missing []string
	for i, c := range target.Columns {
		if wanted[i] == "" {
			wanted[i] = c.Comment // keep what the table already has
		}
		if wanted[i] == "" {
			missing = append(missing, c.Name)
		}
		if wanted[i] != c.Comment {
			plan.columns = append(plan.columns, columnChange{col: c, text: wanted[i]})
		}
	}
	if len(missing) > 0 {
		return plan, workflows.Errorf(workflows.CodeInvalid,
			"every column of %s needs a comment (as in akkaflow); none given, found in the from tables or present for: %s",
			body.Table, strings.Join(missing, ", "))
	}
	plan.table = body.TableComment != "" && body.TableComment != target.Comment
	return plan, nil
}

func columnNames(t dblink.Table) string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// commentStatements writes the changes: COMMENT ON statements, or on MySQL one ALTER TABLE
// so that the change is all or nothing there too (MySQL DDL cannot be rolled back).
func commentStatements(d dblink.Dialect, t dblink.Table, plan commentPlan, tableComment string) ([]dblink.Statement, error) {
	var out []dblink.Statement
	if d.Comments == dblink.AlterComment {
		var clauses []string
		for _, ch := range plan.columns {
			stmt, err := d.ColumnCommentSQL(t.Parts, ch.col.Name, ch.col.Definition, ch.text)
			if err != nil {
				return nil, err
			}
			_, clause, _ := strings.Cut(stmt, " MODIFY COLUMN ")
			clauses = append(clauses, "MODIFY COLUMN "+clause)
		}
		if plan.table {
			clauses = append(clauses, "COMMENT = "+d.QuoteString(tableComment))
		}
		return []dblink.Statement{{Text: "ALTER TABLE " + d.QuoteQualified(t.Parts) + " " + strings.Join(clauses, ", ")}}, nil
	}
	for _, ch := range plan.columns {
		stmt, err := d.ColumnCommentSQL(t.Parts, ch.col.Name, "", ch.text)
		if err != nil {
			return nil, err
		}
		out = append(out, dblink.Statement{Text: stmt})
	}
	if plan.table {
		stmt, err := d.TableCommentSQL(t.Parts, tableComment)
		if err != nil {
			return nil, err
		}
		out = append(out, dblink.Statement{Text: stmt})
	}
	return slices.Clip(out), nil
}
