package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// authTypes maps mail.auth values to go-mail's mechanisms.
var authTypes = map[string]gomail.SMTPAuthType{
	"": gomail.SMTPAuthAutoDiscover, "auto": gomail.SMTPAuthAutoDiscover,
	"plain": gomail.SMTPAuthPlain, "login": gomail.SMTPAuthLogin, "cram-md5": gomail.SMTPAuthCramMD5,
	"scram-sha-1": gomail.SMTPAuthSCRAMSHA1, "scram-sha-256": gomail.SMTPAuthSCRAMSHA256,
	"xoauth2": gomail.SMTPAuthXOAUTH2,
}

// Message is one HTML mail.
type Message struct {
	To      []string
	Subject string
	HTML    string
}

// Mailer sends messages through the configured SMTP server, one connection per message:
// mails are rare (completion and alert mails, email actions), and a pooled connection
// would only add broken-connection handling. Safe for concurrent use.
type Mailer struct{ cfg Config }

// NewMailer returns a Mailer for cfg. It does not connect.
func NewMailer(cfg Config) *Mailer { return &Mailer{cfg: cfg} }

// Config returns the configuration the Mailer was built with.
func (m *Mailer) Config() Config { return m.cfg }

// ErrNotConfigured is returned by Send when no SMTP host is configured.
var ErrNotConfigured = errors.New("mail is not configured: set " + KeyHost + " and " + KeyFrom)

// Send delivers msg or says why it could not, naming the server. Cancelling ctx aborts it;
// the whole exchange is bounded by Config.Timeout.
func (m *Mailer) Send(ctx context.Context, msg Message) error {
	c := m.cfg
	if !c.Enabled() {
		return ErrNotConfigured
	}
	if len(msg.To) == 0 {
		return errors.New("the mail has no recipients")
	}
	gm, err := buildMessage(c.From, msg)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(c.Host, m.clientOptions()...)
	if err != nil {
		return fmt.Errorf("smtp %s:%d: %w", c.Host, c.port(), err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	if err := client.DialAndSendWithContext(ctx, gm); err != nil {
		return fmt.Errorf("cannot send mail through smtp %s:%d (tls=%s): %w", c.Host, c.port(), c.TLS, err)
	}
	return nil
}

func (m *Mailer) clientOptions() []gomail.Option {
	c := m.cfg
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	opts := []gomail.Option{gomail.WithPort(c.port()), gomail.WithTimeout(timeout)}
	switch c.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default: // starttls, also the zero value: never fall back to plain text silently
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	tc := c.TLSConfig
	if tc == nil {
		tc = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12, InsecureSkipVerify: c.TLSSkipVerify} //nolint:gosec // opt-in for test relays
	}
	opts = append(opts, gomail.WithTLSConfig(tc))
	if c.Username != "" {
		// PLAIN and LOGIN are refused over an unencrypted connection except to localhost,
		// so tls=none with a password only works against a local relay.
		opts = append(opts, gomail.WithSMTPAuth(authTypes[c.Auth]),
			gomail.WithUsername(c.Username), gomail.WithPassword(c.Password))
	}
	return opts
}

func buildMessage(from string, msg Message) (*gomail.Msg, error) {
	gm := gomail.NewMsg()
	if err := gm.From(from); err != nil {
		return nil, fmt.Errorf("sender address %q: %w", from, err)
	}
	if err := gm.To(msg.To...); err != nil {
		return nil, fmt.Errorf("recipient list %q: %w", strings.Join(msg.To, ", "), err)
	}
	gm.Subject(msg.Subject)
	gm.SetDate()
	gm.SetMessageID()
	gm.SetBodyString(gomail.TypeTextHTML, msg.HTML)
	return gm, nil
}

// Enabled reports whether a server is configured; the Notifier skips its mails otherwise.
func (m *Mailer) Enabled() bool { return m.cfg.Enabled() }
