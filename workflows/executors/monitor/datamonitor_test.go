package monitor

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

func num(text string) *workflows.Probe { return &workflows.Probe{Kind: workflows.ProbeNum, Text: text} }

func dataAction(b workflows.DataMonitorBody) *workflows.Action {
	return &workflows.Action{Type: workflows.ActionDataMonitor, DataMonitor: &b}
}

func TestDataMonitorInclusiveBounds(t *testing.T) {
	for _, tc := range []struct {
		value    string
		min, max *workflows.Probe
		want     workflows.AttemptStatus
		msg      string
	}{
		{"10", num("10"), num("20"), workflows.AttemptSucceeded, "value 10 is within [10, 20]"},
		{"20", num("10"), num("20"), workflows.AttemptSucceeded, "value 20 is within [10, 20]"},
		{" 15.5\n", num("10"), num("20"), workflows.AttemptSucceeded, "within"},
		{"9.999", num("10"), num("20"), workflows.AttemptFailed, "value 9.999 is below the minimum 10 (allowed: [10, 20])"},
		{"20.001", num("10"), num("20"), workflows.AttemptFailed, "above the maximum 20"},
		{"-5", nil, num("0"), workflows.AttemptSucceeded, "within [-∞, 0]"},
		{"1e9", num("0"), nil, workflows.AttemptSucceeded, "within [0, +∞]"},
		{"5", nil, nil, workflows.AttemptSucceeded, "within [-∞, +∞]"},
		{"abc", nil, nil, workflows.AttemptFailed, `source: NUM probe gave "abc", which is not a number`},
		{"1", num("NaN"), nil, workflows.AttemptFailed, "min: NUM probe gave \"NaN\""},
	} {
		res, _ := runAction(t, context.Background(), deps(t, newVirtualClock()), dataAction(workflows.DataMonitorBody{
			Source: *num(tc.value), Min: tc.min, Max: tc.max, ExceedError: true, WarnMsg: "check the loader"}))
		if res.Status != tc.want || !strings.Contains(res.Message, tc.msg) {
			t.Errorf("value %q: %s %q, want %s with %q", tc.value, res.Status, res.Message, tc.want, tc.msg)
		}
		if tc.want == workflows.AttemptFailed && !strings.HasSuffix(res.Message, "\ncheck the loader") {
			t.Errorf("value %q: the warn-msg is missing from %q", tc.value, res.Message)
		}
	}
}

func TestDataMonitorOutputs(t *testing.T) {
	res, _ := runAction(t, context.Background(), deps(t, newVirtualClock()), dataAction(workflows.DataMonitorBody{
		Source: *num("7"), Min: num("10"), ExceedError: false}))
	if res.Status != workflows.AttemptSucceeded || !strings.Contains(res.Message, "is-exceed-error is false") {
		t.Fatalf("%s %q, want success despite the range", res.Status, res.Message)
	}
	want := map[string]string{OutputValue: "7", OutputMin: "10", OutputOK: "false"}
	if len(res.Outputs) != len(want) {
		t.Fatalf("outputs %v, want %v", res.Outputs, want)
	}
	for k, v := range want {
		if res.Outputs[k] != v {
			t.Errorf("outputs[%s] = %q, want %q", k, res.Outputs[k], v)
		}
	}
}

// seqQuerier returns its values in turn, one per call, and records the calls.
type seqQuerier struct {
	mu     sync.Mutex
	values []float64
	err    error
	calls  []string
}

func (q *seqQuerier) QueryFloat(_ context.Context, db workflows.DBLinkRef, query string) (float64, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.calls = append(q.calls, db.Name+": "+query)
	if q.err != nil {
		return 0, q.err
	}
	v := q.values[0]
	if len(q.values) > 1 {
		q.values = q.values[1:]
	}
	return v, nil
}

func sqlProbe(q string) workflows.Probe {
	return workflows.Probe{Kind: workflows.ProbeSQL, DB: workflows.DBLinkRef{Name: "dw"}, Text: q}
}

func TestDataMonitorRecheckThatChangesValueFails(t *testing.T) {
	c := newVirtualClock()
	d := deps(t, c)
	d.Querier = &seqQuerier{values: []float64{100, 101}}
	res, out := runAction(t, context.Background(), d, dataAction(workflows.DataMonitorBody{
		Source: sqlProbe("select count(*) from t"), Max: num("1000"), RecheckDelay: 10 * time.Second, ExceedError: true}))
	if res.Status != workflows.AttemptFailed ||
		!strings.Contains(res.Message, "not stable: value 100, max 1000 at first, value 101, max 1000 after 10s") {
		t.Fatalf("%s %q, want a stability failure", res.Status, res.Message)
	}
	if w := c.Waits(); len(w) != 1 || w[0] != 10*time.Second {
		t.Errorf("waits %v, want one of 10s", w)
	}
	if !strings.Contains(out, "measuring again in 10s") {
		t.Errorf("stdout %q", out)
	}
	if res.Outputs[OutputValue] != "101" {
		t.Errorf("outputs %v, want the second measurement", res.Outputs)
	}
}

