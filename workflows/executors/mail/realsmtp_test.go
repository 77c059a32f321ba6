package mail

import (
	"crypto/rand"
	"encoding/hex"
	"mime"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/internal/testenv"
	"github.com/actorflow/actorflow/workflows"
)

func realSinkConfig(t *testing.T, addr string) Config {
	t.Helper()
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portText)
	return Config{Host: host, Port: port, From: "actorflow@example.test", TLS: TLSNone, Timeout: 10 * time.Second,
		SubjectPrefix: DefaultSubjectPrefix}
}

func token(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func subjectIs(want string) func(*netmail.Message) bool {
	return func(m *netmail.Message) bool {
		s, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
		return err == nil && s == want
	}
}

// TestEmailActionThroughRealSMTPServer sends through aiosmtpd and reads the Maildir.
func TestEmailActionThroughRealSMTPServer(t *testing.T) {
	sink := testenv.SMTP(t)
	subject := "load report 报告 " + token(t)
	html := "<html><body><h1>Report</h1><p>rows: 1234</p></body></html>"
	task := emailTask(&workflows.EmailBody{Subject: subject, HTML: html},
		map[string]string{ReceiversEnv: "ops@example.test,dba@example.test"})
	res, _ := runEmail(t, realSinkConfig(t, sink.Addr), task)
	if res.Status != workflows.AttemptSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Message)
	}
	m := sink.WaitFor(t, subjectIs(subject), 10*time.Second)
	if to := m.Header.Get("To"); !strings.Contains(to, "ops@example.test") || !strings.Contains(to, "dba@example.test") {
		t.Errorf("To header %q lacks a receiver", to)
	}
	if body := decodedBody(t, m); !strings.Contains(body, html) {
		t.Errorf("body does not hold the HTML:\n%s", body)
	}
}

func TestCompletionMailThroughRealSMTPServer(t *testing.T) {
	sink := testenv.SMTP(t)
	n := NewNotifier(NewMailer(realSinkConfig(t, sink.Addr)), NotifierOptions{})
	defer n.Close()
	id := "i-" + token(t)
	if !n.InstanceFinished(failedReport(id)) {
		t.Fatal("not queued")
	}
	m := sink.WaitFor(t, subjectIs("[actorflow] workflow wf_load failed (instance "+id+")"), 10*time.Second)
	body := decodedBody(t, m)
	if !strings.Contains(body, "<td>extract</td>") {
		t.Errorf("node table missing:\n%s", body)
	}
}
