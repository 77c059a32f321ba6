package gateway

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/workflows"
)

func TestWritesGoThroughTheMaster(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	put, err := f.gw.PutWorkflow(ctx, []byte("<x/>"), "")
	must(err)
	_, err = f.gw.PutWorkflow(ctx, []byte("<x/>"), "/home/ann/etl.xml")
	must(err)
	check, err := f.gw.CheckWorkflow(ctx, []byte("<x/>"))
	must(err)
	must(f.gw.DeleteWorkflow(ctx, "etl"))
	id1, err := f.gw.TriggerWorkflow(ctx, "etl", apiv1.TriggerRequest{Params: map[string]string{"day": "1"}, IgnoreNodes: []string{"a"}})
	must(err)
	id2, err := f.gw.RunWorkflow(ctx, "etl", map[string]string{"x": "y"})
	must(err)
	must(f.gw.ResetWorkflow(ctx, "etl"))
	from, to := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 4, 3, 0, 0, 0, 0, time.UTC)
	bf, err := f.gw.Backfill(ctx, "etl", apiv1.BackfillRequest{From: apiv1.At(from), To: apiv1.At(to), Parallel: 2})
	must(err)
	must(f.gw.KillInstance(ctx, "i-9"))
	id3, err := f.gw.RerunInstance(ctx, "i-9", true)
	must(err)

	want := []string{
		"put api api", "put /home/ann/etl.xml api", "check api", "delete etl",
		"trigger etl map[day:1] [a]", "run etl map[x:y]", "reset etl",
		"backfill etl 2024-04-01T00:00:00Z 2024-04-03T00:00:00Z 2", "kill i-9 killed through the API", "rerun i-9 true",
	}
	if got := f.master.seen(); !slices.Equal(got, want) {
		t.Fatalf("calls\n got %q\nwant %q", got, want)
	}
	if put.Name != "uploaded" || !put.Created || check.Name != "checked" || check.Created ||
		len(check.Warnings) != 1 || check.Warnings[0].Severity != "warning" || check.Warnings[0].Line != 3 {
		t.Fatalf("answers: %+v %+v", put, check)
	}
	if id1 != "i-trigger" || id2 != "i-run" || id3 != "i-rerun" || bf.Group != "g-1" || !slices.Equal(bf.Instances, []string{"i-1", "i-2"}) {
		t.Fatalf("ids: %s %s %s %+v", id1, id2, id3, bf)
	}
}

func TestDeleteInstanceRemovesItsLogs(t *testing.T) {
	f := newFixture(t)
	f.writeLog("done-1", "a", 1, "stdout.log", "bye\n")
	f.writeLog("keep-1", "a", 1, "stdout.log", "stay\n")
	if err := f.gw.DeleteInstance(context.Background(), "done-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(f.logs + "/done-1"); !os.IsNotExist(err) {
		t.Fatalf("the deleted instance's logs remain: %v", err)
	}
	if _, err := os.Stat(f.logs + "/keep-1/a/1/stdout.log"); err != nil {
		t.Fatalf("another instance's logs went too: %v", err)
	}
	// A refusal leaves the logs alone.
	f.master.err = workflows.Errorf(workflows.CodeConflict, "instance keep-1 is running")
	if err := f.gw.DeleteInstance(context.Background(), "keep-1"); codeOf(err) != workflows.CodeConflict {
		t.Fatalf("refused delete: %v", err)
	}
	if _, err := os.Stat(f.logs + "/keep-1/a/1/stdout.log"); err != nil {
		t.Fatalf("a refused delete removed logs: %v", err)
	}
}

