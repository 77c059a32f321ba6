package filelink

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// Errors callers may test for with errors.Is.
var (
	ErrHDFSUnsupported = errors.New("HDFS is not supported in this build")
	// ErrLinkChanged: the link an FS was opened for was changed or removed since; open it
	// again to use the new definition.
	ErrLinkChanged = errors.New("the file-link was changed or removed since it was opened")
	ErrPoolClosed  = errors.New("the file-link pool is closed")
)

// Defaults of Options.
const (
	DefaultDialTimeout = 15 * time.Second
	DefaultKeepAlive   = 30 * time.Second
)

// Options configure a Pool (and the Registry that owns one).
type Options struct {
	// KnownHostsDir holds PinFileName, where the keys of hosts whose link names no
	// known-hosts file are pinned on first use. Empty: such links cannot connect.
	KnownHostsDir string
	// DialTimeout bounds a TCP connect plus SSH handshake (default DefaultDialTimeout).
	DialTimeout time.Duration
	// KeepAlive is how often an idle pooled connection is probed; a probe unanswered for
	// as long closes it, so a dead peer is noticed and the next use reconnects. Default
	// DefaultKeepAlive; negative disables.
	KeepAlive time.Duration
	// Logger receives warnings such as a host key pinned on first use (default slog.Default()).
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.DialTimeout <= 0 {
		o.DialTimeout = DefaultDialTimeout
	}
	if o.KeepAlive == 0 {
		o.KeepAlive = DefaultKeepAlive
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Pool keeps one SSH connection per link name, shared by every FS and session opened for
// it, made on first use, made again after it broke, and closed when the link changes.
// Safe for concurrent use.
type Pool struct {
	opts Options
	hk   *hostKeys

	mu     sync.Mutex
	conns  map[string]*linkConn
	closed bool
}

// NewPool returns an empty pool.
func NewPool(opts Options) *Pool {
	opts = opts.withDefaults()
	return &Pool{opts: opts, hk: &hostKeys{dir: opts.KnownHostsDir, log: opts.Logger}, conns: map[string]*linkConn{}}
}

// Open returns the file system of a link. For SFTP it connects now (or reuses the pooled
// connection), so a wrong password or host key is reported here rather than at first use.
func (p *Pool) Open(ctx context.Context, l Link) (FS, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("file-link %q: %w", l.Name, err)
	}
	switch l.Type {
	case TypeLocal:
		return localFS{name: l.Name}, nil
	case TypeHDFS:
		return nil, fmt.Errorf("file-link %q (%s): %w", l.Name, l.Address(), ErrHDFSUnsupported)
	}
	lc, err := p.entry(l)
	if err != nil {
		return nil, err
	}
	if _, err := lc.sftpClient(ctx); err != nil {
		return nil, err
	}
	return &sftpFS{lc: lc}, nil
}

// Session opens an SSH session on the link's host for one command; release closes it.
// It uses the pooled connection; when the server refuses another channel on it (sshd's
// MaxSessions, 10 by default), it dials a connection of its own, closed by release.
func (p *Pool) Session(ctx context.Context, l Link) (s *ssh.Session, release func(), err error) {
	if err := l.Validate(); err != nil {
		return nil, nil, fmt.Errorf("file-link %q: %w", l.Name, err)
	}
	if l.Type != TypeSFTP {
		return nil, nil, fmt.Errorf("file-link %q is of type %s; running a command needs an SFTP (SSH) link", l.Name, l.Type)
	}
	lc, err := p.entry(l)
	if err != nil {
		return nil, nil, err
	}
	for attempt := 0; ; attempt++ {
		c, err := lc.client(ctx)
		if err != nil {
			return nil, nil, err
		}
		s, err := c.NewSession()
		if err == nil {
			return s, func() { s.Close() }, nil
		}
		var refused *ssh.OpenChannelError
		if errors.As(err, &refused) {
			own, err := dial(ctx, l, p.hk, p.opts.DialTimeout)
			if err != nil {
				return nil, nil, err
			}
			s, err := own.NewSession()
			if err != nil {
				own.Close()
				return nil, nil, fmt.Errorf("file-link %q: opening a session on %s: %w", l.Name, l.Address(), err)
			}
			return s, func() { s.Close(); own.Close() }, nil
		}
		lc.broken(c) // the connection is dead: try once more on a new one
		if attempt > 0 {
			return nil, nil, fmt.Errorf("file-link %q: opening a session on %s: %w", l.Name, l.Address(), err)
		}
	}
}

// Evict closes the pooled connection of a link name; FS values opened for it fail with
// ErrLinkChanged from then on.
func (p *Pool) Evict(name string) {
	p.mu.Lock()
	lc := p.conns[name]
	delete(p.conns, name)
	p.mu.Unlock()
	if lc != nil {
		lc.close()
	}
}

// Close closes every connection; later Opens fail.
func (p *Pool) Close() error {
	p.mu.Lock()
	conns := p.conns
	p.conns, p.closed = map[string]*linkConn{}, true
	p.mu.Unlock()
	for _, lc := range conns {
		lc.close()
	}
	return nil
}

// entry is the pooled connection holder for l; one made for an earlier version of the link
// is closed and replaced.
func (p *Pool) entry(l Link) (*linkConn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrPoolClosed
	}
	old := p.conns[l.Name]
	if old != nil && sameConnection(old.link, l) {
		return old, nil
	}
	if old != nil {
		go old.close() // closing may wait on the network; not under p.mu
	}
	lc := &linkConn{pool: p, link: l, dialing: make(chan struct{}, 1)}
	p.conns[l.Name] = lc
	return lc, nil
}

