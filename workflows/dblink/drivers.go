package dblink

import (
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"

	_ "modernc.org/sqlite" // registers driver "sqlite"

	"github.com/actorflow/actorflow/workflows"
)

// defaultConnectTimeout bounds a connection attempt to a server that does not answer,
// unless the link sets its own (connectTimeout / connect_timeout).
const defaultConnectTimeout = 30 * time.Second

// opened is a new pool plus what the caller should know about how it was built.
type opened struct {
	db    *sql.DB
	notes []string // e.g. JDBC-only parameters that were ignored
}

// openDB builds a *sql.DB for a link without connecting. The password never goes into a
// connection string: it is set on the driver's config struct, so no driver error can
// quote it.
func openDB(l Link, ep Endpoint, password string) (opened, error) {
	// JDBC lets user and password travel as properties too; they must never reach a driver
	// as parameters (go-sql-driver would issue "SET password = …").
	var params []Property
	propUser, propPassword := "", ""
	for _, p := range append(append([]Property(nil), ep.Params...), l.Properties...) {
		switch strings.ToLower(p.Name) {
		case "user":
			propUser = p.Value
		case "password":
			propPassword = p.Value
		default:
			params = append(params, p)
		}
	}
	user := firstNonEmpty(l.Username, propUser, ep.User)
	password = firstNonEmpty(password, propPassword, ep.Password)
	switch l.Type {
	case SQLite:
		return openSQLite(ep, params)
	case Postgres:
		return openPostgres(ep, user, password, params)
	case MySQL, MariaDB:
		return openMySQL(ep, user, password, params)
	}
	return opened{}, workflows.Errorf(workflows.CodeUnsupported,
		"db-link %q: no driver for %s in this build (supported: MYSQL, MARIADB, POSTGRES, SQLITE)", l.Name, l.Type)
}

func openSQLite(ep Endpoint, params []Property) (opened, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)") // wait for a writer instead of failing with SQLITE_BUSY
	var notes []string
	for _, p := range params {
		if p.Name == "_pragma" || p.Name == "_txlock" || p.Name == "_time_format" {
			q.Add(p.Name, p.Value)
			continue
		}
		if !isSimpleWord(p.Name) || strings.ContainsAny(p.Value, "()") {
			notes = append(notes, fmt.Sprintf("ignored SQLite property %q: not a pragma name(value)", p.Name))
			continue
		}
		q.Add("_pragma", p.Name+"("+p.Value+")")
	}
	db, err := sql.Open("sqlite", ep.Path+"?"+q.Encode())
	if err != nil {
		return opened{}, err
	}
	if ep.Path == ":memory:" || strings.Contains(ep.Path, "mode=memory") {
		db.SetMaxOpenConns(1) // each connection to :memory: is its own database
	}
	return opened{db: db, notes: notes}, nil
}

func isSimpleWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !identByte(s[i]) || s[i] >= 0x80 {
			return false
		}
	}
	return s != ""
}

// pgIgnored are pgJDBC parameters that mean nothing to pgx; passed on, the server would
// reject them as unknown settings.
var pgIgnored = map[string]bool{"preparethreshold": true, "sockettimeout": true, "tcpkeepalive": true,
	"rewritebatchedinserts": true, "stringtype": true, "binarytransfer": true, "defaultrowfetchsize": true,
	"loggerlevel": true, "loggerfile": true, "sslfactory": true, "autosave": true, "preferquerymode": true,
	"assumeminserverversion": true, "readonly": true, "loadbalancehosts": true, "ssl": true}

// pgRenamed maps pgJDBC parameter names to libpq/pgx ones.
var pgRenamed = map[string]string{"currentschema": "search_path", "applicationname": "application_name",
	"connecttimeout": "connect_timeout", "logintimeout": "connect_timeout"}

