//go:build linux

package e2e

import (
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// script is an action body running bash code.
func script(code string) string {
	return "<script><code><![CDATA[\n#!/bin/bash\nset -e\n" + code + "\n]]></code></script>"
}

// action is one action node: name, extra attributes, bash code, ok and (optional) error target.
func action(name, attrs, code, ok, onError string) string {
	errEl := ""
	if onError != "" {
		errEl = fmt.Sprintf(`<error to="%s"/>`, onError)
	}
	return fmt.Sprintf(`<action name="%s" %s>%s<ok to="%s"/>%s</action>`, name, attrs, script(code), ok, errEl)
}

// workflow wraps nodes into a HEAD-era <work-flow> with a disabled coordinator (manual only)
// unless coordinator is given.
func workflow(name, attrs, coordinator string, nodes ...string) string {
	if coordinator == "" {
		coordinator = `<coordinator is-enabled="false"/>`
	}
	return fmt.Sprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<work-flow name=\"%s\" creator=\"e2e\" %s>\n%s\n%s\n</work-flow>\n",
		name, attrs, coordinator, strings.Join(nodes, "\n"))
}

func TestLinearChain(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	trace := filepath.Join(dir, "trace")
	s.drop("chain.xml", workflow("chain", "", "",
		`<start name="start" to="a"/>`,
		action("a", "", fmt.Sprintf("echo a >> %q; echo 'stdout of node a'", trace), "b", ""),
		action("b", "", fmt.Sprintf("echo b >> %q; echo 'stderr of node b' >&2", trace), "c", ""),
		action("c", "", fmt.Sprintf("echo c >> %q", trace), "end", ""),
		`<end name="end"/>`))

	id := s.trigger("chain")
	inst := s.waitFor(id, "succeeded", 30*time.Second)
	if got := lines(t, trace); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("executions %v, want [a b c]", got)
	}
	for _, name := range []string{"a", "b", "c"} {
		if n := nodeOf(t, inst, name); n.Status != "succeeded" || n.Attempts != 1 {
			t.Errorf("node %s: %s after %d attempts, want succeeded after 1", name, n.Status, n.Attempts)
		}
	}
	// The CLI shows the same instance.
	info := s.cli("instance", "info", id).expect(t, 0).out
	if !strings.Contains(info, "succeeded") || !strings.Contains(info, id) {
		t.Errorf("instance info lacks the id or the status:\n%s", info)
	}
	if log := s.cli("instance", "log", id).expect(t, 0).out; !strings.Contains(log, "stdout of node a") ||
		!strings.Contains(log, "stderr of node b") {
		t.Errorf("instance log lacks the tasks' output:\n%s", log)
	}
	if log := s.cli("instance", "log", id, "--node", "a").expect(t, 0).out; !strings.Contains(log, "stdout of node a") ||
		strings.Contains(log, "stderr of node b") {
		t.Errorf("instance log --node a is not node a's output:\n%s", log)
	}
}