// linkConn is the connection of one version of one link.
type linkConn struct {
	pool    *Pool
	link    Link
	dialing chan struct{} // a lock that a waiter can give up on when its ctx ends

	mu     sync.Mutex
	ssh    *ssh.Client  // nil until dialed, and again after it broke
	sftp   *sftp.Client // over ssh; nil until first needed
	closed bool
}

// client returns the live SSH connection, dialing one if needed.
func (lc *linkConn) client(ctx context.Context) (*ssh.Client, error) {
	select {
	case lc.dialing <- struct{}{}:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
	defer func() { <-lc.dialing }()
	lc.mu.Lock()
	c, closed := lc.ssh, lc.closed
	lc.mu.Unlock()
	if closed {
		return nil, fmt.Errorf("file-link %q: %w", lc.link.Name, ErrLinkChanged)
	}
	if c != nil {
		return c, nil
	}
	c, err := dial(ctx, lc.link, lc.pool.hk, lc.pool.opts.DialTimeout)
	if err != nil {
		return nil, err
	}
	lc.mu.Lock()
	if lc.closed { // evicted while dialing
		lc.mu.Unlock()
		c.Close()
		return nil, fmt.Errorf("file-link %q: %w", lc.link.Name, ErrLinkChanged)
	}
	lc.ssh = c
	lc.mu.Unlock()
	go lc.watch(c)
	return c, nil
}

// sftpClient returns the SFTP client on the live connection.
func (lc *linkConn) sftpClient(ctx context.Context) (*sftp.Client, error) {
	for attempt := 0; ; attempt++ {
		c, err := lc.client(ctx)
		if err != nil {
			return nil, err
		}
		lc.mu.Lock()
		if lc.ssh == c && lc.sftp != nil {
			s := lc.sftp
			lc.mu.Unlock()
			return s, nil
		}
		lc.mu.Unlock()
		s, err := sftp.NewClient(c)
		if err != nil {
			lc.broken(c)
			if attempt == 0 && isConnectionLost(err) {
				continue
			}
			return nil, fmt.Errorf("file-link %q: starting SFTP on %s: %w", lc.link.Name, lc.link.Address(), err)
		}
		lc.mu.Lock()
		if lc.ssh != c || lc.closed {
			lc.mu.Unlock()
			s.Close()
			continue
		}
		if lc.sftp != nil { // another goroutine was quicker
			s.Close()
			s = lc.sftp
		}
		lc.sftp = s
		lc.mu.Unlock()
		return s, nil
	}
}

// watch forgets c when it ends, and probes it meanwhile so that a silent peer is noticed.
func (lc *linkConn) watch(c *ssh.Client) {
	done := make(chan struct{})
	if ka := lc.pool.opts.KeepAlive; ka > 0 {
		go keepAlive(c, ka, done)
	}
	_ = c.Wait()
	close(done)
	lc.forget(c)
}

// keepAlive sends an OpenSSH keepalive request every interval and closes c when one is not
// answered within another interval.
func keepAlive(c *ssh.Client, interval time.Duration, done <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		answered := make(chan error, 1)
		go func() {
			_, _, err := c.SendRequest("keepalive@openssh.com", true, nil)
			answered <- err
		}()
		select {
		case <-done:
			return
		case err := <-answered:
			if err != nil {
				c.Close()
				return
			}
		case <-time.After(interval):
			c.Close()
			return
		}
	}
}

func (lc *linkConn) forget(c *ssh.Client) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if lc.ssh == c {
		lc.ssh, lc.sftp = nil, nil
	}
}

// broken closes c after an operation on it failed as a dead connection does; the next
// use dials again.
func (lc *linkConn) broken(c *ssh.Client) {
	lc.forget(c)
	c.Close()
}

func (lc *linkConn) close() {
	lc.mu.Lock()
	c, s := lc.ssh, lc.sftp
	lc.ssh, lc.sftp, lc.closed = nil, nil, true
	lc.mu.Unlock()
	if s != nil {
		s.Close()
	}
	if c != nil {
		c.Close()
	}
}

// isConnectionLost tells an error of a dead connection from one the server answered with.
func isConnectionLost(err error) bool {
	return errors.Is(err, sftp.ErrSSHFxConnectionLost) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}
