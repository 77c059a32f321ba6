package testenv

import (
	"context"
	"database/sql"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql" // registers "mysql"
	"github.com/jackc/pgx/v5"
)

// The account sbin/lib/testservers.sh creates on both servers; it may CREATE DATABASE.
const (
	serverUser     = "actorflow"
	serverPassword = "actorflow"
	serverDatabase = "actorflow"
)

// serverTimeout bounds every connect, create and drop: a server that takes longer is broken.
const serverTimeout = 15 * time.Second

// adminConn runs the CREATE and DROP DATABASE statements.
type adminConn interface {
	exec(ctx context.Context, statement string) error
	close()
}

// engine is what differs between the two SQL servers.
type engine struct {
	name    string // for messages
	addrVar string
	connect func(ctx context.Context, admin DB) (adminConn, error)
	create  func(database string) string
	drop    func(database string) string
}

var postgresEngine = engine{
	name:    "PostgreSQL",
	addrVar: "ACTORFLOW_TEST_PG_ADDR",
	connect: connectPostgres,
	create:  func(db string) string { return "CREATE DATABASE " + db },
	// FORCE ends the sessions a test left open, which would otherwise make the drop fail.
	drop: func(db string) string { return "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)" },
}

var mariadbEngine = engine{
	name:    "MariaDB",
	addrVar: "ACTORFLOW_TEST_MYSQL_ADDR",
	connect: connectMySQL,
	create:  func(db string) string { return "CREATE DATABASE `" + db + "`" },
	drop:    func(db string) string { return "DROP DATABASE IF EXISTS `" + db + "`" },
}

// Postgres creates a new, empty PostgreSQL database owned by the returned User, for this test
// only, and drops it (ending any sessions left open) when the test ends.
func Postgres(t testing.TB) DB {
	t.Helper()
	return freshDatabase(t, postgresEngine)
}

// MariaDB creates a new, empty MariaDB database for this test only, and drops it when the test
// ends. User has all privileges on the server, like a typical application account.
func MariaDB(t testing.TB) DB {
	t.Helper()
	return freshDatabase(t, mariadbEngine)
}

func freshDatabase(t testing.TB, e engine) DB {
	t.Helper()
	addr := lookup(t, e.addrVar, e.name+" server")
	if addr == "" {
		return DB{}
	}
	host, port := hostPort(t, e.addrVar, addr)
	admin := DB{Host: host, Port: port, User: serverUser, Password: serverPassword, Database: serverDatabase}
	ctx, cancel := context.WithTimeout(context.Background(), serverTimeout)
	defer cancel()
	conn, err := e.connect(ctx, admin)
	if err != nil {
		t.Fatalf("testenv: %s at %s (%s) is configured but not reachable as %s: %v",
			e.name, addr, e.addrVar, serverUser, err)
		return DB{}
	}
	name := databaseName(t.Name())
	err = conn.exec(ctx, e.create(name))
	conn.close() // not kept open for the whole test: parallel tests would pile up sessions
	if err != nil {
		t.Fatalf("testenv: creating %s database %s at %s: %v", e.name, name, addr, err)
		return DB{}
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), serverTimeout)
		defer cancel()
		conn, err := e.connect(ctx, admin)
		if err == nil {
			err = conn.exec(ctx, e.drop(name))
			conn.close()
		}
		if err != nil {
			t.Errorf("testenv: dropping %s database %s at %s: %v", e.name, name, addr, err)
		}
	})
	fresh := admin
	fresh.Database = name
	return fresh
}

// The PostgreSQL admin connection is a plain pgx connection: pgx's database/sql adapter
// (pgx/v5/stdlib) also links pgxpool, whose dependency puddle/v2 has no go.sum entry here.
type pgxAdmin struct{ conn *pgx.Conn }

func connectPostgres(ctx context.Context, admin DB) (adminConn, error) {
	conn, err := pgx.Connect(ctx, admin.PostgresDSN())
	if err != nil {
		return nil, err
	}
	return pgxAdmin{conn}, nil
}

func (a pgxAdmin) exec(ctx context.Context, statement string) error {
	_, err := a.conn.Exec(ctx, statement)
	return err
}

func (a pgxAdmin) close() { _ = a.conn.Close(context.Background()) }

// The MariaDB admin connection is go-sql-driver/mysql through database/sql, limited to one
// connection so CREATE and DROP run on the same session.
type sqlAdmin struct{ pool *sql.DB }

func connectMySQL(ctx context.Context, admin DB) (adminConn, error) {
	pool, err := sql.Open("mysql", admin.MySQLDSN())
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(1)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return sqlAdmin{pool}, nil
}

func (a sqlAdmin) exec(ctx context.Context, statement string) error {
	_, err := a.pool.ExecContext(ctx, statement)
	return err
}

func (a sqlAdmin) close() { _ = a.pool.Close() }
