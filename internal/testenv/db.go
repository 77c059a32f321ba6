package testenv

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
)

// DB is a database created for one test: connect with its DSNs, as User, who owns it.
type DB struct {
	Host     string
	Port     int
	User     string
	Password string
	Database string
}

func (d DB) addr() string { return net.JoinHostPort(d.Host, strconv.Itoa(d.Port)) }

// PostgresDSN is a URL for pgx (and lib/pq, psql): postgres://user:password@host:port/db,
// without TLS because the test server listens on loopback only.
func (d DB) PostgresDSN() string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(d.User, d.Password),
		Host:     d.addr(),
		Path:     "/" + d.Database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// MySQLDSN is a go-sql-driver/mysql DSN: times scan into time.Time, and one Exec runs one
// statement (as the production code must assume).
func (d DB) MySQLDSN() string {
	return fmt.Sprintf("%s:%s@tcp(%s)/%s?parseTime=true&multiStatements=false",
		d.User, d.Password, d.addr(), d.Database)
}

// JDBCURL is the JDBC URL of the database, for akkaflow-style configurations: kind is
// "postgres"/"postgresql" or "mysql"/"mariadb". Any other kind is a bug in the test and panics.
func (d DB) JDBCURL(kind string) string {
	switch kind {
	case "postgres", "postgresql":
		return "jdbc:postgresql://" + d.addr() + "/" + d.Database
	case "mysql", "mariadb":
		return "jdbc:mysql://" + d.addr() + "/" + d.Database
	}
	panic(fmt.Sprintf("testenv: JDBCURL(%q): kind must be postgres, postgresql, mysql or mariadb", kind))
}
