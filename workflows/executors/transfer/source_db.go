package transfer

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/actorflow/actorflow/workflows/dblink"
)

// tableName is a table written bare (optionally qualified): the source is then the whole
// table, as in akkaflow. Anything else is a query.
var tableName = regexp.MustCompile(`^[\p{L}_][\p{L}\p{N}_$]*(\.[\p{L}_][\p{L}\p{N}_$]*){0,2}$`)

// sourceQuery is what a DB source runs: "SELECT * FROM t" for a bare table name, else the
// text as written (akkaflow wrapped it in a subquery, which breaks WITH on MySQL and a
// trailing semicolon everywhere).
func sourceQuery(text string) string {
	text = strings.TrimSpace(text)
	if tableName.MatchString(text) {
		return "SELECT * FROM " + text
	}
	return strings.TrimSpace(strings.TrimRight(text, "; \t\r\n"))
}

type dbSource struct {
	rows    *sql.Rows
	cols    []column
	dests   []any
	pgBytes bool // binary values arrive in PostgreSQL's text form, \x followed by hex
}

func openDBSource(ctx context.Context, db *dblink.Conn, text string) (*dbSource, error) {
	q := sourceQuery(text)
	rows, err := db.DB.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("source query %q: %w", shorten(q), err)
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		rows.Close()
		return nil, fmt.Errorf("source query %q: reading its columns: %w", shorten(q), err)
	}
	s := &dbSource{rows: rows, cols: dbColumns(types), pgBytes: db.Dialect.Name == "postgres"}
	s.dests = make([]any, len(s.cols))
	for i, c := range s.cols {
		if c.Binary {
			s.dests[i] = new([]byte)
		} else {
			s.dests[i] = new(sql.NullString)
		}
	}
	return s, nil
}

func (s *dbSource) Columns() []column { return s.cols }

func (s *dbSource) Next() ([]any, error) {
	if !s.rows.Next() {
		if err := s.rows.Err(); err != nil {
			return nil, fmt.Errorf("reading the source: %w", err)
		}
		return nil, io.EOF
	}
	if err := s.rows.Scan(s.dests...); err != nil {
		return nil, fmt.Errorf("reading the source: %w", err)
	}
	row := make([]any, len(s.dests))
	for i, d := range s.dests {
		switch d := d.(type) {
		case *sql.NullString:
			if d.Valid {
				row[i] = d.String
				if s.cols[i].Kind == dblink.KindBool {
					row[i] = boolText(d.String)
				}
			}
		case *[]byte:
			if *d != nil {
				b, err := s.binary(*d)
				if err != nil {
					return nil, fmt.Errorf("reading the source: column %s: %w", s.cols[i].Name, err)
				}
				row[i] = b
			}
		}
	}
	return row, nil
}

// binary returns raw bytes; PostgreSQL's text protocol sends bytea as \x plus hex.
func (s *dbSource) binary(b []byte) ([]byte, error) {
	if s.pgBytes && len(b) >= 2 && b[0] == '\\' && b[1] == 'x' {
		out := make([]byte, hex.DecodedLen(len(b)-2))
		_, err := hex.Decode(out, b[2:])
		return out, err
	}
	return b, nil
}

func (s *dbSource) Close() error { return s.rows.Close() }

// shorten keeps a query readable in a message.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return string(r[:77]) + "..."
	}
	return s
}

// boolText writes a boolean as 1 or 0, which PostgreSQL, MySQL and SQLite all read into
// their boolean columns (PostgreSQL's own t/f is refused by MySQL).
func boolText(s string) string {
	switch strings.ToLower(s) {
	case "t", "true", "y", "yes", "on":
		return "1"
	case "f", "false", "n", "no", "off":
		return "0"
	}
	return s
}
