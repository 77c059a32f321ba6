package dblink

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/secret"
)

// Pool settings: a task opens a link, runs, and lets go; idle connections are closed soon
// so that rarely used links hold no server sessions.
const (
	maxIdleConns    = 2
	connMaxIdleTime = 2 * time.Minute
	connMaxLifetime = 30 * time.Minute
)

// Registry holds the db-links (from db_links.xml and added at runtime) and one *sql.DB pool
// per link. Safe for concurrent use.
type Registry struct {
	secrets secret.Source // where password references are read; tests replace it

	mu     sync.Mutex
	links  map[string]Link
	pools  map[string]*pool // by fingerprint (link fields + resolved password)
	closed bool
}

// pool is one *sql.DB shared by every Conn opened on the same link definition. A retired
// pool (its link changed, was deleted, or the registry closed) takes no new users and is
// closed when its last Conn is closed, so a running task never loses its connection.
type pool struct {
	name    string
	db      *sql.DB
	notes   []string
	refs    int
	retired bool
}

// NewRegistry returns a registry holding links (each validated; names must be unique).
func NewRegistry(links ...Link) (*Registry, error) {
	r := &Registry{links: map[string]Link{}, pools: map[string]*pool{}}
	for _, l := range links {
		l = l.normalized()
		if err := l.Validate(); err != nil {
			return nil, err
		}
		if _, dup := r.links[l.Name]; dup {
			return nil, workflows.Errorf(workflows.CodeInvalid, "db-link %q is given twice", l.Name)
		}
		r.links[l.Name] = l
	}
	return r, nil
}

// Put adds or replaces a link. Replacing retires the old link's pool.
func (r *Registry) Put(l Link) error {
	l = l.normalized()
	if err := l.Validate(); err != nil {
		return err
	}
	if strings.HasPrefix(l.Name, "inline:") {
		return workflows.Errorf(workflows.CodeInvalid, "db-link name %q: the prefix inline: is reserved for inline connections", l.Name)
	}
	if l.Source == "" {
		l.Source = "api"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.links[l.Name] = l
	r.retireLocked(l.Name, "")
	return nil
}

// Delete removes a link and retires its pool. It reports whether the link existed.
func (r *Registry) Delete(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.links[name]
	delete(r.links, name)
	r.retireLocked(name, "")
	return ok
}

// Get returns a link with its password attribute as configured (a literal, env: or file:).
// Call Redacted before showing it to anyone.
func (r *Registry) Get(name string) (Link, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if l, ok := r.links[name]; ok {
		return l, nil
	}
	return Link{}, r.unknownLocked(name)
}

func (r *Registry) unknownLocked(name string) error {
	known := make([]string, 0, len(r.links))
	for n := range r.links {
		known = append(known, n)
	}
	slices.Sort(known)
	list := strings.Join(known, ", ")
	if list == "" {
		list = "none"
	}
	return workflows.Errorf(workflows.CodeNotFound, "db-link %q does not exist (known: %s)", name, list)
}

// List returns every link, sorted by name, passwords redacted.
func (r *Registry) List() []Link {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Link, 0, len(r.links))
	for _, l := range r.links {
		out = append(out, l.Redacted())
	}
	slices.SortFunc(out, func(a, b Link) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Resolve finds the link a workflow refers to: its inline connection (2017 files) or the
// named link. An empty reference is an error.
func (r *Registry) Resolve(ref workflows.DBLinkRef) (Link, error) {
	if ref.Inline != nil {
		return FromInline(*ref.Inline)
	}
	if strings.TrimSpace(ref.Name) == "" {
		return Link{}, workflows.Errorf(workflows.CodeInvalid, "no db-link given")
	}
	return r.Get(strings.TrimSpace(ref.Name))
}

// OpenRef is Resolve followed by Open.
func (r *Registry) OpenRef(ctx context.Context, ref workflows.DBLinkRef) (*Conn, error) {
	l, err := r.Resolve(ref)
	if err != nil {
		return nil, err
	}
	return r.Open(ctx, l)
}

// Open returns a connection handle for l, sharing the pool of every other handle opened on
// the same definition. The password reference is resolved now. A new pool is checked with
// a ping, so a wrong password or an unreachable server fails here with a message naming
// the link (never the password). The caller must Close the Conn.
func (r *Registry) Open(ctx context.Context, l Link) (*Conn, error) {
	l = l.normalized()
	if err := l.Validate(); err != nil {
		return nil, err
	}
	ep, err := ParseJDBCURL(l.Type, l.JDBCURL)
	if err != nil {
		return nil, workflows.Errorf(workflows.CodeInvalid, "db-link %q: %v", l.Name, err)
	}
	dialect, _ := DialectOf(l.Type)
	password, err := resolvePassword(r.secrets, l)
	if err != nil {
		return nil, err
	}
	fp := fingerprint(l, password)

	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, workflows.Errorf(workflows.CodeUnavailable, "db-link %q: the registry is closed", l.Name)
	}
	if p, ok := r.pools[fp]; ok && !p.retired {
		p.refs++
		r.mu.Unlock()
		return newConn(r, p, l, dialect), nil
	}
	r.mu.Unlock()

	o, err := openDB(l, ep, password)
	if err != nil {
		return nil, describeOpenError(l, ep, password, err)
	}
	o.db.SetMaxIdleConns(maxIdleConns)
	o.db.SetConnMaxIdleTime(connMaxIdleTime)
	o.db.SetConnMaxLifetime(connMaxLifetime)
	if err := o.db.PingContext(ctx); err != nil {
		o.db.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("db-link %q: connecting interrupted: %w", l.Name, context.Cause(ctx))
		}
		return nil, describeOpenError(l, ep, password, err)
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		o.db.Close()
		return nil, workflows.Errorf(workflows.CodeUnavailable, "db-link %q: the registry is closed", l.Name)
	}
	if p, ok := r.pools[fp]; ok && !p.retired { // another Open won the race
		o.db.Close()
		p.refs++
		return newConn(r, p, l, dialect), nil
	}
	r.retireLocked(l.Name, fp) // an older definition of the same link (e.g. rotated password)
	p := &pool{name: l.Name, db: o.db, notes: o.notes, refs: 1}
	r.pools[fp] = p
	return newConn(r, p, l, dialect), nil
}

// retireLocked retires the pools of link name except the one with fingerprint keep.
func (r *Registry) retireLocked(name, keep string) {
	for fp, p := range r.pools {
		if p.name == name && fp != keep {
			delete(r.pools, fp)
			p.retired = true
			if p.refs == 0 {
				p.db.Close()
			}
		}
	}
}

func (r *Registry) release(p *pool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p.refs--
	if p.retired && p.refs == 0 {
		p.db.Close()
	}
}

// Close retires every pool (each is closed once its last Conn is closed) and makes later
// Opens fail. Links stay readable.
func (r *Registry) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	for fp, p := range r.pools {
		delete(r.pools, fp)
		p.retired = true
		if p.refs == 0 {
			p.db.Close()
		}
	}
	return nil
}

// poolCount is for tests: how many live (not retired) pools there are.
func (r *Registry) poolCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pools)
}

func fingerprint(l Link, password string) string {
	h := sha256.New()
	for _, s := range []string{l.Name, string(l.Type), l.JDBCURL, l.Username, password} {
		fmt.Fprintf(h, "%d:%s|", len(s), s)
	}
	for _, p := range l.Properties {
		fmt.Fprintf(h, "%d:%s=%d:%s|", len(p.Name), p.Name, len(p.Value), p.Value)
	}
	return hex.EncodeToString(h.Sum(nil))
}
