package filelink

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// PinFileName is the known_hosts file, inside Options.KnownHostsDir, where host keys seen
// for the first time are pinned.
const PinFileName = "known_hosts"

// hostKeys decides whether a host key is acceptable for a link (see the package doc):
// a link with known-hosts is checked strictly against that file; a link without is checked
// against the pin file, and a host not in it yet is pinned (trust on first use).
type hostKeys struct {
	dir string // where the pin file lives; "" = trust on first use is off
	log *slog.Logger
	mu  sync.Mutex // serializes read-check-append of the pin file within this process
}

func (h *hostKeys) pinFile() string { return filepath.Join(h.dir, PinFileName) }

// callback is the HostKeyCallback for a link, and the key algorithms to ask the server for:
// those of the keys already known for the host, so that a server with several host keys
// presents the one that was pinned instead of one we would take for a change.
func (h *hostKeys) callback(l Link) (ssh.HostKeyCallback, []string, error) {
	if l.KnownHosts != "" {
		db, err := knownhosts.New(l.KnownHosts)
		if err != nil {
			return nil, nil, fmt.Errorf("known-hosts file of link %q: %w", l.Name, err)
		}
		return func(host string, remote net.Addr, key ssh.PublicKey) error {
			err := db(host, remote, key)
			return explainKeyError(err, host, key, l.KnownHosts, false)
		}, knownAlgorithms(db, l.Address()), nil
	}
	if h.dir == "" {
		return nil, nil, fmt.Errorf("link %q has no known-hosts file, and no directory for pinning host keys on first use is configured", l.Name)
	}
	h.mu.Lock()
	db, err := h.loadPins()
	h.mu.Unlock()
	if err != nil {
		return nil, nil, err
	}
	return func(host string, remote net.Addr, key ssh.PublicKey) error {
		h.mu.Lock()
		defer h.mu.Unlock()
		db, err := h.loadPins() // again: another connection may have pinned it meanwhile
		if err != nil {
			return err
		}
		err = db(host, remote, key)
		var ke *knownhosts.KeyError
		if errors.As(err, &ke) && len(ke.Want) == 0 {
			if err := h.pin(host, key); err != nil {
				return err
			}
			h.log.Warn("file-link: pinned the host key seen on first connection (trust on first use)",
				"link", l.Name, "host", host, "key", ssh.FingerprintSHA256(key), "file", h.pinFile())
			return nil
		}
		return explainKeyError(err, host, key, h.pinFile(), true)
	}, knownAlgorithms(db, l.Address()), nil
}

// loadPins reads the pin file, creating it (and its directory) when missing.
func (h *hostKeys) loadPins() (ssh.HostKeyCallback, error) {
	f := h.pinFile()
	if _, err := os.Stat(f); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(h.dir, 0o700); err != nil {
			return nil, fmt.Errorf("creating the host key directory: %w", err)
		}
		if err := os.WriteFile(f, nil, 0o600); err != nil && !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("creating the host key file: %w", err)
		}
	}
	db, err := knownhosts.New(f)
	if err != nil {
		return nil, fmt.Errorf("reading pinned host keys: %w", err)
	}
	return db, nil
}

func (h *hostKeys) pin(host string, key ssh.PublicKey) error {
	f, err := os.OpenFile(h.pinFile(), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("pinning the host key of %s: %w", host, err)
	}
	_, err = fmt.Fprintln(f, knownhosts.Line([]string{knownhosts.Normalize(host)}, key))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("pinning the host key of %s in %s: %w", host, h.pinFile(), err)
	}
	return nil
}

// explainKeyError turns knownhosts' terse errors into what to do about them.
func explainKeyError(err error, host string, key ssh.PublicKey, file string, pinned bool) error {
	if err == nil {
		return nil
	}
	fp := ssh.FingerprintSHA256(key)
	var ke *knownhosts.KeyError
	var re *knownhosts.RevokedError
	switch {
	case errors.As(err, &re):
		return fmt.Errorf("host key %s of %s is marked revoked in %s", fp, host, file)
	case errors.As(err, &ke) && len(ke.Want) == 0:
		h, p, _ := net.SplitHostPort(host)
		return fmt.Errorf("host %s is not in known-hosts file %s (its key is %s %s); after checking it, add it with: ssh-keyscan -p %s %s >> %s",
			host, file, key.Type(), fp, p, h, file)
	case errors.As(err, &ke):
		w := ke.Want[0]
		what := "known-hosts file"
		if pinned {
			what = "pinned on first use in"
		}
		return fmt.Errorf("HOST KEY CHANGED for %s: it presented %s %s, but %s %s:%d holds %s %s. This may be an attack; if the host was really reinstalled, remove that line",
			host, key.Type(), fp, what, w.Filename, w.Line, w.Key.Type(), ssh.FingerprintSHA256(w.Key))
	}
	return fmt.Errorf("checking the host key of %s: %w", host, err)
}

// probeKey is a key no host has, offered to a callback to learn which keys it knows.
var probeKey = sync.OnceValue(func() ssh.PublicKey {
	pub, _, _ := ed25519.GenerateKey(nil)
	k, _ := ssh.NewPublicKey(pub)
	return k
})

// knownAlgorithms lists the host key algorithms of the keys db knows for addr, nil if none.
func knownAlgorithms(db ssh.HostKeyCallback, addr string) []string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil
	}
	p, _ := strconv.Atoi(port)
	remote := &net.TCPAddr{IP: net.ParseIP(host), Port: p}
	if remote.IP == nil {
		remote.IP = net.IPv4zero
	}
	var ke *knownhosts.KeyError
	if err := db(addr, remote, probeKey()); !errors.As(err, &ke) {
		return nil
	}
	var algos []string
	for _, k := range ke.Want {
		switch t := k.Key.Type(); t {
		case ssh.KeyAlgoRSA:
			algos = append(algos, ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA)
		default:
			algos = append(algos, t)
		}
	}
	return algos
}
