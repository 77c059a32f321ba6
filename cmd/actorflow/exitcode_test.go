package main

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// TestExitCodesFromServer: each error class the server can answer becomes its documented exit
// code, with the server's message on stderr and nothing on stdout.
func TestExitCodesFromServer(t *testing.T) {
	cases := []struct {
		status int
		code   string
		want   int
	}{
		{400, "invalid", exitInvalid},
		{404, "not_found", exitNotFound},
		{409, "conflict", exitConflict},
		{503, "unavailable", exitUnavailable},
		{504, "timeout", exitUnavailable},
		{401, "unauthorized", exitUnauthorized},
		{500, "internal", exitInternal},
		{501, "unsupported", exitInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			f := newFakeAPI(t)
			f.fail("GET /api/v1/workflows/{name}", tc.status, tc.code, "the server says "+tc.code)
			r := f.run(t, "workflow", "info", "daily").expect(t, tc.want)
			if r.out != "" || r.errOut != "actorflow: the server says "+tc.code+"\n" {
				t.Errorf("stdout %q stderr %q", r.out, r.errOut)
			}
		})
	}
}

func TestExitCodeProblemsListed(t *testing.T) {
	f := newFakeAPI(t)
	f.fail("POST /api/v1/workflows/{name}/trigger", 400, "invalid", "unknown parameter",
		apiv1.Problem{Severity: "error", Code: "unknown-param", Message: `"dtt" is not a parameter of daily`})
	r := f.run(t, "workflow", "trigger", "daily", "-p", "dtt=1").expect(t, exitInvalid)
	want := "actorflow: unknown parameter\n  error: \"dtt\" is not a parameter of daily (unknown-param)\n"
	if r.errOut != want {
		t.Errorf("stderr %q, want %q", r.errOut, want)
	}
}

func TestExitCodeUnreachable(t *testing.T) {
	f := newFakeAPI(t)
	f.Close()
	r := f.run(t, "front").expect(t, exitUnavailable)
	contains(t, r.errOut, "cannot reach the actorflow server at "+f.URL)
}

func TestExitCodeTimeout(t *testing.T) {
	f := newFakeAPI(t)
	f.mux.HandleFunc("GET /api/v1/front", func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	r := f.run(t, "front", "--timeout", "30ms").expect(t, exitUnavailable)
	contains(t, r.errOut, "no complete answer within 30ms")
}

// TestUsageErrors: mistakes on the command line exit 2 before any request, with a pointer to
// the help of the command concerned, on stderr.
func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		says string
	}{
		{[]string{"nosuch"}, `unknown command "nosuch"`},
		{[]string{"workflow", "trgger", "x"}, `unknown command "trgger". Did you mean "trigger"?`},
		{[]string{"workflow", "list", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"workflow", "info"}, "actorflow workflow info takes NAME (got 0 argument(s))"},
		{[]string{"instance", "kill", "a", "b"}, "takes ID (got 2 argument(s))"},
		{[]string{"workflow", "add"}, "needs at least one FILE"},
		{[]string{"front", "-o", "yaml"}, `unknown output format "yaml"`},
		{[]string{"instance", "search", "--limit", "many"}, "invalid value"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			f := newFakeAPI(t)
			r := f.run(t, tc.args...).expect(t, exitInvalid)
			contains(t, r.errOut, tc.says, "--help' for usage.")
			if r.out != "" {
				t.Errorf("stdout %q, want nothing", r.out)
			}
			if len(f.requests()) != 0 {
				t.Error("a request was sent")
			}
		})
	}
}

func TestHelpListsExitCodes(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {}} {
		r := runCLI(t, "", args...).expect(t, 0)
		contains(t, r.out, "EXIT CODES:", "3    not found", "6    unauthorized", "workflow", "instance", "front", "cluster")
	}
	r := runCLI(t, "", "workflow").expect(t, 0)
	contains(t, r.out, "backfill", "trigger")
}

func TestExitCodeMapping(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"interrupted", context.Canceled, exitInterrupted},
		{"plain error", errors.New("boom"), exitInternal},
		{"domain error from a server command", workflows.Errorf(workflows.CodeConflict, "x"), exitConflict},
		{"cli.Exit keeps its code", cli.Exit("bad config", 7), 7},
		{"reported keeps the inner code", reported{&inputError{msg: "x"}}, exitInvalid},
	}
	for _, tc := range cases {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("%s: exitCode = %d, want %d", tc.name, got, tc.want)
		}
	}
}
