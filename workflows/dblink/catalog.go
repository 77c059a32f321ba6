package dblink

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// Table is what the catalog says about one table.
type Table struct {
	Parts   []string // the qualified name as ParseQualified read it
	Comment string
	Columns []Column // in table order
}

// Column is one column of a Table.
type Column struct {
	Name    string
	Comment string
	// Definition is, on MySQL and MariaDB, the column's full definition as SHOW CREATE TABLE
	// prints it, minus the name and any COMMENT clause: what MODIFY COLUMN must restate to
	// change only the comment. Empty elsewhere.
	Definition string
}

// Table reads a table's columns and comments from the catalog. A table that does not exist
// is a CodeNotFound error. ORACLE and HIVE are not supported (no driver).
func (c *Conn) Table(ctx context.Context, name string) (Table, error) {
	parts, err := c.Dialect.ParseQualified(name)
	if err != nil {
		return Table{}, err
	}
	t := Table{Parts: parts}
	switch {
	case c.Dialect.Name == "postgres":
		err = c.pgTable(ctx, &t)
	case c.Dialect.MySQLFamily():
		err = c.myTable(ctx, &t)
	case c.Dialect.Name == "sqlite":
		err = c.sqliteTable(ctx, &t)
	default:
		err = workflows.Errorf(workflows.CodeUnsupported, "reading the catalog of %s is not supported", c.Dialect.Name)
	}
	if err != nil {
		return Table{}, err
	}
	return t, nil
}

func (c *Conn) notFound(t *Table) error {
	return workflows.Errorf(workflows.CodeNotFound, "table %s does not exist on %s", c.Dialect.QuoteQualified(t.Parts), c.Describe())
}

func (c *Conn) pgTable(ctx context.Context, t *Table) error {
	qualified := c.Dialect.QuoteQualified(t.Parts)
	var oid sql.NullString
	var comment sql.NullString
	err := c.DB.QueryRowContext(ctx,
		`SELECT to_regclass($1)::oid::text, obj_description(to_regclass($1), 'pg_class')`, qualified).Scan(&oid, &comment)
	if err != nil {
		return fmt.Errorf("reading the catalog for %s: %w", qualified, err)
	}
	if !oid.Valid {
		return c.notFound(t)
	}
	t.Comment = comment.String
	rows, err := c.DB.QueryContext(ctx, `SELECT a.attname, COALESCE(col_description(a.attrelid, a.attnum), '')
		FROM pg_attribute a WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, oid.String)
	if err != nil {
		return fmt.Errorf("reading the columns of %s: %w", qualified, err)
	}
	return scanColumns(rows, t)
}

func scanColumns(rows *sql.Rows, t *Table) error {
	defer rows.Close()
	for rows.Next() {
		var col Column
		if err := rows.Scan(&col.Name, &col.Comment); err != nil {
			return err
		}
		t.Columns = append(t.Columns, col)
	}
	return rows.Err()
}

func (c *Conn) myTable(ctx context.Context, t *Table) error {
	if len(t.Parts) > 2 {
		return workflows.Errorf(workflows.CodeInvalid, "table name %s: MySQL names are database.table at most", strings.Join(t.Parts, "."))
	}
	var schema any // nil: the connection's current database
	table := t.Parts[len(t.Parts)-1]
	if len(t.Parts) == 2 {
		schema = t.Parts[0]
	}
	qualified := c.Dialect.QuoteQualified(t.Parts)
	err := c.DB.QueryRowContext(ctx, `SELECT TABLE_COMMENT FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?`, schema, table).Scan(&t.Comment)
	if err == sql.ErrNoRows {
		return c.notFound(t)
	}
	if err != nil {
		return fmt.Errorf("reading the catalog for %s: %w", qualified, err)
	}
	rows, err := c.DB.QueryContext(ctx, `SELECT COLUMN_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, schema, table)
	if err != nil {
		return fmt.Errorf("reading the columns of %s: %w", qualified, err)
	}
	if err := scanColumns(rows, t); err != nil {
		return err
	}
	// information_schema's COLUMN_DEFAULT is quoted on MariaDB and not on MySQL, so restating
	// a column from it is ambiguous; SHOW CREATE TABLE prints the exact definition.
	var name, create string
	if err := c.DB.QueryRowContext(ctx, "SHOW CREATE TABLE "+qualified).Scan(&name, &create); err != nil {
		return fmt.Errorf("reading the definition of %s: %w", qualified, err)
	}
	defs := mysqlColumnDefinitions(create)
	for i, col := range t.Columns {
		t.Columns[i].Definition = defs[col.Name]
	}
	return nil
}

// mysqlColumnDefinitions reads SHOW CREATE TABLE output: each column line
// "  `name` definition," becomes name → definition without its COMMENT clause.
func mysqlColumnDefinitions(create string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(create, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "`") {
			continue
		}
		end := quotedEnd(line, 0, '`', false)
		if end > len(line) || end < 2 {
			continue
		}
		name := strings.ReplaceAll(line[1:end-1], "``", "`")
		def := strings.TrimSuffix(strings.TrimSpace(line[end:]), ",")
		out[name] = strings.TrimSpace(stripMySQLComment(def))
	}
	return out
}

// stripMySQLComment removes a COMMENT '…' clause that is code (not inside a literal).
func stripMySQLComment(def string) string {
	for i := 0; i < len(def); {
		switch c := def[i]; {
		case c == '\'' || c == '"' || c == '`':
			i = quotedEnd(def, i, c, c != '`')
		case (c == 'C' || c == 'c') && (i == 0 || !identByte(def[i-1])) && strings.EqualFold(safeSlice(def, i, i+7), "COMMENT"):
			j := i + 7
			for j < len(def) && def[j] == ' ' {
				j++
			}
			if j < len(def) && def[j] == '\'' {
				end := quotedEnd(def, j, '\'', true)
				return strings.TrimSpace(def[:i]) + " " + strings.TrimSpace(def[end:])
			}
			i = j
		default:
			i++
		}
	}
	return def
}

func safeSlice(s string, i, j int) string {
	if j > len(s) {
		j = len(s)
	}
	return s[i:j]
}

func (c *Conn) sqliteTable(ctx context.Context, t *Table) error {
	if len(t.Parts) > 2 {
		return workflows.Errorf(workflows.CodeInvalid, "table name %s: SQLite names are schema.table at most", strings.Join(t.Parts, "."))
	}
	q := "SELECT name, '' FROM pragma_table_info(?)"
	args := []any{t.Parts[len(t.Parts)-1]}
	if len(t.Parts) == 2 {
		q = "SELECT name, '' FROM pragma_table_info(?, ?)"
		args = append(args, t.Parts[0])
	}
	rows, err := c.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("reading the columns of %s: %w", c.Dialect.QuoteQualified(t.Parts), err)
	}
	if err := scanColumns(rows, t); err != nil {
		return err
	}
	if len(t.Columns) == 0 {
		return c.notFound(t)
	}
	return nil
}
