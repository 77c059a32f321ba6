package dblink

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Endpoint is a jdbc-url taken apart.
type Endpoint struct {
	Type     Type
	Host     string // "" for SQLITE
	Port     int    // the default port of the type when the URL has none
	Database string // may be "" (the server's default for the user)
	Path     string // SQLITE: the database file, or ":memory:"
	// User and Password come from the URL itself (user:pw@host, or user=/password=
	// parameters); the link's username and password attributes win over them.
	User, Password string
	Params         []Property // query parameters in order, user/password removed
}

var defaultPorts = map[Type]int{Postgres: 5432, MySQL: 3306, MariaDB: 3306, Hive: 10000, Oracle: 1521}

// schemes are the URL schemes (after an optional "jdbc:") each type accepts.
var schemes = map[Type][]string{
	Postgres: {"postgresql", "postgres"},
	MySQL:    {"mysql", "mariadb"},
	MariaDB:  {"mariadb", "mysql"},
	Hive:     {"hive2", "hive"},
}

// ParseJDBCURL takes a jdbc-url apart for a link of type t. Accepted forms:
//
//	SQLITE    jdbc:sqlite:/path/file.db, jdbc:sqlite::memory:, or a plain path
//	POSTGRES  jdbc:postgresql://host[:port][/db][?k=v&…], jdbc:postgresql:db, postgres://…
//	MYSQL     jdbc:mysql://host[:port][/db][?k=v&…] (also jdbc:mariadb://, mysql://)
//	MARIADB   the same as MYSQL
//	HIVE      jdbc:hive2://host[:port][/db][;k=v…] (checked only; no driver in this build)
//	ORACLE    jdbc:oracle:… (checked only; no driver in this build)
//
// Failover lists (several hosts) and driver sub-protocols (jdbc:mysql:loadbalance://) are
// rejected with a message saying so.
func ParseJDBCURL(t Type, raw string) (Endpoint, error) {
	t, err := ParseType(string(t))
	if err != nil {
		return Endpoint{}, err
	}
	s := strings.TrimSpace(raw)
	if s == "" {
		return Endpoint{}, fmt.Errorf("jdbc-url is empty")
	}
	switch t {
	case SQLite:
		return parseSQLiteURL(s)
	case Oracle:
		if !strings.HasPrefix(asciiLower(s), "jdbc:oracle:") {
			return Endpoint{}, fmt.Errorf("jdbc-url %q does not start with jdbc:oracle: as an ORACLE link needs", redactURL(s))
		}
		return Endpoint{Type: t, Port: defaultPorts[t]}, nil
	}
	return parseServerURL(t, s)
}

func parseSQLiteURL(s string) (Endpoint, error) {
	lower := asciiLower(s)
	switch {
	case strings.HasPrefix(lower, "jdbc:sqlite:"):
		s = s[len("jdbc:sqlite:"):]
	case strings.HasPrefix(lower, "sqlite:"):
		s = s[len("sqlite:"):]
	case strings.HasPrefix(lower, "jdbc:"):
		return Endpoint{}, fmt.Errorf("jdbc-url %q is not a SQLite URL (want jdbc:sqlite:/path or a plain path)", redactURL(s))
	}
	path, query, _ := strings.Cut(s, "?")
	if path == "" {
		return Endpoint{}, fmt.Errorf("SQLite jdbc-url %q names no database file", redactURL(s))
	}
	if strings.ContainsRune(path, 0) {
		return Endpoint{}, fmt.Errorf("SQLite path %q contains a NUL byte", path)
	}
	params, err := parseParams(query, "&")
	if err != nil {
		return Endpoint{}, err
	}
	return Endpoint{Type: SQLite, Path: path, Params: params}, nil
}

