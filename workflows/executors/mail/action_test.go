package mail

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

func emailTask(body *workflows.EmailBody, env map[string]string) executors.Task {
	return executors.Task{InstanceID: "i-1", Workflow: "wf_daily", Node: "notify", Attempt: 1,
		Action: &workflows.Action{Type: workflows.ActionEmail, Email: body}, Env: env}
}

func runEmail(t *testing.T, cfg Config, task executors.Task) (executors.Result, string) {
	t.Helper()
	reg := executors.NewRegistry()
	Register(reg, NewMailer(cfg))
	var out bytes.Buffer
	res := reg.Run(context.Background(), task, executors.TaskIO{Stdout: &out})
	return res, out.String()
}

func TestEmailActionDeliversHTMLToTheWorkflowReceivers(t *testing.T) {
	s := startSink(t, sinkOptions{})
	html := `<html><body><p>Loaded <b>42</b> rows — 完成</p></body></html>`
	task := emailTask(&workflows.EmailBody{Subject: "daily load 完成", HTML: html},
		map[string]string{ReceiversEnv: "ops@example.test, dba@example.test ,ops@example.test"})
	res, out := runEmail(t, plainConfig(s.port), task)
	if res.Status != workflows.AttemptSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Message)
	}
	m := s.wait(t, 1)
	if got := strings.Join(m.To, ","); got != "ops@example.test,dba@example.test" {
		t.Errorf("envelope recipients %q, want the receivers once each", got)
	}
	if m.From != "actorflow@example.test" {
		t.Errorf("envelope sender %q", m.From)
	}
	subject, msg, body := parsed(t, m.Data)
	if subject != "daily load 完成" {
		t.Errorf("subject %q", subject)
	}
	if ct := msg.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("content type %q, want text/html", ct)
	}
	if !strings.Contains(body, html) {
		t.Errorf("body does not hold the HTML:\n%s", body)
	}
	if !strings.Contains(out, "ops@example.test, dba@example.test") {
		t.Errorf("stdout %q does not say where the mail went", out)
	}
}

func TestEmailActionToOverridesReceiversAndDefaultsTheSubject(t *testing.T) {
	s := startSink(t, sinkOptions{})
	task := emailTask(&workflows.EmailBody{To: []string{"boss@example.test"}, HTML: "<html>x</html>"},
		map[string]string{ReceiversEnv: "ops@example.test"})
	res, _ := runEmail(t, plainConfig(s.port), task)
	if res.Status != workflows.AttemptSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Message)
	}
	m := s.wait(t, 1)
	if strings.Join(m.To, ",") != "boss@example.test" {
		t.Errorf("recipients %v, want only the action's to", m.To)
	}
	if subject, _, _ := parsed(t, m.Data); subject != "[actorflow] notification from wf_daily" {
		t.Errorf("default subject %q", subject)
	}
}

func TestEmailActionWithoutRecipientsFails(t *testing.T) {
	s := startSink(t, sinkOptions{})
	res, _ := runEmail(t, plainConfig(s.port), emailTask(&workflows.EmailBody{HTML: "<html/>"}, nil))
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, "no recipients") {
		t.Fatalf("got %s %q, want failed for want of recipients", res.Status, res.Message)
	}
	if s.count() != 0 {
		t.Error("a mail was sent anyway")
	}
}

func TestEmailActionUnreachableServerFailsClearly(t *testing.T) {
	port := closedPort(t)
	task := emailTask(&workflows.EmailBody{To: []string{"a@example.test"}, HTML: "<html/>"}, nil)
	res, _ := runEmail(t, plainConfig(port), task)
	if res.Status != workflows.AttemptFailed {
		t.Fatalf("status %s, want failed", res.Status)
	}
	for _, want := range []string{"127.0.0.1:" + strconv.Itoa(port), "connection refused", "a@example.test"} {
		if !strings.Contains(res.Message, want) {
			t.Errorf("message %q does not mention %q", res.Message, want)
		}
	}
}