func TestMasterErrorsKeepTheirCode(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	invalid := &workflows.Error{Code: workflows.CodeInvalid, Message: "etl.xml:3: error: bad",
		Problems: workflows.Problems{{Pos: workflows.Pos{File: "etl.xml", Line: 3}, Code: "bad", Message: "bad"}}}
	f.master.err = invalid
	_, err := f.gw.PutWorkflow(ctx, []byte("<x/>"), "")
	var e *workflows.Error
	if !errors.As(err, &e) || e.Code != workflows.CodeInvalid || len(e.Problems) != 1 {
		t.Fatalf("an invalid definition keeps every problem: %#v", err)
	}
	for _, code := range []workflows.Code{workflows.CodeNotFound, workflows.CodeUnavailable, workflows.CodeTimeout} {
		f.master.err = workflows.Errorf(code, "no")
		if _, err := f.gw.TriggerWorkflow(ctx, "etl", apiv1.TriggerRequest{}); codeOf(err) != code {
			t.Fatalf("%s became %q", code, codeOf(err))
		}
	}

	// A conflict names the dependents even when the master's message does not.
	f.master.err = workflows.Errorf(workflows.CodeConflict, "other workflows depend on it")
	f.master.deps = []string{"report", "mail"}
	err = f.gw.DeleteWorkflow(ctx, "etl")
	if codeOf(err) != workflows.CodeConflict || !strings.Contains(err.Error(), "report, mail") {
		t.Fatalf("conflict: %v", err)
	}
}

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		err  error
		code workflows.Code
	}{
		{context.DeadlineExceeded, workflows.CodeTimeout},
		{fmt.Errorf("wrapped: %w", context.Canceled), workflows.CodeUnavailable},
		{errors.New("disk on fire"), workflows.CodeInternal},
		{workflows.Errorf(workflows.CodeConflict, "x"), workflows.CodeConflict},
	}
	for _, c := range cases {
		if got := codeOf(mapErr(c.err, "test")); got != c.code {
			t.Errorf("%v → %q, want %q", c.err, got, c.code)
		}
	}
	if mapErr(nil, "test") != nil {
		t.Error("nil must stay nil")
	}

	// A closed store (the node shutting down) is unavailable, not internal.
	f := newFixture(t)
	f.store.Close()
	ctx := context.Background()
	if _, err := f.gw.ListInstances(ctx, httpapi.InstanceQuery{Limit: 5}); codeOf(err) != workflows.CodeUnavailable {
		t.Fatalf("closed store: %v (code %q)", err, codeOf(err))
	}
	if _, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 5}); codeOf(err) != workflows.CodeUnavailable {
		t.Fatalf("closed store, list: %v (code %q)", err, codeOf(err))
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.gw.GetInstance(cancelled, "x"); codeOf(err) != workflows.CodeUnavailable {
		t.Fatalf("cancelled request: %v", err)
	}
}

func TestUnsupportedActionsSaySo(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, e1 := f.gw.TriggerBlood(ctx, "etl")
	e2 := f.gw.ResetAll(ctx)
	_, e3 := f.gw.TodayTriggerLeft(ctx, t0)
	for _, err := range []error{e1, e2, e3} {
		if codeOf(err) != workflows.CodeUnsupported || !strings.Contains(err.Error(), "later issue") {
			t.Errorf("%v (code %q)", err, codeOf(err))
		}
	}
	if len(f.master.seen()) != 0 {
		t.Fatalf("unsupported actions reached the master: %v", f.master.seen())
	}
}

func TestMembersAndReady(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.master.status = &master.StatusResponse{Term: 4, Ready: true, Workers: []master.WorkerStatus{
		{Name: "w1", Slots: 4, Used: 1}, {Name: "w2", Slots: 2, Used: 2}}}
	ms, err := f.gw.Members(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := ms.Items[0]
	if ms.Total != 1 || m.Name != "standalone" || m.Role != "standalone" || !m.Leader || m.Status != "alive" ||
		m.Slots != 6 || m.SlotsUsed != 3 || m.RaftTerm != 4 || m.PID != os.Getpid() {
		t.Fatalf("standalone member: %+v", ms)
	}
	if err := f.gw.Ready(); err != nil {
		t.Fatalf("ready: %v", err)
	}
	f.master.status.Ready = false
	if err := f.gw.Ready(); codeOf(err) != workflows.CodeUnavailable {
		t.Fatalf("loading master: %v", err)
	}
	f.master.err = workflows.Errorf(workflows.CodeUnavailable, "no active master")
	if err := f.gw.Ready(); codeOf(err) != workflows.CodeUnavailable {
		t.Fatalf("no master: %v", err)
	}
	ms, err = f.gw.Members(ctx)
	if err != nil || ms.Items[0].Slots != 0 {
		t.Fatalf("members without a master: %+v, %v", ms, err)
	}

	cluster := newFixture(t, func(c *Config) {
		c.Members = func() []apiv1.Member { return []apiv1.Member{{Name: "m1"}, {Name: "w1"}} }
		c.Ready = func() error { return errors.New("custom") }
	})
	ms, _ = cluster.gw.Members(ctx)
	if ms.Total != 2 || cluster.gw.Ready() == nil {
		t.Fatalf("configured members and readiness are used: %+v", ms)
	}
}
