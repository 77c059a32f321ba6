// Package dblink is the db-link registry: named database connections read from akkaflow's
// conf/db_links.xml or added at runtime, opened through database/sql with one shared pool
// per link, plus what callers need to write SQL for each database (Dialect, Split, Table).
//
//	links, err := dblink.ParseFile("conf/db_links.xml")
//	reg, err := dblink.NewRegistry(links...)
//	conn, err := reg.OpenRef(ctx, action.SQL.DB)   // named or 2017 inline link
//	defer conn.Close()
//
// Types: SQLITE (modernc.org/sqlite), POSTGRES/POSTGRESQL (pgx/v5 through a small
// database/sql adapter in pgdriver.go), MYSQL and MARIADB (go-sql-driver/mysql). ORACLE
// and HIVE are accepted in configuration so existing files load, but Open fails with
// CodeUnsupported "no driver for ORACLE in this build": their drivers cannot be tested here
// (ecosystem.md §2.3), and a Hive user is better served by a beeline script node.
//
// Invariants:
//   - A password never appears in a message, a log or List: it is set on the driver's
//     config struct, never in a connection string; Link.Redacted hides literal passwords,
//     password properties and a password inside the jdbc-url; driver errors are scrubbed.
//   - Password references (env:NAME, file:/path; literal: escapes a literal, see package
//     secret) are resolved at Open, on the process that connects, so secrets need not be in the file; the pool is keyed by the resolved
//     secret, so a rotated password file takes effect at the next Open.
//   - One *sql.DB per link definition. Put, Delete and Close retire a pool; a retired pool
//     is closed when its last Conn is closed, never under a running task.
//   - A new pool is pinged before use, so a wrong password or an unreachable server fails at
//     Open with a classified error (CodeUnauthorized, CodeUnavailable, CodeNotFound).
//   - Unknown link names give CodeNotFound: db-link "x" does not exist (known: a, b).
//   - Parse never panics; a file with any problem yields no links and a *workflows.Error
//     whose Problems each carry file:line:col (positions as in workflows/xmlspec: encoding/xml
//     notes each start tag, etree's elements are paired with them in document order).
//
// JDBC parameters (in the jdbc-url or as <property>) are translated: for MySQL useSSL,
// requireSSL, sslMode, connectTimeout and socketTimeout map onto go-sql-driver settings and
// Connector/J-only ones (autoReconnect, characterEncoding, …) are dropped with a note in
// Conn.Notes; anything else is passed to the driver, which sends unknown names to the server
// as session variables. For PostgreSQL, ssl=true means sslmode=require, currentSchema is
// search_path, ApplicationName is application_name, pgJDBC-only ones are dropped, the rest
// go to pgx (libpq keywords or server settings). For SQLite a property name=value becomes
// PRAGMA name(value).
package dblink
