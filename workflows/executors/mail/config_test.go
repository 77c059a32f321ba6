package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string { return map[string]string{"SMTP_PW": "from-env"}[k] }
	c, err := ParseConfig(map[string]string{
		"mail.host": "smtp.example.test", "mail.from": "etl@example.test", "mail.username": "etl",
		"mail.password": "env:SMTP_PW", "mail.tls": "TLS", "mail.timeout": "10s",
		"mail.subject-prefix": `"[etl] "`, "mail.retry-max": "3", "http": "ignored, not a mail key",
	}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Password != "from-env" || c.TLS != TLSImplicit || c.port() != 465 || c.Timeout != 10*time.Second ||
		c.SubjectPrefix != "[etl] " || c.RetryMax != 3 || c.QueueSize != 256 {
		t.Fatalf("parsed %+v", c)
	}
	if strings.Contains(c.String(), "from-env") {
		t.Errorf("String shows the password: %s", c)
	}
	c, err = ParseConfig(map[string]string{"mail.host": "h", "mail.from": "a@b", "mail.username": "u",
		"mail.password": "file:" + pwFile}, env)
	if err != nil || c.Password != "from-file" || c.TLS != TLSStartTLS || c.port() != 587 {
		t.Fatalf("file password: %+v, %v", c, err)
	}
	c, err = ParseConfig(map[string]string{"mail.host": "h", "mail.from": "a@b", "mail.username": "u",
		"mail.password": "literal:env:SMTP_PW"}, env)
	if err != nil || c.Password != "env:SMTP_PW" {
		t.Fatalf("escaped literal password: %q, %v", c.Password, err)
	}
	c, err = ParseConfig(nil, env)
	if err != nil || c.Enabled() {
		t.Fatalf("empty settings: %+v, %v; want mail off", c, err)
	}
}

func TestParseConfigErrors(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		settings map[string]string
		want     string
	}{
		{map[string]string{"mail.hots": "x"}, "mail.hots: unknown mail setting"},
		{map[string]string{"mail.host": "h"}, "mail.from is required"},
		{map[string]string{"mail.port": "70000"}, "mail.port"},
		{map[string]string{"mail.tls": "ssl"}, "not one of none, starttls, tls"},
		{map[string]string{"mail.password": "env:NOPE"}, "environment variable NOPE, which is not set"},
		{map[string]string{"mail.password": "file:" + empty}, "file:" + empty + " gives an empty password"},
		{map[string]string{"mail.password": "file:/nonexistent/pw"}, "cannot read the password file"},
		{map[string]string{"mail.password": "x"}, "mail.username is not"},
		{map[string]string{"mail.timeout": "-1s"}, "positive duration"},
		{map[string]string{"mail.queue-size": "0"}, "positive whole number"},
		{map[string]string{"mail.auth": "kerberos"}, "not one of auto"},
		{map[string]string{"mail.from": "nobody"}, "not a mail address"},
	} {
		_, err := ParseConfig(tc.settings, func(string) string { return "" })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want it to contain %q", tc.settings, err, tc.want)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add("mail.host", "smtp.example.test", "mail.port", "25")
	f.Add("mail.password", "env:X", "mail.username", "u")
	f.Add("mail.subject-prefix", `"\x00"`, "mail.timeout", "1h")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		c, err := ParseConfig(map[string]string{k1: v1, k2: v2, "mail.from": "a@b"}, func(string) string { return "" })
		if err != nil {
			return
		}
		if c.port() < 1 || c.port() > 65535 || c.Timeout <= 0 || c.QueueSize <= 0 || c.RetryMax <= 0 {
			t.Fatalf("accepted an unusable config %+v", c)
		}
		if c.TLS != TLSNone && c.TLS != TLSStartTLS && c.TLS != TLSImplicit {
			t.Fatalf("tls mode %q", c.TLS)
		}
	})
}
