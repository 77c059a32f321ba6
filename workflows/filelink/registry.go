package filelink

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"
)

// Errors of Registry calls, for errors.Is.
var (
	ErrUnknownLink = errors.New("unknown file-link")
	ErrBuiltIn     = errors.New("the built-in local link cannot be changed or removed")
	ErrFromFile    = errors.New("the link is defined in the file-links file")
)

// Origins of a link (Link.Origin).
const (
	OriginBuiltIn = "built-in"
	OriginRuntime = "runtime"
)

// Registry is the set of file-links a process knows: the built-in local link, the links of
// the file-links file, and links put at runtime (the HTTP API), plus the connection pool
// they share. A runtime link shadows a file link of the same name until it is deleted.
// Safe for concurrent use.
type Registry struct {
	pool *Pool

	mu      sync.RWMutex
	file    map[string]Link
	runtime map[string]Link
}

// NewRegistry returns a registry holding only the built-in local link.
func NewRegistry(opts Options) *Registry {
	return &Registry{pool: NewPool(opts), file: map[string]Link{}, runtime: map[string]Link{}}
}

func builtinLocal() Link {
	return Link{Name: LocalName, Type: TypeLocal, Desc: "the worker's own file system", Origin: OriginBuiltIn}
}

// LoadFile replaces the file links with those of a file-links file. A file that does not
// parse changes nothing; its error lists every problem with file:line:col.
func (r *Registry) LoadFile(path string) error {
	links, err := ParseFile(path)
	if err != nil {
		return err
	}
	return r.SetFileLinks(links)
}

// SetFileLinks replaces the file links. Connections of links that changed or disappeared
// are closed.
func (r *Registry) SetFileLinks(links []Link) error {
	next := make(map[string]Link, len(links))
	var errs []error
	for _, l := range links {
		if err := l.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("file-link %q: %w", l.Name, err))
		}
		if _, dup := next[l.Name]; dup {
			errs = append(errs, fmt.Errorf("file-link %q is defined twice", l.Name))
		}
		next[l.Name] = l
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	r.mu.Lock()
	before := r.effectiveAll()
	r.file = next
	after := r.effectiveAll()
	r.mu.Unlock()
	r.evictChanged(before, after)
	return nil
}

// Put adds or replaces a runtime link.
func (r *Registry) Put(l Link) error {
	if l.Name == LocalName {
		return fmt.Errorf("file-link %q: %w", l.Name, ErrBuiltIn)
	}
	if err := l.Validate(); err != nil {
		return fmt.Errorf("file-link %q: %w", l.Name, err)
	}
	l.Origin = OriginRuntime
	r.mu.Lock()
	before, _ := r.effective(l.Name)
	r.runtime[l.Name] = l
	r.mu.Unlock()
	if !sameConnection(before, l) {
		r.pool.Evict(l.Name)
	}
	return nil
}

// Delete removes a runtime link; a file link of the same name, if any, is visible again.
// A link that only the file defines is removed by editing the file.
func (r *Registry) Delete(name string) error {
	if name == LocalName {
		return fmt.Errorf("file-link %q: %w", name, ErrBuiltIn)
	}
	r.mu.Lock()
	_, isRuntime := r.runtime[name]
	f, isFile := r.file[name]
	if isRuntime {
		delete(r.runtime, name)
	}
	r.mu.Unlock()
	switch {
	case isRuntime:
		r.pool.Evict(name)
		return nil
	case isFile:
		return fmt.Errorf("file-link %q: %w (%s); remove it there", name, ErrFromFile, f.Origin)
	}
	return r.unknown(name)
}

// Get returns a link with its password as configured (possibly env:/file:). The empty name
// is the local link, as an action without file-link means.
func (r *Registry) Get(name string) (Link, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.effective(name)
}

// List returns every link, sorted by name, with literal passwords redacted.
func (r *Registry) List() []Link {
	r.mu.RLock()
	all := r.effectiveAll()
	r.mu.RUnlock()
	out := make([]Link, 0, len(all))
	for _, name := range slices.Sorted(maps.Keys(all)) {
		out = append(out, all[name].Redacted())
	}
	return out
}

// Open returns the file system of a link by name (see Pool.Open).
func (r *Registry) Open(ctx context.Context, name string) (FS, error) {
	l, ok := r.Get(name)
	if !ok {
		return nil, r.unknown(name)
	}
	return r.pool.Open(ctx, l)
}

// Session opens an SSH session on a link's host (see Pool.Session).
func (r *Registry) Session(ctx context.Context, name string) (*ssh.Session, func(), error) {
	l, ok := r.Get(name)
	if !ok {
		return nil, nil, r.unknown(name)
	}
	return r.pool.Session(ctx, l)
}

// Close closes every pooled connection.
func (r *Registry) Close() error { return r.pool.Close() }

func (r *Registry) unknown(name string) error {
	var names []string
	for _, l := range r.List() {
		names = append(names, l.Name)
	}
	return fmt.Errorf("%w %q; known: %s", ErrUnknownLink, name, strings.Join(names, ", "))
}

// effective is what a name means now: runtime, else file, else the built-in. r.mu held.
func (r *Registry) effective(name string) (Link, bool) {
	if name == "" {
		name = LocalName
	}
	if l, ok := r.runtime[name]; ok {
		return l, true
	}
	if l, ok := r.file[name]; ok {
		return l, true
	}
	if name == LocalName {
		return builtinLocal(), true
	}
	return Link{}, false
}

func (r *Registry) effectiveAll() map[string]Link {
	out := map[string]Link{LocalName: builtinLocal()}
	maps.Copy(out, r.file)
	maps.Copy(out, r.runtime)
	return out
}

func (r *Registry) evictChanged(before, after map[string]Link) {
	for name, b := range before {
		if a, ok := after[name]; !ok || !sameConnection(a, b) {
			r.pool.Evict(name)
		}
	}
}
