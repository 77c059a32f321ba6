package filelink

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/actorflow/actorflow/workflows/secret"
)

// authMethods builds the ways to log in: the key first when there is one, then the password,
// both as "password" and as "keyboard-interactive" (how many sshd configurations ask for
// it). A passphrase-protected key takes the link's password as its passphrase.
func authMethods(l Link) ([]ssh.AuthMethod, error) {
	var password string
	if l.Password != "" {
		pw, err := secret.Resolve(l.Password)
		if err != nil {
			return nil, fmt.Errorf("link %q: %w", l.Name, err)
		}
		password = pw
	}
	var methods []ssh.AuthMethod
	if l.KeyFile != "" {
		pem, err := os.ReadFile(l.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("link %q: reading key-file: %w", l.Name, err)
		}
		signer, err := ssh.ParsePrivateKey(pem)
		var missing *ssh.PassphraseMissingError
		if errors.As(err, &missing) {
			if password == "" {
				return nil, fmt.Errorf("link %q: key-file %s is protected by a passphrase; give it as the link's password", l.Name, l.KeyFile)
			}
			signer, err = ssh.ParsePrivateKeyWithPassphrase(pem, []byte(password))
		}
		if err != nil {
			return nil, fmt.Errorf("link %q: key-file %s: %v", l.Name, l.KeyFile, err)
		}
		methods = append(methods, ssh.PublicKeys(signer))
	}
	if password != "" {
		methods = append(methods, ssh.Password(password),
			ssh.KeyboardInteractive(func(_, _ string, questions []string, echos []bool) ([]string, error) {
				answers := make([]string, len(questions))
				for i := range questions {
					if !echos[i] { // a hidden prompt is the password; an echoed one is not ours to guess
						answers[i] = password
					}
				}
				return answers, nil
			}))
	}
	return methods, nil
}

// dial opens an SSH connection for a link. ctx and timeout bound the TCP connect and the
// handshake together.
func dial(ctx context.Context, l Link, hk *hostKeys, timeout time.Duration) (*ssh.Client, error) {
	auth, err := authMethods(l)
	if err != nil {
		return nil, err
	}
	check, algos, err := hk.callback(l)
	if err != nil {
		return nil, err
	}
	cfg := &ssh.ClientConfig{
		User:              l.Username,
		Auth:              auth,
		HostKeyCallback:   check,
		HostKeyAlgorithms: algos,
		Timeout:           timeout,
		ClientVersion:     "SSH-2.0-actorflow",
	}
	addr := l.Address()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	nc, err := (&net.Dialer{KeepAlive: 30 * time.Second}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("link %q: connecting to %s: %w", l.Name, addr, dialCause(ctx, err))
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = nc.SetDeadline(dl)
	}
	// A cancelled ctx interrupts the handshake by moving the deadline to the past.
	stop := context.AfterFunc(ctx, func() { _ = nc.SetDeadline(time.Unix(1, 0)) })
	c, chans, reqs, err := ssh.NewClientConn(nc, addr, cfg)
	stopped := stop()
	if err != nil {
		nc.Close()
		if !stopped || ctx.Err() != nil {
			return nil, fmt.Errorf("link %q: SSH handshake with %s: %w", l.Name, addr, dialCause(ctx, err))
		}
		return nil, handshakeError(l, addr, err)
	}
	_ = nc.SetDeadline(time.Time{})
	return ssh.NewClient(c, chans, reqs), nil
}

// dialCause prefers the context's reason (timeout or cancellation) to the I/O error it caused.
func dialCause(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", context.Cause(ctx), err)
	}
	return err
}

// handshakeError says what went wrong in words a user can act on. x/crypto/ssh's messages
// never carry the password, and neither do these.
func handshakeError(l Link, addr string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unable to authenticate"):
		how := []string{}
		if l.KeyFile != "" {
			how = append(how, "key "+l.KeyFile)
		}
		if l.Password != "" {
			how = append(how, "password")
		}
		return fmt.Errorf("link %q: authentication as %q on %s failed (tried %s): check the username and credentials: %w",
			l.Name, l.Username, addr, strings.Join(how, " and "), err)
	case strings.Contains(msg, "host key") || strings.Contains(msg, "known-hosts") || strings.Contains(msg, "HOST KEY"):
		return fmt.Errorf("link %q: host key check of %s failed: %w", l.Name, addr, err)
	}
	return fmt.Errorf("link %q: SSH handshake with %s: %w", l.Name, addr, err)
}
