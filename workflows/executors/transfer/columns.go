package transfer

import (
	"database/sql"
	"strconv"
	"strings"

	"github.com/actorflow/actorflow/workflows/dblink"
)

// column is one column of the rows being moved.
type column struct {
	Name   string
	Type   string            // the source database's type name, upper case; "" for a file column
	Kind   dblink.ColumnKind // what CREATE TABLE declares for it on the target
	Size   int               // maximum length of a string column; 0 when unknown
	Binary bool              // values are raw bytes ([]byte), not text
}

// fileColumns names n columns of a delimited file: the header's names where it has them,
// else akkaflow's col_0, col_1, …. File columns are text of unknown length.
func fileColumns(header []any, n int) []column {
	cols := make([]column, n)
	for i := range cols {
		name := "col_" + strconv.Itoa(i)
		if i < len(header) {
			if s, ok := header[i].(string); ok && strings.TrimSpace(s) != "" {
				name = strings.TrimSpace(s)
			}
		}
		cols[i] = column{Name: name, Kind: dblink.KindString}
	}
	return uniqueNames(cols)
}

// dbColumns describes a query's result columns. Length is used where the driver reports it.
func dbColumns(types []*sql.ColumnType) []column {
	cols := make([]column, len(types))
	for i, ct := range types {
		c := column{Name: ct.Name(), Type: strings.ToUpper(ct.DatabaseTypeName())}
		c.Kind, c.Binary = kindOf(c.Type)
		if n, ok := ct.Length(); ok && c.Kind == dblink.KindString && n > 0 && n < 1<<31 {
			c.Size = int(n)
		}
		if c.Name == "" || c.Name == "?column?" {
			c.Name = "col_" + strconv.Itoa(i)
		}
		cols[i] = c
	}
	return uniqueNames(cols)
}

// uniqueNames makes column names distinct ("id", "id" → "id", "id_2"), so that a join's
// result can become a table.
func uniqueNames(cols []column) []column {
	seen := map[string]bool{}
	for i := range cols {
		base, name := cols[i].Name, cols[i].Name
		for n := 2; seen[strings.ToLower(name)]; n++ {
			name = base + "_" + strconv.Itoa(n)
		}
		seen[strings.ToLower(name)] = true
		cols[i].Name = name
	}
	return cols
}

// kindOf maps a database type name (as database/sql drivers report it, for PostgreSQL,
// MySQL/MariaDB, SQLite and Oracle) to the portable kind the target declares. Unknown
// types are strings: every database can hold their text.
func kindOf(typ string) (kind dblink.ColumnKind, binary bool) {
	t := strings.TrimPrefix(typ, "UNSIGNED ")
	if i := strings.IndexByte(t, '('); i >= 0 { // SQLite reports the declared type: VARCHAR(20)
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "INT", "INT2", "INT4", "INT8", "INTEGER", "SMALLINT", "BIGINT", "TINYINT", "MEDIUMINT",
		"SERIAL", "BIGSERIAL", "SMALLSERIAL", "YEAR":
		if typ == "UNSIGNED BIGINT" { // beyond int64
			return dblink.KindDecimal, false
		}
		return dblink.KindInteger, false
	case "FLOAT", "FLOAT4", "FLOAT8", "REAL", "DOUBLE", "DOUBLE PRECISION", "BINARY_DOUBLE", "BINARY_FLOAT":
		return dblink.KindFloat, false
	case "DECIMAL", "NUMERIC", "NUMBER", "MONEY":
		return dblink.KindDecimal, false
	case "BOOL", "BOOLEAN":
		return dblink.KindBool, false
	case "DATE":
		return dblink.KindDate, false
	case "TIMESTAMP", "TIMESTAMPTZ", "DATETIME", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITHOUT TIME ZONE":
		return dblink.KindTimestamp, false
	case "BYTEA", "BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BINARY", "VARBINARY", "RAW", "LONG RAW":
		return dblink.KindBytes, true
	}
	return dblink.KindString, false
}

// specs are the columns as CREATE TABLE takes them.
func specs(cols []column) []dblink.ColumnSpec {
	out := make([]dblink.ColumnSpec, len(cols))
	for i, c := range cols {
		out[i] = dblink.ColumnSpec{Name: c.Name, Kind: c.Kind, Size: c.Size}
	}
	return out
}

// names lists the columns' names.
func names(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}