func parseServerURL(t Type, s string) (Endpoint, error) {
	want := schemes[t]
	rest := s
	if strings.HasPrefix(asciiLower(rest), "jdbc:") {
		rest = rest[len("jdbc:"):]
	}
	scheme, after, ok := strings.Cut(rest, ":")
	scheme = strings.ToLower(scheme)
	if !ok || !contains(want, scheme) {
		return Endpoint{}, fmt.Errorf("jdbc-url %q does not fit type %s (want jdbc:%s://host:port/database)", redactURL(s), t, want[0])
	}
	ep := Endpoint{Type: t, Port: defaultPorts[t]}
	if !strings.HasPrefix(after, "//") {
		// jdbc:postgresql:database (local server, default port): the only host-less form.
		if t != Postgres || after == "" || strings.ContainsAny(after, ":/") {
			return Endpoint{}, fmt.Errorf("jdbc-url %q: want jdbc:%s://host:port/database (driver sub-protocols such as %s:loadbalance:// are not supported)", redactURL(s), want[0], scheme)
		}
		db, query, _ := strings.Cut(after, "?")
		params, err := parseParams(query, "&")
		if err != nil {
			return Endpoint{}, err
		}
		ep.Host, ep.Database, ep.Params = "localhost", db, params
		return ep.takeCredentials(), nil
	}
	sep := "&"
	body := after[2:]
	if t == Hive {
		// Hive puts session variables after ';' in the path part.
		body, _, _ = strings.Cut(body, ";")
	}
	u, err := url.Parse("x://" + body)
	if err != nil {
		return Endpoint{}, fmt.Errorf("jdbc-url %q: %v", redactURL(s), redactErr(err))
	}
	if strings.Contains(u.Host, ",") {
		return Endpoint{}, fmt.Errorf("jdbc-url %q lists several hosts; failover lists are not supported, name one host", redactURL(s))
	}
	ep.Host = u.Hostname()
	if ep.Host == "" {
		ep.Host = "localhost"
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return Endpoint{}, fmt.Errorf("jdbc-url %q has port %q, want 1-65535", redactURL(s), p)
		}
		ep.Port = n
	}
	ep.Database = strings.TrimPrefix(u.Path, "/")
	if strings.Contains(ep.Database, "/") {
		return Endpoint{}, fmt.Errorf("jdbc-url %q: database name %q contains '/'", redactURL(s), ep.Database)
	}
	if u.User != nil {
		ep.User = u.User.Username()
		ep.Password, _ = u.User.Password()
	}
	if ep.Params, err = parseParams(u.RawQuery, sep); err != nil {
		return Endpoint{}, err
	}
	return ep.takeCredentials(), nil
}

// takeCredentials moves user= and password= parameters into User and Password.
func (ep Endpoint) takeCredentials() Endpoint {
	kept := ep.Params[:0:0]
	for _, p := range ep.Params {
		switch strings.ToLower(p.Name) {
		case "user":
			ep.User = p.Value
		case "password":
			ep.Password = p.Value
		default:
			kept = append(kept, p)
		}
	}
	ep.Params = kept
	return ep
}

func parseParams(query, sep string) ([]Property, error) {
	var out []Property
	for _, kv := range strings.Split(query, sep) {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("jdbc-url parameter %q: %v", k, err)
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("jdbc-url parameter %q has a malformed value (bad %% escape)", key)
		}
		if key == "" {
			return nil, fmt.Errorf("jdbc-url has a parameter without a name")
		}
		out = append(out, Property{Name: key, Value: val})
	}
	return out, nil
}

// redactURL hides any password a URL carries (user:pw@ or password=…).
func redactURL(s string) string {
	if at := strings.LastIndex(s, "@"); at >= 0 {
		if start := strings.Index(s, "//"); start >= 0 && start < at {
			if colon := strings.Index(s[start+2:at], ":"); colon >= 0 {
				s = s[:start+2+colon+1] + "******" + s[at:]
			}
		}
	}
	lower := asciiLower(s)
	for _, key := range []string{"password="} {
		from := 0
		for {
			i := strings.Index(lower[from:], key)
			if i < 0 {
				break
			}
			i += from + len(key)
			j := i
			for j < len(s) && s[j] != '&' && s[j] != ';' {
				j++
			}
			s = s[:i] + "******" + s[j:]
			lower = asciiLower(s)
			from = i + len("******")
		}
	}
	return s
}

// asciiLower lowers ASCII letters only, so that offsets in the result are offsets in s
// (strings.ToLower may change the length of invalid UTF-8).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// redactErr drops the text of url errors, which quote the URL, password included.
func redactErr(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hostPort renders the endpoint's address for a dialer.
func (ep Endpoint) hostPort() string { return net.JoinHostPort(ep.Host, strconv.Itoa(ep.Port)) }