func TestEmailActionNotConfigured(t *testing.T) {
	task := emailTask(&workflows.EmailBody{To: []string{"a@example.test"}, HTML: "<html/>"}, nil)
	res, _ := runEmail(t, Config{}, task)
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, "mail.host") {
		t.Fatalf("got %s %q, want a failure naming mail.host", res.Status, res.Message)
	}
}

func TestEmailActionAuth(t *testing.T) {
	s := startSink(t, sinkOptions{user: "robot", password: "s3cret"})
	task := emailTask(&workflows.EmailBody{To: []string{"a@example.test"}, HTML: "<html/>"}, nil)

	cfg := plainConfig(s.port)
	cfg.Username, cfg.Password, cfg.Auth = "robot", "s3cret", "plain"
	if res, _ := runEmail(t, cfg, task); res.Status != workflows.AttemptSucceeded {
		t.Fatalf("right password: %s %s", res.Status, res.Message)
	}
	s.wait(t, 1)

	cfg.Password = "wrong"
	res, _ := runEmail(t, cfg, task)
	if res.Status != workflows.AttemptFailed || !strings.Contains(strings.ToLower(res.Message), "auth") {
		t.Fatalf("wrong password: got %s %q, want an authentication failure", res.Status, res.Message)
	}
	if strings.Contains(res.Message, "wrong") {
		t.Errorf("the message shows the password: %q", res.Message)
	}
}

func TestEmailActionStartTLS(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	s := startSink(t, sinkOptions{user: "robot", password: "s3cret", tls: serverTLS})
	cfg := plainConfig(s.port)
	cfg.TLS, cfg.TLSConfig = TLSStartTLS, clientTLS
	cfg.Username, cfg.Password = "robot", "s3cret" // auto: PLAIN is fine once encrypted
	task := emailTask(&workflows.EmailBody{To: []string{"a@example.test"}, HTML: "<html>tls</html>"}, nil)
	if res, _ := runEmail(t, cfg, task); res.Status != workflows.AttemptSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Message)
	}
	s.wait(t, 1)
}

func TestEmailActionStartTLSRequiredButNotOffered(t *testing.T) {
	s := startSink(t, sinkOptions{}) // no TLS config: no STARTTLS in EHLO
	cfg := plainConfig(s.port)
	cfg.TLS = TLSStartTLS
	task := emailTask(&workflows.EmailBody{To: []string{"a@example.test"}, HTML: "<html/>"}, nil)
	res, _ := runEmail(t, cfg, task)
	if res.Status != workflows.AttemptFailed || !strings.Contains(strings.ToLower(res.Message), "starttls") {
		t.Fatalf("got %s %q, want a failure about STARTTLS", res.Status, res.Message)
	}
	if s.count() != 0 {
		t.Error("the mail went out in plain text")
	}
}

func TestEmailActionCancelled(t *testing.T) {
	task := emailTask(&workflows.EmailBody{To: []string{"a@example.test"}, HTML: "<html/>"}, nil)
	a := NewAction(blockingSender{}, "")
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan executors.Result)
	go func() { done <- a.Run(ctx, task, executors.TaskIO{}) }()
	cancel(executors.ErrKilled)
	select {
	case res := <-done:
		if res.Status != workflows.AttemptKilled {
			t.Fatalf("status %s %q, want killed", res.Status, res.Message)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the kill")
	}

	tctx, tcancel := context.WithTimeoutCause(context.Background(), time.Millisecond, executors.TimedOutAfter(time.Millisecond))
	defer tcancel()
	if res := a.Run(tctx, task, executors.TaskIO{}); res.Status != workflows.AttemptTimedOut {
		t.Fatalf("status %s %q, want timed_out", res.Status, res.Message)
	}
}

// blockingSender waits for the context, like a server that never answers.
type blockingSender struct{}

func (blockingSender) Send(ctx context.Context, _ Message) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestRecipients(t *testing.T) {
	got := Recipients("a@x, b@x;;", " A@x ", "", "c@x")
	if strings.Join(got, "|") != "a@x|b@x|c@x" {
		t.Fatalf("Recipients = %q", got)
	}
}
