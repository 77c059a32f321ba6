package dblink

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// PlaceholderStyle is how bind parameters are written.
type PlaceholderStyle int

const (
	QuestionMark PlaceholderStyle = iota // ?  (MySQL, MariaDB, SQLite)
	DollarNumber                         // $1 (PostgreSQL)
)

// CommentStyle is how a database sets table and column comments.
type CommentStyle int

const (
	NoComments   CommentStyle = iota // SQLite
	CommentOn                        // COMMENT ON TABLE/COLUMN … IS '…' (PostgreSQL)
	AlterComment                     // ALTER TABLE … COMMENT = '…' / MODIFY COLUMN … COMMENT '…' (MySQL)
)

// Dialect is what callers need to know to write SQL for one kind of database. Values are
// fixed per type (DialectOf); compare them by Name.
type Dialect struct {
	Name             string // "postgres", "mysql", "mariadb", "sqlite"
	Placeholders     PlaceholderStyle
	TransactionalDDL bool // DDL runs inside a transaction and rolls back with it
	IdentQuote       byte // '"' or '`'
	FoldsToLower     bool // unquoted identifiers are folded to lower case (PostgreSQL)
	Comments         CommentStyle

	// Lexical rules, used by Split.
	BackslashEscapes bool // \ escapes inside '…' and "…" (MySQL's default sql_mode)
	DollarQuoting    bool // $tag$ … $tag$ bodies (PostgreSQL)
	HashComments     bool // # starts a comment to the end of the line (MySQL)
}

var dialects = map[Type]Dialect{
	Postgres: {Name: "postgres", Placeholders: DollarNumber, TransactionalDDL: true, IdentQuote: '"',
		FoldsToLower: true, Comments: CommentOn, DollarQuoting: true},
	MySQL: {Name: "mysql", Placeholders: QuestionMark, IdentQuote: '`', Comments: AlterComment,
		BackslashEscapes: true, HashComments: true},
	MariaDB: {Name: "mariadb", Placeholders: QuestionMark, IdentQuote: '`', Comments: AlterComment,
		BackslashEscapes: true, HashComments: true},
	SQLite: {Name: "sqlite", Placeholders: QuestionMark, TransactionalDDL: true, IdentQuote: '"',
		Comments: NoComments},
	Oracle: {Name: "oracle", Placeholders: DollarNumber, IdentQuote: '"', Comments: CommentOn},
	Hive:   {Name: "hive", Placeholders: QuestionMark, IdentQuote: '`', Comments: AlterComment, BackslashEscapes: true},
}

// DialectOf returns the dialect of a link type.
func DialectOf(t Type) (Dialect, error) {
	t, err := ParseType(string(t))
	if err != nil {
		return Dialect{}, err
	}
	return dialects[t], nil
}

// MySQLFamily is true for MySQL and MariaDB, whose DDL commits implicitly.
func (d Dialect) MySQLFamily() bool { return d.Name == "mysql" || d.Name == "mariadb" }

// Placeholder is the i-th (1-based) bind parameter: "?" or "$i".
func (d Dialect) Placeholder(i int) string {
	if d.Placeholders == DollarNumber {
		return "$" + strconv.Itoa(i)
	}
	return "?"
}

// QuoteIdent quotes one identifier, doubling the quote character inside it.
func (d Dialect) QuoteIdent(name string) string {
	q := string(d.IdentQuote)
	return q + strings.ReplaceAll(name, q, q+q) + q
}

// QuoteQualified quotes each part of a qualified name and joins them with dots.
func (d Dialect) QuoteQualified(parts []string) string {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = d.QuoteIdent(p)
	}
	return strings.Join(quoted, ".")
}

