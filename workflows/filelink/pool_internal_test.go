package filelink

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strconv"
	"testing"

	"github.com/actorflow/actorflow/internal/testenv"
)

// TestPooledConnectionIsReusedAndRemade checks the pool's lifecycle on the real sshd: one
// connection serves every FS of a link, and after it dies the next operation dials again
// (and a stat, being idempotent, succeeds on the first try).
func TestPooledConnectionIsReusedAndRemade(t *testing.T) {
	acct := testenv.SSH(t)
	host, port, _ := net.SplitHostPort(acct.Addr)
	p, _ := strconv.Atoi(port)
	r := NewRegistry(Options{KnownHostsDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer r.Close()
	l := Link{Name: "real", Type: TypeSFTP, Host: host, Port: p, Username: acct.User, KeyFile: acct.KeyFile}
	if err := r.Put(l); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := r.Open(ctx, "real")
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Open(ctx, "real")
	if err != nil {
		t.Fatal(err)
	}
	lc := a.(*sftpFS).lc
	if b.(*sftpFS).lc != lc {
		t.Fatal("two Opens of one link do not share the connection")
	}
	lc.mu.Lock()
	first := lc.ssh
	lc.mu.Unlock()
	first.Close() // as a dropped network would

	if _, err := b.Stat(ctx, acct.HomeDir); err != nil {
		t.Fatalf("stat after the connection died: %v", err)
	}
	lc.mu.Lock()
	second := lc.ssh
	lc.mu.Unlock()
	if second == nil || second == first {
		t.Fatal("no new connection was made")
	}
	if _, err := a.Glob(ctx, acct.HomeDir+"/*"); err != nil {
		t.Fatalf("glob on the new connection: %v", err)
	}
}