func openPostgres(ep Endpoint, user, password string, params []Property) (opened, error) {
	q := url.Values{}
	var notes []string
	sslRequested := false
	for _, p := range params {
		key := strings.ToLower(p.Name)
		if key == "ssl" && strings.EqualFold(p.Value, "true") {
			sslRequested = true
		}
		if pgIgnored[key] {
			notes = append(notes, "ignored pgJDBC parameter "+p.Name)
			continue
		}
		if n, ok := pgRenamed[key]; ok {
			q.Set(n, p.Value)
			continue
		}
		q.Set(p.Name, p.Value)
	}
	if sslRequested && q.Get("sslmode") == "" {
		q.Set("sslmode", "require")
	}
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", fmt.Sprint(int(defaultConnectTimeout.Seconds())))
	}
	u := url.URL{Scheme: "postgres", Host: ep.hostPort(), Path: "/" + ep.Database, RawQuery: q.Encode()}
	if user != "" {
		u.User = url.User(user)
	}
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return opened{}, fmt.Errorf("bad PostgreSQL connection settings: %v", err)
	}
	if password != "" { // else keep what pgx found in PGPASSWORD or ~/.pgpass
		cfg.Password = password
	}
	return opened{db: sql.OpenDB(newPgConnector(cfg)), notes: notes}, nil
}

// myIgnored are Connector/J parameters without a go-sql-driver meaning; passed on, the
// driver would issue them as SET statements and the server would refuse them.
var myIgnored = map[string]bool{"autoreconnect": true, "failoverreadonly": true, "rewritebatchedstatements": true,
	"zerodatetimebehavior": true, "useunicode": true, "characterencoding": true, "servertimezone": true,
	"uselegacydatetimecode": true, "allowpublickeyretrieval": true, "useserverprepstmts": true,
	"cacheprepstmts": true, "prepstmtcachesize": true, "prepstmtcachesqllimit": true, "usecompression": true,
	"verifyservercertificate": true, "nullcatalogmeanscurrent": true, "tinyint1isbit": true,
	"usejdbccomplianttimezoneshift": true, "usessl": true, "requiressl": true, "sslmode": true,
	"connecttimeout": true, "sockettimeout": true, "usecursorfetch": true, "defaultfetchsize": true}

func openMySQL(ep Endpoint, user, password string, params []Property) (opened, error) {
	var notes []string
	q := url.Values{}
	cfgTimeout, readTimeout := defaultConnectTimeout, time.Duration(0)
	tls := ""
	for _, p := range params {
		key := strings.ToLower(p.Name)
		switch key {
		case "usessl", "requiressl":
			if strings.EqualFold(p.Value, "false") {
				tls = "false"
			} else if tls == "" {
				tls = "skip-verify" // Connector/J does not verify the certificate unless asked
			}
		case "sslmode":
			switch strings.ToUpper(p.Value) {
			case "DISABLED":
				tls = "false"
			case "PREFERRED":
				tls = "preferred"
			case "REQUIRED":
				tls = "skip-verify"
			default:
				tls = "true"
			}
		case "connecttimeout", "sockettimeout":
			var ms int
			if _, err := fmt.Sscan(p.Value, &ms); err != nil || ms < 0 {
				return opened{}, fmt.Errorf("parameter %s=%q: want milliseconds", p.Name, p.Value)
			}
			if key == "connecttimeout" && ms > 0 {
				cfgTimeout = time.Duration(ms) * time.Millisecond
			} else if key == "sockettimeout" {
				readTimeout = time.Duration(ms) * time.Millisecond
			}
		}
		if myIgnored[key] {
			if key != "usessl" && key != "requiressl" && key != "sslmode" && key != "connecttimeout" && key != "sockettimeout" {
				notes = append(notes, "ignored Connector/J parameter "+p.Name)
			}
			continue
		}
		q.Set(p.Name, p.Value)
	}
	if tls != "" && q.Get("tls") == "" {
		q.Set("tls", tls)
	}
	dsn := "tcp(" + ep.hostPort() + ")/" + ep.Database
	if len(q) > 0 {
		dsn += "?" + q.Encode()
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return opened{}, fmt.Errorf("bad MySQL connection settings: %v", err)
	}
	cfg.User, cfg.Passwd = user, password
	if q.Get("timeout") == "" {
		cfg.Timeout = cfgTimeout
	}
	if readTimeout > 0 && q.Get("readTimeout") == "" {
		cfg.ReadTimeout = readTimeout
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return opened{}, fmt.Errorf("bad MySQL connection settings: %v", err)
	}
	return opened{db: sql.OpenDB(conn), notes: notes}, nil
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
