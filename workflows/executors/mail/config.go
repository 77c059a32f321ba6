package mail

import (
	"crypto/tls"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows/secret"
)

// TLSMode is how the connection to the SMTP server is secured.
type TLSMode string

const (
	TLSNone     TLSMode = "none"     // plain SMTP; only for relays on a trusted network
	TLSStartTLS TLSMode = "starttls" // plain connect, then STARTTLS, which must succeed
	TLSImplicit TLSMode = "tls"      // TLS from the first byte (SMTPS, usually port 465)
)

// Defaults for the settings that have one.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultSubjectPrefix = "[actorflow] "
)

// Config is the SMTP account every mail goes through. Build it with ParseConfig.
type Config struct {
	Host     string
	Port     int // 0 = the TLS mode's usual port (25, 587 or 465)
	From     string
	Username string // empty = no authentication
	// Password is the resolved secret (ParseConfig reads env:, file: and literal: values);
	// String never shows it.
	Password string
	// Auth is the SASL mechanism: "" or auto picks the strongest the server offers (over
	// an unencrypted connection that excludes PLAIN and LOGIN); plain, login, cram-md5,
	// scram-sha-1, scram-sha-256 or xoauth2 force one.
	Auth string
	TLS  TLSMode
	// TLSSkipVerify accepts any server certificate; for test relays with self-signed
	// certificates only.
	TLSSkipVerify bool
	// TLSConfig, when set by code (tests, an embedding program), replaces the TLS settings
	// derived from the fields above. No setting key maps to it.
	TLSConfig *tls.Config
	// Timeout bounds connecting and each SMTP exchange of one send.
	Timeout       time.Duration
	SubjectPrefix string

	// Notifier settings (see Notifier).
	QueueSize       int
	RetryMax        int           // attempts per notification, the first included
	RetryBackoff    time.Duration // wait after the first failed attempt; doubles each time
	RetryBackoffMax time.Duration
}

// Setting keys, as they appear in actorflow.conf (key = value).
const (
	KeyHost            = "mail.host"
	KeyPort            = "mail.port"
	KeyFrom            = "mail.from"
	KeyUsername        = "mail.username"
	KeyPassword        = "mail.password"
	KeyAuth            = "mail.auth"
	KeyTLS             = "mail.tls"
	KeyTLSSkipVerify   = "mail.tls-skip-verify"
	KeyTimeout         = "mail.timeout"
	KeySubjectPrefix   = "mail.subject-prefix"
	KeyQueueSize       = "mail.queue-size"
	KeyRetryMax        = "mail.retry-max"
	KeyRetryBackoff    = "mail.retry-backoff"
	KeyRetryBackoffMax = "mail.retry-backoff-max"
)

var knownKeys = []string{KeyHost, KeyPort, KeyFrom, KeyUsername, KeyPassword, KeyAuth, KeyTLS, KeyTLSSkipVerify,
	KeyTimeout, KeySubjectPrefix, KeyQueueSize, KeyRetryMax, KeyRetryBackoff, KeyRetryBackoffMax}

// Enabled reports whether a server is configured. Without one, the email action fails and
// the Notifier drops its mails (counted), as akkaflow did with is-enabled=false.
func (c Config) Enabled() bool { return c.Host != "" }

// String describes the account without its password.
func (c Config) String() string {
	auth := "no auth"
	if c.Username != "" {
		auth = "user " + c.Username
	}
	return fmt.Sprintf("smtp %s:%d (%s, %s) from %s", c.Host, c.port(), c.TLS, auth, c.From)
}

func (c Config) port() int {
	switch {
	case c.Port != 0:
		return c.Port
	case c.TLS == TLSImplicit:
		return 465
	case c.TLS == TLSStartTLS:
		return 587
	}
	return 25
}

