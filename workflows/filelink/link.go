package filelink

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/actorflow/actorflow/workflows/secret"
)

// Type is the kind of file system a link reaches.
type Type string

const (
	TypeLocal Type = "LOCAL" // the worker's own file system
	TypeSFTP  Type = "SFTP"  // a remote host over SSH (also what the ssh action logs in to)
	TypeHDFS  Type = "HDFS"  // accepted in configuration; opening it fails in this build
)

// LocalName is the built-in link that always exists: the worker's own file system. Actions
// that name no file-link use it, as in akkaflow.
const LocalName = "local"

// DefaultSSHPort is used when an SFTP link gives no port.
const DefaultSSHPort = 22

// Link is one file-link. Password holds what was configured, not the secret itself: a
// literal, "env:NAME", "file:/path" or "literal:text" (see package secret), so that a List or a log line
// never needs the resolved value and a rotated secret is picked up at the next dial.
type Link struct {
	Name     string `json:"name"`
	Type     Type   `json:"type"`
	Host     string `json:"host,omitempty"`
	Port     int    `json:"port,omitempty"` // 0 = the type's default (22 for SFTP)
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"` // literal, env:NAME, file:/path or literal:text
	// KeyFile is the path of a private key (OpenSSH or PEM, without passphrase) on the
	// worker. With both a key and a password, the key is offered first.
	KeyFile string `json:"key_file,omitempty"`
	// KnownHosts is a known_hosts file that must already hold the host's key. Empty means
	// trust on first use: the key seen first is pinned in the registry's own file (see the
	// package doc).
	KnownHosts string `json:"known_hosts,omitempty"`
	Desc       string `json:"desc,omitempty"`
	// Origin says where the link came from: "file:line:col" for file-links, "runtime" for
	// Put, "built-in" for local. Informational; not part of the link's identity.
	Origin string `json:"origin,omitempty"`
}

// RedactedPassword is the password placeholder List and String show.
const RedactedPassword = "******"

// Redacted returns a copy without the password: a literal becomes RedactedPassword, while an env:
// or file: reference is kept, because it names where the secret is, not the secret.
func (l Link) Redacted() Link {
	if l.Password != "" && !secret.IsReference(l.Password) {
		l.Password = RedactedPassword
	}
	return l
}

// String describes the link without its password, so that %v in a log line is safe.
func (l Link) String() string {
	s := fmt.Sprintf("%s (%s", l.Name, l.Type)
	if l.Type == TypeSFTP || l.Type == TypeHDFS {
		s += " " + l.Username + "@" + l.Address()
	}
	return s + ")"
}

// Address is host:port with the type's default port filled in.
func (l Link) Address() string {
	port := l.Port
	if port <= 0 && l.Type == TypeSFTP {
		port = DefaultSSHPort
	}
	host := l.Host
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		host = "[" + host + "]" // an IPv6 literal
	}
	return host + ":" + strconv.Itoa(port)
}

// ParseType accepts a type name in any case.
func ParseType(s string) (Type, error) {
	switch t := Type(strings.ToUpper(strings.TrimSpace(s))); t {
	case TypeLocal, TypeSFTP, TypeHDFS:
		return t, nil
	}
	return "", fmt.Errorf("unknown file-link type %q: want LOCAL, SFTP or HDFS", s)
}

// Validate checks what a link needs to be usable, all problems at once.
func (l Link) Validate() error {
	var errs []error
	if err := checkName(l.Name); err != nil {
		errs = append(errs, err)
	}
	if _, err := ParseType(string(l.Type)); err != nil {
		errs = append(errs, err)
	} else if l.Type != Type(strings.ToUpper(string(l.Type))) {
		errs = append(errs, fmt.Errorf("type %q must be upper case (%s)", l.Type, strings.ToUpper(string(l.Type))))
	}
	if l.Name == LocalName && l.Type != TypeLocal {
		errs = append(errs, fmt.Errorf("%q is the built-in local file system; it cannot be of type %s", LocalName, l.Type))
	}
	if l.Type == TypeSFTP || l.Type == TypeHDFS {
		if strings.TrimSpace(l.Host) == "" {
			errs = append(errs, fmt.Errorf("%s link %q has no host", l.Type, l.Name))
		}
		if l.Port < 0 || l.Port > 65535 {
			errs = append(errs, fmt.Errorf("port %d of link %q is out of range 1-65535", l.Port, l.Name))
		}
	}
	if l.Type == TypeSFTP {
		if l.Username == "" {
			errs = append(errs, fmt.Errorf("SFTP link %q has no username", l.Name))
		}
		if l.Password == "" && l.KeyFile == "" {
			errs = append(errs, fmt.Errorf("SFTP link %q has neither a password nor a key-file", l.Name))
		}
	}
	return errors.Join(errs...)
}

func checkName(name string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("a file-link needs a name")
	}
	if strings.TrimSpace(name) != name {
		return fmt.Errorf("file-link name %q has leading or trailing spaces", name)
	}
	return nil
}

// sameConnection reports whether two versions of a link reach the same place the same way,
// so that a pooled connection made for one may serve the other.
func sameConnection(a, b Link) bool {
	return a.Type == b.Type && a.Host == b.Host && a.Port == b.Port && a.Username == b.Username &&
		a.Password == b.Password && a.KeyFile == b.KeyFile && a.KnownHosts == b.KnownHosts
}
