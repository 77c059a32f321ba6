//go:build linux

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// logsWorkflow runs node a on worker w1 and node b on worker w2 (pinned by host: a worker
// gossips its address as its host), each printing known lines on stdout and stderr.
func logsWorkflow(c *testCluster) string {
	node := func(name, ip string) string {
		return fmt.Sprintf(`<action name="%s" host="%s"><script><code><![CDATA[
#!/bin/bash
echo "%s stdout line 1"
echo "%s stderr line" >&2
echo "%s stdout line 2"
]]></code></script><ok to="join"/></action>`, name, ip, name, name, name)
	}
	return `<work-flow name="logs" instance-limit="100">
  <coordinator is-enabled="false"/>
  <start name="start" to="fork"/>
  <fork name="fork"><path to="a"/><path to="b"/></fork>
  ` + node("a", c.node("w1").ip) + `
  ` + node("b", c.node("w2").ip) + `
  <join name="join" to="end"/>
  <end name="end"/>
</work-flow>`
}

// slowWorkflow prints a line every 0.2 s for about 2 s. Halfway it waits for the test to
// create $ACTORFLOW_SHARED/release, so the test knows the task is running while it reads.
const slowWorkflow = `<work-flow name="slow" instance-limit="100">
  <coordinator is-enabled="false"/>
  <start name="start" to="s"/>
  <action name="s"><script><code><![CDATA[
#!/bin/bash
for i in $(seq 1 5); do echo "tick $i"; sleep 0.2; done
for i in $(seq 1 1200); do [ -e "$ACTORFLOW_SHARED/release" ] && break; sleep 0.05; done
for i in $(seq 6 10); do echo "tick $i"; sleep 0.2; done
echo "slow done" >&2
]]></code></script><ok to="end"/></action>
  <end name="end"/>
</work-flow>`

func readAll(t *testing.T, api *client.Client, id string, o client.LogOptions) string {
	t.Helper()
	rc, err := api.InstanceLog(context.Background(), id, o)
	if err != nil {
		t.Fatalf("log of %s: %v", id, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read the log of %s: %v", id, err)
	}
	return string(b)
}

// TestClusterLogs reads task logs through the http node, which asks the master, which asks
// the attempt's worker: whole, followed while the task prints, and with a worker gone.
func TestClusterLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test: not in -short")
	}
	c := startCluster(t, clusterSpec{Controllers: 1, Workers: 2, HTTP: true})
	c.writeWorkflow("logs", logsWorkflow(c))
	c.writeWorkflow("slow", slowWorkflow)
	api := c.api()
	eventually(t, 30*time.Second, func() bool {
		l, err := api.ListWorkflows(context.Background(), client.WorkflowFilter{})
		return err == nil && l.Total == 2
	}, "the workflows were not loaded")

	// A finished instance: every line of both workers, under tail(1)-style headers.
	id := runRetrying(t, c.api, "logs")
	in := waitInstance(t, api, id, 60*time.Second, func(in apiv1.Instance) bool { return in.Status == "succeeded" }, "succeed")
	for node, w := range map[string]string{"a": "w1", "b": "w2"} {
		if got := nodeNamed(in, node).AttemptList[0].Worker; got != w {
			t.Fatalf("node %s ran on %q, want %s (host pinning)", node, got, w)
		}
	}
	got := readAll(t, api, id, client.LogOptions{})
	want := "==> node a, attempt 1 (succeeded) <==\na stdout line 1\na stdout line 2\n" +
		"\n==> node a, attempt 1 (succeeded), stderr <==\na stderr line\n" +
		"\n==> node b, attempt 1 (succeeded) <==\nb stdout line 1\nb stdout line 2\n" +
		"\n==> node b, attempt 1 (succeeded), stderr <==\nb stderr line\n"
	if got != want {
		t.Fatalf("the instance's log:\n%q\nwant\n%q", got, want)
	}
	if got := readAll(t, api, id, client.LogOptions{Node: "b"}); got != "b stdout line 1\nb stdout line 2\n\n==> node b, attempt 1 (succeeded), stderr <==\nb stderr line\n" {
		t.Fatalf("node b's log: %q", got)
	}

	// Following a running task: lines arrive while it runs, and the stream ends with it.
	slow := runRetrying(t, c.api, "slow")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rc, err := api.InstanceLog(ctx, slow, client.LogOptions{Node: "s", Follow: true})
	if err != nil {
		t.Fatalf("follow: %v", err)
	}
	defer rc.Close()
	lines := bufio.NewScanner(rc)
	var seen []string
	for lines.Scan() {
		seen = append(seen, lines.Text())
		if lines.Text() == "tick 5" {
			// The task waits for the release file: these lines were streamed while it ran.
			st, err := api.GetInstance(context.Background(), slow)
			if err != nil || st.Status != "running" {
				t.Fatalf("tick 5 came when the instance was %q (%v): not streamed live", st.Status, err)
			}
			if err := os.WriteFile(filepath.Join(c.shared, "release"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := lines.Err(); err != nil {
		t.Fatalf("follow ended with %v after %q", err, seen)
	}
	var ticks []string
	for i := 1; i <= 10; i++ {
		ticks = append(ticks, fmt.Sprintf("tick %d", i))
	}
	wantFollow := strings.Join(ticks, "\n") + "\n\n==> node s, attempt 1 (succeeded), stderr <==\nslow done"
	if gotFollow := strings.Join(seen, "\n"); strings.Replace(gotFollow, "(running)", "(succeeded)", 1) != wantFollow {
		t.Fatalf("followed:\n%q\nwant\n%q", gotFollow, wantFollow)
	}
	if st, err := api.GetInstance(context.Background(), slow); err != nil || st.Status != "succeeded" {
		t.Fatalf("the follow ended while the instance was %q (%v)", st.Status, err)
	}

	// A worker gone: its sections say so in one line; the other worker's log is still there.
	c.kill("w1")
	got = readAll(t, api, id, client.LogOptions{})
	if !strings.Contains(got, "==> node a, attempt 1 (succeeded) <==\n[actorflow: the stdout of this attempt is on worker w1, which cannot give it: ") ||
		!strings.Contains(got, "==> node b, attempt 1 (succeeded) <==\nb stdout line 1\nb stdout line 2\n") {
		t.Fatalf("with w1 gone:\n%s", got)
	}
}