// QuoteString writes a string literal. MySQL's default sql_mode treats backslash as an
// escape, so it is doubled there (under NO_BACKSLASH_ESCAPES a backslash would then be
// stored twice: a documented limitation).
func (d Dialect) QuoteString(s string) string {
	if d.BackslashEscapes {
		s = strings.ReplaceAll(s, `\`, `\\`)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// ParseQualified splits a table name as written in a workflow ("db.t", "schema.t", "t",
// `"My Table"`, "`t`") into its parts: quoted parts keep their case and may hold any
// character; bare parts are letters, digits, '_' and '$', folded to lower case where the
// database folds them. At most three parts.
func (d Dialect) ParseQualified(name string) ([]string, error) {
	s := strings.TrimSpace(name)
	var parts []string
	for {
		if s == "" {
			return nil, workflows.Errorf(workflows.CodeInvalid, "table name %q has an empty part", name)
		}
		var part string
		if s[0] == d.IdentQuote || s[0] == '"' || s[0] == '`' {
			q := s[0]
			var b strings.Builder
			i := 1
			closed := false
			for i < len(s) {
				if s[i] == q {
					if i+1 < len(s) && s[i+1] == q {
						b.WriteByte(q)
						i += 2
						continue
					}
					closed = true
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			if !closed || b.Len() == 0 {
				return nil, workflows.Errorf(workflows.CodeInvalid, "table name %q has an unterminated or empty quoted part", name)
			}
			part, s = b.String(), s[i:]
		} else {
			i := 0
			for i < len(s) && s[i] != '.' {
				if !identByte(s[i]) {
					return nil, workflows.Errorf(workflows.CodeInvalid,
						"table name %q: character %q is not allowed in an unquoted name (quote the part)", name, rune(s[i]))
				}
				i++
			}
			part, s = s[:i], s[i:]
			if d.FoldsToLower {
				part = strings.ToLower(part)
			}
		}
		parts = append(parts, part)
		if s == "" {
			break
		}
		if s[0] != '.' {
			return nil, workflows.Errorf(workflows.CodeInvalid, "table name %q: expected '.' after %q", name, part)
		}
		s = s[1:]
	}
	if len(parts) > 3 {
		return nil, workflows.Errorf(workflows.CodeInvalid, "table name %q has %d parts; at most catalog.schema.table", name, len(parts))
	}
	return parts, nil
}

// identByte: ASCII identifier characters and any byte of a multi-byte UTF-8 character.
func identByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// ColumnKind is a portable column type for CREATE TABLE.
type ColumnKind int

const (
	KindString ColumnKind = iota
	KindInteger
	KindFloat
	KindDecimal
	KindBool
	KindDate
	KindTimestamp
	KindBytes
)

// ColumnType is the type to declare for a column of kind k. size is the maximum length of
// a string (<= 0: unbounded text).
func (d Dialect) ColumnType(k ColumnKind, size int) string {
	switch d.Name {
	case "postgres":
		return pick(k, size, "varchar(%d)", "text", "bigint", "double precision", "numeric", "boolean", "date", "timestamp", "bytea", 10485760)
	case "mysql", "mariadb":
		return pick(k, size, "varchar(%d)", "longtext", "bigint", "double", "decimal(38,10)", "boolean", "date", "datetime(6)", "longblob", 16383)
	case "hive":
		return pick(k, size, "", "string", "bigint", "double", "decimal(38,10)", "boolean", "date", "timestamp", "binary", 0)
	case "oracle":
		return pick(k, size, "varchar2(%d)", "clob", "number(19)", "binary_double", "number", "number(1)", "date", "timestamp", "blob", 4000)
	}
	return pick(k, size, "", "TEXT", "INTEGER", "REAL", "NUMERIC", "INTEGER", "TEXT", "TEXT", "BLOB", 0)
}

func pick(k ColumnKind, size int, varchar, text, integer, float, decimal, boolean, date, ts, bytes string, maxVarchar int) string {
	switch k {
	case KindInteger:
		return integer
	case KindFloat:
		return float
	case KindDecimal:
		return decimal
	case KindBool:
		return boolean
	case KindDate:
		return date
	case KindTimestamp:
		return ts
	case KindBytes:
		return bytes
	}
	if size <= 0 || size > maxVarchar { // maxVarchar 0: the database has only one text type
		return text
	}
	return fmt.Sprintf(varchar, size)
}

// ColumnSpec is one column of a table to create.
type ColumnSpec struct {
	Name string
	Kind ColumnKind
	Size int // strings: maximum length; <= 0 unbounded
}

// CreateTableSQL writes CREATE TABLE for table (parts from ParseQualified).
func (d Dialect) CreateTableSQL(table []string, cols []ColumnSpec) string {
	var b strings.Builder
	b.WriteString("CREATE TABLE ")
	b.WriteString(d.QuoteQualified(table))
	b.WriteString(" (")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.QuoteIdent(c.Name))
		b.WriteByte(' ')
		b.WriteString(d.ColumnType(c.Kind, c.Size))
	}
	b.WriteString(")")
	return b.String()
}

// DeleteAllSQL empties a table inside a transaction: DELETE, not TRUNCATE, because
// TRUNCATE commits implicitly on MySQL and cannot be rolled back there.
func (d Dialect) DeleteAllSQL(table []string) string { return "DELETE FROM " + d.QuoteQualified(table) }

// TableCommentSQL sets a table's comment.
func (d Dialect) TableCommentSQL(table []string, text string) (string, error) {
	switch d.Comments {
	case CommentOn:
		return "COMMENT ON TABLE " + d.QuoteQualified(table) + " IS " + d.QuoteString(text), nil
	case AlterComment:
		return "ALTER TABLE " + d.QuoteQualified(table) + " COMMENT = " + d.QuoteString(text), nil
	}
	return "", d.noComments()
}

// ColumnCommentSQL sets a column's comment. MySQL can only do that by restating the whole
// column: definition is the column's current definition without its COMMENT clause (see
// Conn.Columns); other databases ignore it.
func (d Dialect) ColumnCommentSQL(table []string, column, definition, text string) (string, error) {
	switch d.Comments {
	case CommentOn:
		return "COMMENT ON COLUMN " + d.QuoteQualified(append(table[:len(table):len(table)], column)) + " IS " + d.QuoteString(text), nil
	case AlterComment:
		if strings.TrimSpace(definition) == "" {
			return "", workflows.Errorf(workflows.CodeInternal, "column %s: no definition to restate for its comment", column)
		}
		return "ALTER TABLE " + d.QuoteQualified(table) + " MODIFY COLUMN " + d.QuoteIdent(column) + " " + definition +
			" COMMENT " + d.QuoteString(text), nil
	}
	return "", d.noComments()
}

func (d Dialect) noComments() error {
	return workflows.Errorf(workflows.CodeUnsupported, "%s has no table or column comments", d.Name)
}
