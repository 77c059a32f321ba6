package testenv

import (
	"bytes"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Mail is the shared SMTP sink: send to Addr (no TLS, no auth), read what arrived in Maildir.
type Mail struct {
	Addr    string
	Maildir string
}

// mailPollInterval is how often WaitFor looks at the Maildir again.
const mailPollInterval = 50 * time.Millisecond

// mailListLimit caps how many arrived messages a WaitFor failure lists (newest first).
const mailListLimit = 30

// SMTP returns the SMTP sink after checking that it greets and that its Maildir exists.
func SMTP(t testing.TB) Mail {
	t.Helper()
	const addrVar, dirVar = "ACTORFLOW_TEST_SMTP_ADDR", "ACTORFLOW_TEST_MAILDIR"
	addr := lookup(t, addrVar, "SMTP sink")
	if addr == "" {
		return Mail{}
	}
	dir := lookup(t, dirVar, "Maildir of the SMTP sink")
	if dir == "" {
		return Mail{}
	}
	greet(t, "SMTP sink", addrVar, addr, "220")
	for _, sub := range []string{"new", "cur"} {
		if st, err := os.Stat(filepath.Join(dir, sub)); err != nil || !st.IsDir() {
			t.Fatalf("testenv: %s=%s is not a Maildir (no %s/ directory): %v", dirVar, dir, sub, err)
			return Mail{}
		}
	}
	return Mail{Addr: addr, Maildir: dir}
}

// WaitFor returns the first delivered message for which match is true, looking in the
// Maildir's new/ and cur/ until timeout has passed; then it fails the test, listing what did
// arrive. match gets its own parse of each message, so it may read the Body; so may the caller.
func (m Mail) WaitFor(t testing.TB, match func(*mail.Message) bool, timeout time.Duration) *mail.Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	ticker := time.NewTicker(mailPollInterval)
	defer ticker.Stop()
	seen := map[string][]byte{} // path → content; a delivered Maildir file never changes
	for {
		paths, err := m.files()
		if err != nil {
			t.Fatalf("testenv: reading Maildir %s: %v", m.Maildir, err)
			return nil
		}
		for _, path := range paths {
			raw, ok := seen[path]
			if !ok {
				if raw, err = os.ReadFile(path); err != nil {
					continue // moved from new/ to cur/ meanwhile; found there next round
				}
				seen[path] = raw
			}
			if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil && match(msg) {
				fresh, _ := mail.ReadMessage(bytes.NewReader(raw))
				return fresh
			}
		}
		if !time.Now().Before(deadline) {
			t.Fatalf("testenv: no mail in %s matched within %v; %s", m.Maildir, timeout, describeMail(paths, seen))
			return nil
		}
		<-ticker.C
	}
}

// files lists the delivered messages, oldest first (Maildir names start with the Unix time).
func (m Mail) files() ([]string, error) {
	var paths []string
	for _, sub := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(m.Maildir, sub))
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Type().IsRegular() {
				paths = append(paths, filepath.Join(m.Maildir, sub, e.Name()))
			}
		}
	}
	sort.Slice(paths, func(i, j int) bool { return filepath.Base(paths[i]) < filepath.Base(paths[j]) })
	return paths, nil
}

// describeMail summarises the arrived messages, newest first, for a failure message.
func describeMail(paths []string, content map[string][]byte) string {
	if len(paths) == 0 {
		return "nothing arrived at all"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d message(s) arrived", len(paths))
	if len(paths) > mailListLimit {
		fmt.Fprintf(&b, ", the newest %d", mailListLimit)
	}
	b.WriteString(":")
	for i := len(paths) - 1; i >= 0 && i >= len(paths)-mailListLimit; i-- {
		msg, err := mail.ReadMessage(bytes.NewReader(content[paths[i]]))
		if err != nil {
			fmt.Fprintf(&b, "\n  %s: unreadable: %v", filepath.Base(paths[i]), err)
			continue
		}
		h := msg.Header
		fmt.Fprintf(&b, "\n  From: %s | To: %s | Subject: %s | Date: %s",
			h.Get("From"), h.Get("To"), h.Get("Subject"), h.Get("Date"))
	}
	return b.String()
}