// ParseConfig reads the mail.* settings from a whole configuration (other keys are
// ignored, so the caller can pass everything it read). An unknown mail.* key is an error,
// so a typo cannot silently disable a setting. mail.password may be a literal, env:NAME
// (the variable must be set and not empty), file:/path (trailing line breaks dropped) or
// literal:text (package secret); it is resolved here, once, so a missing secret shows at
// startup rather than at the first failure mail.
// getenv is os.Getenv when nil.
func ParseConfig(settings map[string]string, getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := Config{TLS: TLSStartTLS, Timeout: DefaultTimeout, SubjectPrefix: DefaultSubjectPrefix,
		QueueSize: 256, RetryMax: 5, RetryBackoff: 2 * time.Second, RetryBackoffMax: 5 * time.Minute}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	slices.Sort(keys) // report the first problem deterministically
	for _, k := range keys {
		if !strings.HasPrefix(k, "mail.") {
			continue
		}
		v := strings.TrimSpace(settings[k])
		if err := c.set(k, v, getenv); err != nil {
			return Config{}, fmt.Errorf("setting %s: %w", k, err)
		}
	}
	if c.Host != "" && c.From == "" {
		return Config{}, fmt.Errorf("setting %s is required when %s is set", KeyFrom, KeyHost)
	}
	if c.Password != "" && c.Username == "" {
		return Config{}, fmt.Errorf("setting %s is set but %s is not", KeyPassword, KeyUsername)
	}
	return c, nil
}

func (c *Config) set(k, v string, getenv func(string) string) error {
	var err error
	switch k {
	case KeyHost:
		if strings.ContainsAny(v, " \t/") {
			return fmt.Errorf("%q is not a host name", v)
		}
		c.Host = v
	case KeyPort:
		c.Port, err = strconv.Atoi(v)
		if err != nil || c.Port < 1 || c.Port > 65535 {
			return fmt.Errorf("%q is not a port number (1-65535)", v)
		}
	case KeyFrom:
		if !strings.Contains(v, "@") {
			return fmt.Errorf("%q is not a mail address", v)
		}
		c.From = v
	case KeyUsername:
		c.Username = v
	case KeyPassword:
		c.Password, err = resolvePassword(v, getenv)
	case KeyAuth:
		a := strings.ToLower(v)
		if _, ok := authTypes[a]; !ok {
			return fmt.Errorf("%q is not one of auto, plain, login, cram-md5, scram-sha-1, scram-sha-256, xoauth2", v)
		}
		c.Auth = a
	case KeyTLS:
		m := TLSMode(strings.ToLower(v))
		if m != TLSNone && m != TLSStartTLS && m != TLSImplicit {
			return fmt.Errorf("%q is not one of none, starttls, tls", v)
		}
		c.TLS = m
	case KeyTLSSkipVerify:
		c.TLSSkipVerify, err = strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
	case KeyTimeout:
		c.Timeout, err = positiveDuration(v)
	case KeySubjectPrefix:
		c.SubjectPrefix = settingsText(v)
	case KeyQueueSize:
		c.QueueSize, err = positiveInt(v)
	case KeyRetryMax:
		c.RetryMax, err = positiveInt(v)
	case KeyRetryBackoff:
		c.RetryBackoff, err = positiveDuration(v)
	case KeyRetryBackoffMax:
		c.RetryBackoffMax, err = positiveDuration(v)
	default:
		return fmt.Errorf("unknown mail setting (known: %s)", strings.Join(knownKeys, ", "))
	}
	return err
}

// settingsText lets a prefix keep its trailing space: values are trimmed, so write it
// quoted ("[etl] ").
func settingsText(v string) string {
	if uq, err := strconv.Unquote(v); err == nil && len(v) >= 2 && v[0] == '"' {
		return uq
	}
	return v
}

func positiveInt(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%q is not a positive whole number", v)
	}
	return n, nil
}

func positiveDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration such as 30s or 2m", v)
	}
	return d, nil
}

// resolvePassword reads mail.password (see package secret). The account cannot use an
// empty secret, so a variable that is empty counts as unset and a reference that yields
// nothing is an error: a missing secret shows at startup, not at the first failure mail.
func resolvePassword(v string, getenv func(string) string) (string, error) {
	src := secret.Source{LookupEnv: func(name string) (string, bool) {
		s := getenv(name)
		return s, s != ""
	}}
	pw, err := src.Resolve(v)
	if err == nil && pw == "" && secret.IsReference(v) {
		err = fmt.Errorf("%s gives an empty password", v)
	}
	return pw, err
}