func TestForkJoin(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	trace := filepath.Join(dir, "trace")
	// Each branch waits until all three have started: the join can only be reached if the
	// branches really run at the same time.
	branch := func(name string) string {
		return action(name, "", fmt.Sprintf(`echo %s >> %q
for i in $(seq 1 400); do
  [ "$(grep -c . %q)" -ge 3 ] && exit 0
  sleep 0.05
done
echo "the other branches never started" >&2
exit 1`, name, trace, trace), "join", "")
	}
	s.add(workflow("forkjoin", "", "",
		`<start name="start" to="fork"/>`,
		`<fork name="fork"><path to="b1"/><path to="b2"/><path to="b3"/></fork>`,
		branch("b1"), branch("b2"), branch("b3"),
		`<join name="join" to="after"/>`,
		action("after", "", fmt.Sprintf("echo after >> %q", trace), "end", ""),
		`<end name="end"/>`))

	id := s.trigger("forkjoin")
	inst := s.waitFor(id, "succeeded", 40*time.Second)
	got := lines(t, trace)
	if len(got) != 4 || got[3] != "after" {
		t.Fatalf("executions %v, want the three branches then after", got)
	}
	branches := slices.Clone(got[:3])
	slices.Sort(branches)
	if !slices.Equal(branches, []string{"b1", "b2", "b3"}) {
		t.Errorf("branches %v, want b1 b2 b3 once each", got[:3])
	}
	for _, name := range []string{"fork", "b1", "b2", "b3", "join", "after"} {
		if n := nodeOf(t, inst, name); n.Status != "succeeded" {
			t.Errorf("node %s is %s, want succeeded", name, n.Status)
		}
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	attempts := filepath.Join(t.TempDir(), "attempts")
	s.add(workflow("retries", "", "",
		`<start name="start" to="flaky"/>`,
		action("flaky", `retry-times="2" interval="0"`, fmt.Sprintf(`echo "$ACTORFLOW_ATTEMPT" >> %q
if [ "$ACTORFLOW_ATTEMPT" -lt 3 ]; then echo "failing attempt $ACTORFLOW_ATTEMPT" >&2; exit 1; fi
echo ok`, attempts), "end", ""),
		`<end name="end"/>`))

	id := s.trigger("retries")
	inst := s.waitFor(id, "succeeded", 30*time.Second)
	n := nodeOf(t, inst, "flaky")
	if n.Status != "succeeded" || n.Attempts != 3 {
		t.Errorf("flaky: %s after %d attempts, want succeeded after 3", n.Status, n.Attempts)
	}
	var statuses []string
	for _, a := range n.AttemptList {
		statuses = append(statuses, fmt.Sprintf("%d:%s", a.Number, a.Status))
	}
	if want := []string{"1:failed", "2:failed", "3:succeeded"}; !slices.Equal(statuses, want) {
		t.Errorf("attempts %v, want %v", statuses, want)
	}
	if got := lines(t, attempts); !slices.Equal(got, []string{"1", "2", "3"}) {
		t.Errorf("ACTORFLOW_ATTEMPT seen by the task: %v, want [1 2 3]", got)
	}
}

func TestErrorTransition(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	trace := filepath.Join(t.TempDir(), "trace")
	s.add(workflow("errpath", "", "",
		`<start name="start" to="broken"/>`,
		action("broken", "", `echo "cannot do it" >&2; exit 3`, "never", "recover"),
		action("never", "", fmt.Sprintf("echo never >> %q", trace), "end", ""),
		action("recover", "", fmt.Sprintf("echo recover >> %q", trace), "end", ""),
		`<end name="end"/>`))

	id := s.trigger("errpath")
	inst := s.waitFor(id, "succeeded", 30*time.Second)
	if n := nodeOf(t, inst, "broken"); n.Status != "failed" {
		t.Errorf("broken is %s, want failed", n.Status)
	} else if len(n.AttemptList) != 1 || n.AttemptList[0].ExitCode != 3 {
		t.Errorf("broken's attempts %+v, want one with exit code 3", n.AttemptList)
	}
	if n := nodeOf(t, inst, "recover"); n.Status != "succeeded" {
		t.Errorf("recover is %s, want succeeded", n.Status)
	}
	if got := lines(t, trace); !slices.Equal(got, []string{"recover"}) {
		t.Errorf("executions %v, want only the error path [recover]", got)
	}
}

func TestKillNode(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	s.add(workflow("killnode", "", "",
		`<start name="start" to="check"/>`,
		// The error path only makes an end reachable, which validation requires.
		action("check", "", "echo checked", "stop", "end"),
		`<kill name="stop"><message>stopped on purpose by the kill node</message></kill>`,
		`<end name="end"/>`))

	id := s.trigger("killnode")
	inst := s.waitFor(id, "killed", 30*time.Second)
	if !strings.Contains(inst.Message, "stopped on purpose by the kill node") {
		t.Errorf("instance message %q lacks the kill node's message", inst.Message)
	}
	if n := nodeOf(t, inst, "check"); n.Status != "succeeded" {
		t.Errorf("check is %s, want succeeded", n.Status)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	trace := filepath.Join(t.TempDir(), "trace")
	s.add(workflow("timeout_errpath", "", "",
		`<start name="start" to="slow"/>`,
		`<action name="slow" timeout="1"><shell><command>sleep 30</command></shell><ok to="end"/><error to="handle"/></action>`,
		action("handle", "", fmt.Sprintf("echo handled >> %q", trace), "end", ""),
		`<end name="end"/>`))
	s.add(workflow("timeout_fail", "", "",
		`<start name="start" to="slow"/>`,
		`<action name="slow" timeout="1"><shell><command>sleep 30</command></shell><ok to="end"/></action>`,
		`<end name="end"/>`))

	withPath := s.trigger("timeout_errpath")
	without := s.trigger("timeout_fail")

	started := time.Now()
	inst := s.waitFor(withPath, "succeeded", 20*time.Second)
	slow := nodeOf(t, inst, "slow")
	if len(slow.AttemptList) == 0 || slow.AttemptList[len(slow.AttemptList)-1].Status != "timed_out" {
		t.Errorf("slow's attempts %+v, want the last timed_out", slow.AttemptList)
	}
	if slow.Status == "succeeded" {
		t.Errorf("slow is succeeded after timing out")
	}
	if got := lines(t, trace); !slices.Equal(got, []string{"handled"}) {
		t.Errorf("error path executions %v, want [handled]", got)
	}

	inst = s.waitFor(without, "failed", 20*time.Second)
	slow = nodeOf(t, inst, "slow")
	if len(slow.AttemptList) == 0 || slow.AttemptList[len(slow.AttemptList)-1].Status != "timed_out" {
		t.Errorf("without an error path: slow's attempts %+v, want the last timed_out", slow.AttemptList)
	}
	if d := time.Since(started); d > 15*time.Second {
		t.Errorf("the 1s timeouts took %s to end the instances", d)
	}
}

func TestParams(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	coord := `<coordinator is-enabled="false">
  <param-list>
    <param name="day" value="${time.today|yyyy-MM-dd}"/>
    <param name="who" value="world"/>
    <param name="greeting" value="hello-${param:who}"/>
  </param-list>
</coordinator>`
	s.add(workflow("params", "", coord,
		`<start name="start" to="write"/>`,
		action("write", "", fmt.Sprintf(`echo "day=${param:day}" > %[1]q/$ACTORFLOW_INSTANCE_ID
echo "who=${param:who}" >> %[1]q/$ACTORFLOW_INSTANCE_ID
echo "greeting=${param:greeting}" >> %[1]q/$ACTORFLOW_INSTANCE_ID`, dir), "end", ""),
		`<end name="end"/>`))

	today := func() []string { // the run may straddle midnight
		return []string{time.Now().Format("2006-01-02"), time.Now().Add(-time.Minute).Format("2006-01-02")}
	}
	check := func(id string, want map[string]string) {
		t.Helper()
		got := map[string]string{}
		for _, l := range lines(t, filepath.Join(dir, id)) {
			k, v, _ := strings.Cut(l, "=")
			got[k] = v
		}
		for k, v := range want {
			if k == "day" {
				if !slices.Contains(today(), got[k]) {
					t.Errorf("instance %s: day=%q, want today %v", id, got[k], today())
				}
				continue
			}
			if got[k] != v {
				t.Errorf("instance %s: %s=%q, want %q (all: %v)", id, k, got[k], v, got)
			}
		}
	}

	// trigger evaluates the param-list: defaults and time expressions.
	id := s.trigger("params")
	s.waitFor(id, "succeeded", 30*time.Second)
	check(id, map[string]string{"day": "", "who": "world", "greeting": "hello-world"})

	// -p overrides a param; later params of the list see the override.
	id = s.trigger("params", "-p", "who=alice")
	inst := s.waitFor(id, "succeeded", 30*time.Second)
	check(id, map[string]string{"day": "", "who": "alice", "greeting": "hello-alice"})
	if inst.Params["who"] != "alice" {
		t.Errorf("instance params %v, want who=alice", inst.Params)
	}

	// run takes exactly the given params.
	id = s.cli("workflow", "run", "params", "-p", "day=2001-02-03", "-p", "who=bob", "-p", "greeting=yo").
		expect(t, 0).id(t)
	s.waitFor(id, "succeeded", 30*time.Second)
	check(id, map[string]string{"who": "bob", "greeting": "yo"})
	if got := lines(t, filepath.Join(dir, id)); len(got) == 0 || got[0] != "day=2001-02-03" {
		t.Errorf("run -p day=2001-02-03 wrote %v", got)
	}
}

func TestUnknownParam(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	s.add(workflow("unknown_param", "", "",
		`<start name="start" to="use"/>`,
		action("use", "", `echo "${param:no_such_param}"`, "end", ""),
		`<end name="end"/>`))

	r := s.cli("workflow", "trigger", "unknown_param").expect(t, 2)
	if !strings.Contains(r.errOut, "no_such_param") {
		t.Errorf("stderr does not name the unknown param:\n%s", r.errOut)
	}

	_, err := s.client().TriggerWorkflow(ctx(), "unknown_param", apiv1.TriggerRequest{})
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusBadRequest || !strings.Contains(ce.Message, "no_such_param") {
		t.Errorf("trigger over HTTP: %#v, want HTTP 400 naming no_such_param", err)
	}
	// Nothing was created for the refused triggers.
	if got := s.instancesOf("unknown_param"); len(got) != 0 {
		t.Errorf("refused triggers left %d instances", len(got))
	}
}

func TestOutputs(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	result := filepath.Join(t.TempDir(), "result")
	s.addViaCLI(workflow("outputs", "", "",
		`<start name="start" to="extract"/>`,
		action("extract", "", `echo "rows=42" >> "$ACTORFLOW_OUTPUT"
echo "table=sales" >> "$ACTORFLOW_OUTPUT"`, "check", ""),
		action("check", "", fmt.Sprintf(`echo "${output:extract.table}:${output:extract.rows}" > %q`, result), "end", ""),
		`<end name="end"/>`))

	id := s.trigger("outputs")
	inst := s.waitFor(id, "succeeded", 30*time.Second)
	if got := lines(t, result); !slices.Equal(got, []string{"sales:42"}) {
		t.Errorf("downstream saw %v, want [sales:42]", got)
	}
	if out := nodeOf(t, inst, "extract").Outputs; out["rows"] != "42" || out["table"] != "sales" {
		t.Errorf("extract's outputs %v, want rows=42 table=sales", out)
	}
}
