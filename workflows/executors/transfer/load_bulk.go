package transfer

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// pgxConner is a PostgreSQL driver connection that lends its *pgx.Conn, which COPY needs
// (pgx/v5/stdlib's connection has this method).
type pgxConner interface{ Conn() *pgx.Conn }

// canCopy reports whether conn's driver lends a pgx connection for COPY.
func canCopy(conn *sql.Conn) bool {
	ok := false
	_ = conn.Raw(func(dc any) error {
		_, ok = dc.(pgxConner)
		return nil
	})
	return ok
}

// loadCopy streams the feed through COPY … FROM STDIN in text format on conn, inside the
// transaction already open on it.
func loadCopy(ctx context.Context, conn *sql.Conn, table string, cols []string, f *feed) (int64, error) {
	rows := &textRows{ctx: ctx, f: f, pgBytes: true}
	var n int64
	err := conn.Raw(func(dc any) error {
		pc, ok := dc.(pgxConner)
		if !ok {
			return errors.New("the PostgreSQL driver does not lend its pgx connection for COPY")
		}
		tag, err := pc.Conn().PgConn().CopyFrom(ctx, rows, "COPY "+table+" ("+strings.Join(cols, ", ")+") FROM STDIN")
		n = tag.RowsAffected()
		return err
	})
	return n, err
}

// canLoadData reports whether the MySQL/MariaDB server accepts LOAD DATA LOCAL.
func canLoadData(ctx context.Context, tx *sql.Tx) bool {
	var on sql.NullString
	err := tx.QueryRowContext(ctx, "SELECT @@local_infile").Scan(&on)
	return err == nil && (on.String == "1" || strings.EqualFold(on.String, "ON"))
}

// loadData streams the feed through LOAD DATA LOCAL INFILE inside tx. With LOCAL the
// server turns bad values and duplicate keys into warnings instead of errors (it cannot
// stop the client mid-stream), so any warning fails the load here, naming the first ones:
// a silently truncated or zeroed value is worse than a failed node.
func loadData(ctx context.Context, tx *sql.Tx, table string, cols []string, f *feed) (int64, error) {
	var id [8]byte
	_, _ = rand.Read(id[:])
	name := "actorflow-transfer-" + hex.EncodeToString(id[:])
	rows := &textRows{ctx: ctx, f: f}
	mysql.RegisterReaderHandler(name, func() io.Reader { return rows })
	defer mysql.DeregisterReaderHandler(name)
	res, err := tx.ExecContext(ctx, "LOAD DATA LOCAL INFILE 'Reader::"+name+"' INTO TABLE "+table+
		" CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("+
		strings.Join(cols, ", ")+")")
	if err != nil {
		return 0, err
	}
	if err := mysqlWarnings(ctx, tx); err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// mysqlWarnings fails when the last statement left warnings, quoting up to three.
func mysqlWarnings(ctx context.Context, tx *sql.Tx) error {
	rs, err := tx.QueryContext(ctx, "SHOW WARNINGS LIMIT 3")
	if err != nil {
		return err
	}
	defer rs.Close()
	var msgs []string
	for rs.Next() {
		var level, msg string
		var code int
		if err := rs.Scan(&level, &code, &msg); err != nil {
			return err
		}
		msgs = append(msgs, fmt.Sprintf("%s %d: %s", level, code, msg))
	}
	if err := rs.Err(); err != nil {
		return err
	}
	if len(msgs) > 0 {
		return fmt.Errorf("the server changed or refused values while loading (%s)", strings.Join(msgs, "; "))
	}
	return nil
}
