package filelink_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/internal/testenv"
	"github.com/actorflow/actorflow/workflows/filelink"
)

// realLink is a link to the test sshd, with key auth (password empty) or password auth.
func realLink(t *testing.T, acct testenv.SSHAccount, withKey bool) filelink.Link {
	t.Helper()
	host, port, err := net.SplitHostPort(acct.Addr)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := strconv.Atoi(port)
	l := filelink.Link{Name: "real", Type: filelink.TypeSFTP, Host: host, Port: p, Username: acct.User}
	if withKey {
		l.KeyFile = acct.KeyFile
	} else {
		l.Password = acct.Password
	}
	return l
}

// remoteDir is a fresh directory in the SSH user's home, removed at cleanup (the tests run
// on the sshd's machine, so the home is also a local path).
func remoteDir(t *testing.T, acct testenv.SSHAccount, fsys filelink.FS) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	dir := filepath.Join(acct.HomeDir, "filelink-test-"+hex.EncodeToString(b[:]))
	if err := fsys.MkdirAll(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func openReal(t *testing.T, r *filelink.Registry, l filelink.Link) filelink.FS {
	t.Helper()
	if err := r.Put(l); err != nil {
		t.Fatal(err)
	}
	fsys, err := r.Open(context.Background(), l.Name)
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

func TestSFTPWithKey(t *testing.T) {
	acct := testenv.SSH(t)
	fsys := openReal(t, newRegistry(t), realLink(t, acct, true))
	dir := remoteDir(t, acct, fsys)
	testFS(t, fsys, dir)
	// What SFTP wrote is really there, with the content written.
	data, err := os.ReadFile(filepath.Join(dir, "atomic", "out.txt"))
	if err != nil || string(data) != "new content" {
		t.Errorf("file on the host: %q, %v", data, err)
	}
}

func TestSFTPWithPassword(t *testing.T) {
	acct := testenv.SSH(t)
	fsys := openReal(t, newRegistry(t), realLink(t, acct, false))
	dir := remoteDir(t, acct, fsys)
	wr(t, fsys, dir+"/p.txt", "by password")
	if got := rd(t, fsys, dir+"/p.txt"); got != "by password" {
		t.Errorf("read back %q", got)
	}
}

func TestSFTPPasswordFromEnv(t *testing.T) {
	acct := testenv.SSH(t)
	t.Setenv("FILELINK_TEST_SSH_PW", acct.Password)
	l := realLink(t, acct, false)
	l.Password = "env:FILELINK_TEST_SSH_PW"
	fsys := openReal(t, newRegistry(t), l)
	if _, err := fsys.Stat(context.Background(), acct.HomeDir); err != nil {
		t.Fatal(err)
	}
}

func TestSFTPWrongPasswordSaysSoWithoutThePassword(t *testing.T) {
	acct := testenv.SSH(t)
	r := newRegistry(t)
	l := realLink(t, acct, false)
	l.Password = "Wr0ng-pa55word-zq"
	if err := r.Put(l); err != nil {
		t.Fatal(err)
	}
	_, err := r.Open(context.Background(), l.Name)
	if err == nil {
		t.Fatal("Open with a wrong password succeeded")
	}
	msg := err.Error()
	if strings.Contains(msg, l.Password) {
		t.Errorf("the error shows the password: %s", msg)
	}
	for _, want := range []string{`link "real"`, "authentication as \"" + acct.User + "\"", acct.Addr, "password"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
}

func TestSFTPUnknownHostInStrictKnownHosts(t *testing.T) {
	acct := testenv.SSH(t)
	kh := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(kh, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := newRegistry(t)
	l := realLink(t, acct, true)
	l.KnownHosts = kh
	if err := r.Put(l); err != nil {
		t.Fatal(err)
	}
	_, err := r.Open(context.Background(), l.Name)
	if err == nil || !strings.Contains(err.Error(), "not in known-hosts file "+kh) || !strings.Contains(err.Error(), "ssh-keyscan -p") {
		t.Fatalf("unknown host with a strict known-hosts file: %v", err)
	}
	if data, _ := os.ReadFile(kh); len(data) != 0 {
		t.Errorf("a strict known-hosts file was written to: %q", data)
	}
}

func TestSFTPTrustOnFirstUse(t *testing.T) {
	acct := testenv.SSH(t)
	pins := t.TempDir()
	open := func(dir string, l filelink.Link) error {
		r := filelink.NewRegistry(filelink.Options{KnownHostsDir: dir, Logger: quiet})
		defer r.Close()
		if err := r.Put(l); err != nil {
			t.Fatal(err)
		}
		_, err := r.Open(context.Background(), l.Name)
		return err
	}
	l := realLink(t, acct, true)
	if err := open(pins, l); err != nil {
		t.Fatalf("first use: %v", err)
	}
	pinned, err := os.ReadFile(filepath.Join(pins, filelink.PinFileName))
	host, port, _ := net.SplitHostPort(acct.Addr)
	if err != nil || !strings.HasPrefix(string(pinned), "["+host+"]:"+port+" ") {
		t.Fatalf("pin file: %q, %v", pinned, err)
	}
	if err := open(pins, l); err != nil {
		t.Fatalf("second use with the pinned key: %v", err)
	}
	// The pinned key as a strict known-hosts file is accepted too.
	kh := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(kh, pinned, 0o600); err != nil {
		t.Fatal(err)
	}
	strict := l
	strict.KnownHosts = kh
	if err := open(t.TempDir(), strict); err != nil {
		t.Fatalf("strict known-hosts holding the key: %v", err)
	}
	// A different key pinned for this host:port is a changed host key: refused.
	other := t.TempDir()
	fake := "[" + host + "]:" + port + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
	if err := os.WriteFile(filepath.Join(other, filelink.PinFileName), []byte(fake), 0o600); err != nil {
		t.Fatal(err)
	}
	err = open(other, l)
	if err == nil || !strings.Contains(err.Error(), "HOST KEY CHANGED") {
		t.Fatalf("changed host key: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(other, filelink.PinFileName)); string(data) != fake {
		t.Errorf("a changed key must not be pinned over the old one: %q", data)
	}
}

func TestSFTPWithoutPinDirRefuses(t *testing.T) {
	acct := testenv.SSH(t)
	r := filelink.NewRegistry(filelink.Options{Logger: quiet})
	defer r.Close()
	if err := r.Put(realLink(t, acct, true)); err != nil {
		t.Fatal(err)
	}
	_, err := r.Open(context.Background(), "real")
	if err == nil || !strings.Contains(err.Error(), "no known-hosts file") {
		t.Fatalf("no pin dir and no known-hosts: %v", err)
	}
}

func TestSFTPLinkChangeClosesOldFS(t *testing.T) {
	acct := testenv.SSH(t)
	r := newRegistry(t)
	l := realLink(t, acct, true)
	old := openReal(t, r, l)
	ctx := context.Background()
	if _, err := old.Stat(ctx, acct.HomeDir); err != nil {
		t.Fatal(err)
	}
	l.Password = acct.Password // a different way in: a different connection
	if err := r.Put(l); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Stat(ctx, acct.HomeDir); !errors.Is(err, filelink.ErrLinkChanged) {
		t.Errorf("old FS after the link changed: %v", err)
	}
	fresh, err := r.Open(ctx, l.Name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Stat(ctx, acct.HomeDir); err != nil {
		t.Errorf("new FS: %v", err)
	}
	if err := r.Delete(l.Name); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Stat(ctx, acct.HomeDir); !errors.Is(err, filelink.ErrLinkChanged) {
		t.Errorf("FS of a deleted link: %v", err)
	}
}