func TestDataMonitorStableRecheckPasses(t *testing.T) {
	q := &seqQuerier{values: []float64{100}}
	d := deps(t, newVirtualClock())
	d.Querier = q
	res, _ := runAction(t, context.Background(), d, dataAction(workflows.DataMonitorBody{
		Source: sqlProbe("select 100"), Min: num("100"), RecheckDelay: time.Second, ExceedError: true}))
	if res.Status != workflows.AttemptSucceeded {
		t.Fatalf("%s %q", res.Status, res.Message)
	}
	if len(q.calls) != 2 || q.calls[0] != "dw: select 100" {
		t.Errorf("queries %q, want the source twice on db-link dw", q.calls)
	}
}

func TestDataMonitorSQLErrors(t *testing.T) {
	d := deps(t, newVirtualClock())
	b := workflows.DataMonitorBody{Source: sqlProbe("select x"), ExceedError: true}
	if res, _ := runAction(t, context.Background(), d, dataAction(b)); res.Status != workflows.AttemptFailed ||
		!strings.Contains(res.Message, "no database access configured") {
		t.Errorf("without a Querier: %s %q", res.Status, res.Message)
	}
	d.Querier = &seqQuerier{err: errors.New("no row")}
	if res, _ := runAction(t, context.Background(), d, dataAction(b)); res.Status != workflows.AttemptFailed ||
		!strings.Contains(res.Message, `source: SQL probe on db-link "dw" failed: no row`) {
		t.Errorf("query error: %s %q", res.Status, res.Message)
	}
}

func cmd(text string) workflows.Probe {
	return workflows.Probe{Kind: workflows.ProbeCommand, Text: text}
}

func TestDataMonitorCommand(t *testing.T) {
	for _, tc := range []struct {
		command string
		want    workflows.AttemptStatus
		msg     string
	}{
		{"echo '  42 '", workflows.AttemptSucceeded, "value 42 is within"},
		{"printf 'rows: 42\\n'", workflows.AttemptFailed, `source: COMMAND probe gave "rows: 42", which is not a number`},
		{"echo 1; echo oops >&2; exit 3", workflows.AttemptFailed, "source: COMMAND probe failed: exit code 3"},
		{"pwd | grep -q /i-1/mon/1 && echo 7", workflows.AttemptSucceeded, "value 7"},
	} {
		res, out := runAction(t, context.Background(), deps(t, newVirtualClock()), dataAction(workflows.DataMonitorBody{
			Source: cmd(tc.command), Max: num("100"), ExceedError: true}))
		if res.Status != tc.want || !strings.Contains(res.Message, tc.msg) {
			t.Errorf("%s: %s %q, want %s with %q", tc.command, res.Status, res.Message, tc.want, tc.msg)
		}
		if !strings.Contains(out, "== source (COMMAND): "+tc.command) {
			t.Errorf("%s: stdout %q lacks the probe header", tc.command, out)
		}
	}
}

func TestDataMonitorCommandKilled(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	d := deps(t, newVirtualClock())
	started := make(chan int, 4)
	reg := executors.NewRegistry()
	Register(reg, d)
	done := make(chan executors.Result, 1)
	go func() {
		done <- reg.Run(ctx, executors.Task{InstanceID: "i", Node: "n", Attempt: 1, Action: dataAction(workflows.DataMonitorBody{
			Source: cmd("sleep 60; echo 1")})}, executors.TaskIO{OnStart: func(pid int) { started <- pid }})
	}()
	<-started
	cancel(executors.ErrKilled)
	select {
	case res := <-done:
		if res.Status != workflows.AttemptKilled {
			t.Fatalf("%s %q, want killed", res.Status, res.Message)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the kill did not stop the probe")
	}
}

func TestDataMonitorCancelDuringRecheck(t *testing.T) {
	c := newVirtualClock()
	c.block = true
	ctx, cancel := context.WithTimeoutCause(context.Background(), 20*time.Millisecond, executors.TimedOutAfter(time.Hour))
	defer cancel()
	res, _ := runAction(t, ctx, deps(t, c), dataAction(workflows.DataMonitorBody{
		Source: *num("1"), RecheckDelay: time.Hour}))
	if res.Status != workflows.AttemptTimedOut || res.Message != "timed out after 1h0m0s" {
		t.Fatalf("%s %q, want timed_out", res.Status, res.Message)
	}
}
