package params_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/params"
)

// testEnv is Friday 2024-03-15 09:05:07.123 in Shanghai, fired for 08:00 that day.
func testEnv(t testing.TB) params.Env {
	sh := mustZone(t, "Asia/Shanghai")
	return params.Env{
		Params: map[string]string{
			"dt":   "2024-01-01",
			"sql":  "select 1 where a < b && c <> ']]>' ${HOME}",
			"ref":  "${param:dt}",
			"file": "/data/${time.today}.csv",
		},
		Now:        time.Date(2024, 3, 15, 9, 5, 7, 123e6, sh),
		Scheduled:  time.Date(2024, 3, 15, 8, 0, 0, 0, sh),
		InstanceID: "i-42",
		Workflow:   "daily_load",
	}
}

func TestExpandForms(t *testing.T) {
	outputs := func(node, key string) (string, bool) {
		if node == "extract" && key == "rows" {
			return "1234", true
		}
		return "", false
	}
	cases := []struct {
		name, in, want string
		outputs        bool // set env.Outputs
	}{
		{"empty", "", "", false},
		{"no placeholder", "echo hello > /tmp/x", "echo hello > /tmp/x", false},
		{"param", "${param:dt}", "2024-01-01", false},
		{"param with spaces", "${ param : dt }", "2024-01-01", false},
		{"param in text", "a${param:dt}b${param:dt}c", "a2024-01-01b2024-01-01c", false},
		{"xml-ish value intact", "${param:sql};", "select 1 where a < b && c <> ']]>' ${HOME};", false},
		{"value not re-scanned", "${param:ref}|${param:file}", "${param:dt}|/data/${time.today}.csv", false},
		{"shell var", "cd ${HOME}/x && echo ${1:-x} ${#arr[@]}", "cd ${HOME}/x && echo ${1:-x} ${#arr[@]}", false},
		{"dollars", "$ $$ $x $1 ${", "$ $$ $x $1 ${", false},
		{"unterminated", "${param:dt", "${param:dt", false},
		{"empty braces", "${} }${", "${} }${", false},
		{"innermost wins", "${DIR:-${param:dt}}/x", "${DIR:-2024-01-01}/x", false},
		{"unterminated then param", "a ${ b ${param:dt}", "a ${ b 2024-01-01", false},
		{"shell default on var named param", "${param:-x} ${param:=y} ${param:?m} ${param:+z} ${param: -1}",
			"${param:-x} ${param:=y} ${param:?m} ${param:+z} ${param: -1}", false},
		{"shell default on var named output", "${output:-/tmp/out}", "${output:-/tmp/out}", false},
		{"prefixes are case-sensitive", "${PARAM:dt} ${Time.today} ${TIME}", "${PARAM:dt} ${Time.today} ${TIME}", false},
		{"longer word is not param", "${parameter:dt}", "${parameter:dt}", false},
		{"today", "${time.today}", "2024-03-15", false},
		{"yestoday (sic)", "${time.yestoday}", "2024-03-14", false},
		{"yesterday", "${time.yesterday}", "2024-03-14", false},
		{"cur_month", "${time.cur_month}", "2024-03", false},
		{"last_month", "${time.last_month}", "2024-02", false},
		{"pattern", "${time.today|yyyyMMdd}", "20240315", false},
		{"pattern and shift", "${time.today|yyyyMMdd|-1 day}", "20240314", false},
		{"spaces and plus", "${ time.today | yyyy/MM/dd HH:mm | +2 hours }", "2024/03/15 11:05", false},
		{"empty pattern is default", "${time.yesterday||-1 day}", "2024-03-13", false},
		{"unit without space", "${time.cur_month|yyyyMM|3months}", "202406", false},
		{"instance.id", "run_${instance.id}", "run_i-42", false},
		{"workflow.name", "${workflow.name}.log", "daily_load.log", false},
		{"scheduled", "${instance.scheduled_time}", "2024-03-15 08:00:00", false},
		{"scheduled pattern shift", "${instance.scheduled_time|yyyyMMddHH|-1 hour}", "2024031507", false},
		{"output kept", "n=${output:extract.rows}", "n=${output:extract.rows}", false},
		{"output resolved", "n=${ output : extract.rows }", "n=1234", true},
		{"mixed", "${param:dt} ${HOME} ${time.today|MM} ${output:extract.rows}", "2024-01-01 ${HOME} 03 1234", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := testEnv(t)
			if c.outputs {
				env.Outputs = outputs
			}
			got, err := params.Expand(c.in, env)
			if err != nil || got != c.want {
				t.Errorf("Expand(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

func TestExpandErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
		env            func(*params.Env)
	}{
		{"unknown param", "x ${param:nope} y", `${param:nope}: unknown param "nope"`, nil},
		{"unknown param with spaces", "${ param : nope }", `${ param : nope }: unknown param "nope"`, nil},
		{"empty param", "${param:}", "empty param name", nil},
		{"unknown base", "${time.tomorrow}", `unknown time base "tomorrow"`, nil},
		{"missing unit", "${time.today|yyyy|-1}", "has no unit", nil},
		{"missing number", "${time.today|yyyy|day}", "want N UNIT", nil},
		{"unknown unit", "${time.today|yyyy|1 fortnight}", `unknown unit "fortnight"`, nil},
		{"fractional", "${time.today|yyyy|1.5 day}", `unknown unit ".5 day"`, nil},
		{"huge shift", "${time.today|yyyy|99999999 day}", "out of range", nil},
		{"too many parts", "${time.today|yyyy|1 day|x}", "too many", nil},
		{"bad letter", "${time.today|yyyy-QQ}", "unsupported pattern letter 'Q'", nil},
		{"bad quote", "${time.today|'abc}", "unterminated quote", nil},
		{"unknown built-in", "${instance.nope}", `unknown built-in "instance.nope"`, nil},
		{"built-in with pattern", "${instance.id|yyyy}", "takes no pattern", nil},
		{"malformed output", "${output:extract}", `"extract" is not NODE.KEY`, nil},
		{"malformed output empty key", "${output:extract.}", "is not NODE.KEY", nil},
		{"missing output", "${output:extract.nope}", "no output extract.nope",
			func(e *params.Env) { e.Outputs = func(string, string) (string, bool) { return "", false } }},
		{"no now", "${time.today}", "no reference time", func(e *params.Env) { e.Now = time.Time{} }},
		{"no times", "${instance.scheduled_time}", "no scheduled or reference time",
			func(e *params.Env) { e.Now, e.Scheduled = time.Time{}, time.Time{} }},
		{"no instance", "${instance.id}", "instance.id is not known here", func(e *params.Env) { e.InstanceID = "" }},
		{"no workflow", "${workflow.name}", "workflow.name is not known here", func(e *params.Env) { e.Workflow = "" }},
		{"error after a good one", "${param:dt} ${param:x}", `unknown param "x"`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := testEnv(t)
			if c.env != nil {
				c.env(&env)
			}
			got, err := params.Expand(c.in, env)
			var e *workflows.Error
			if !errors.As(err, &e) || e.Code != workflows.CodeInvalid {
				t.Fatalf("Expand(%q) = %q, %v; want a CodeInvalid *workflows.Error", c.in, got, err)
			}
			if !strings.Contains(e.Message, c.want) || got != "" {
				t.Errorf("Expand(%q) error = %q; want it to contain %q", c.in, e.Message, c.want)
			}
		})
	}
}

func TestExpandDoesNotTouchEnv(t *testing.T) {
	env := testEnv(t)
	before := len(env.Params)
	if _, err := params.Expand("${param:dt}", env); err != nil {
		t.Fatal(err)
	}
	if len(env.Params) != before || env.Params["dt"] != "2024-01-01" {
		t.Error("Expand changed env.Params")
	}
}

func TestScheduledTimeFallsBackToNow(t *testing.T) {
	env := testEnv(t)
	env.Scheduled = time.Time{}
	got, err := params.Expand("${instance.scheduled_time|HH:mm:ss.SSS}", env)
	if err != nil || got != "09:05:07.123" {
		t.Errorf("got %q, %v; want Now's time", got, err)
	}
}

func TestResolveOutputs(t *testing.T) {
	outputs := func(node, key string) (string, bool) { return node + "/" + key, node == "a" }
	in := "${output:a.k} ${param:x} ${time.nope} ${HOME} ${output:a.b.c}"
	got, err := params.ResolveOutputs(in, outputs)
	if want := "a/k ${param:x} ${time.nope} ${HOME} a/b.c"; err != nil || got != want {
		t.Errorf("ResolveOutputs = %q, %v; want %q", got, err, want)
	}
	if _, err := params.ResolveOutputs("${output:b.k}", outputs); err == nil ||
		!strings.Contains(err.Error(), "no output b.k") {
		t.Errorf("missing output: %v", err)
	}
	if got, err := params.ResolveOutputs(in, nil); err != nil || got != in {
		t.Errorf("nil outputs: %q, %v", got, err)
	}
}
