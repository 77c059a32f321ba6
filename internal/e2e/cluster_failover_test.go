//go:build linux

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// journalScript appends one line per execution: instance, node, attempt. Lines are short
// and written with one O_APPEND write, so concurrent tasks never interleave them.
func journalScript(sleep string) string {
	return fmt.Sprintf(`<script><code><![CDATA[
#!/bin/bash
echo "$ACTORFLOW_INSTANCE_ID $ACTORFLOW_NODE $ACTORFLOW_ATTEMPT" >> "$ACTORFLOW_SHARED/journal"
sleep %s
]]></code></script>`, sleep)
}

// failoverWork has a short and a long branch, then a short tail.
func failoverWork() string {
	return `<work-flow name="work" instance-limit="1000">
  <coordinator is-enabled="false"/>
  <start name="start" to="fork"/>
  <fork name="fork"><path to="short"/><path to="long"/></fork>
  <action name="short">` + journalScript("0.1") + `<ok to="join"/></action>
  <action name="long">` + journalScript("2") + `<ok to="join"/></action>
  <join name="join" to="tail"/>
  <action name="tail">` + journalScript("0.1") + `<ok to="end"/></action>
  <end name="end"/>
</work-flow>`
}

// tick fires every 2 seconds; every missed slot is run after a failover (catchup="all").
const tickWorkflow = `<work-flow name="tick" instance-limit="1000">
  <coordinator is-enabled="true" catchup="all"><depend-list cron="@every 2s"/></coordinator>
  <start name="start" to="t"/>
  <action name="t"><script><code>true</code></script><ok to="end"/></action>
  <end name="end"/>
</work-flow>`

// runRetrying starts an instance, retrying while the cluster has no master (503).
func runRetrying(t testing.TB, api func() *client.Client, workflow string) string {
	t.Helper()
	var id string
	var last error
	ok := poll(30*time.Second, func() bool {
		c, err := api().RunWorkflow(context.Background(), workflow, apiv1.RunRequest{})
		if err != nil {
			last = err
			return false
		}
		id = c.ID
		return true
	})
	if !ok {
		t.Fatalf("could not start %s: %v", workflow, last)
	}
	return id
}

// TestClusterMasterSIGKILLLosesAndDoublesNothing kills the master again and again while
// instances with long and short tasks run and a cron fires every 2 seconds.
func TestClusterMasterSIGKILLLosesAndDoublesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster failover test: not in -short")
	}
	kills := 20
	c := startCluster(t, clusterSpec{Controllers: 3, Workers: 2, Slots: 16, HTTP: true})
	c.writeWorkflow("work", failoverWork())
	c.writeWorkflow("tick", tickWorkflow)
	api := c.api
	eventually(t, 30*time.Second, func() bool {
		l, err := api().ListWorkflows(context.Background(), client.WorkflowFilter{})
		return err == nil && l.Total == 2
	}, "the workflows were not loaded")

	var ids []string
	for range 50 {
		ids = append(ids, runRetrying(t, api, "work"))
	}
	var failovers []time.Duration
	for i := range kills {
		old := c.leader()
		if old == "" {
			c.waitHealthy(30 * time.Second)
			old = c.leader()
		}
		killed := time.Now()
		c.kill(old)
		var next string
		eventually(t, 30*time.Second, func() bool { next = c.leader(); return next != "" && next != old },
			"kill %d: no new master after %s was killed", i+1, old)
		failovers = append(failovers, time.Since(killed))
		for range 3 {
			ids = append(ids, runRetrying(t, api, "work"))
		}
		c.start(old) // it rejoins as a standby with its data
		c.waitHealthy(60 * time.Second)
	}
	slices.Sort(failovers)
	t.Logf("%d failovers: master SIGKILL -> new master ready: p50 %s, max %s", len(failovers),
		failovers[len(failovers)/2].Round(time.Millisecond), failovers[len(failovers)-1].Round(time.Millisecond))

	// Every instance completes.
	finished := map[string]apiv1.Instance{}
	eventually(t, 180*time.Second, func() bool {
		for _, id := range ids {
			if _, ok := finished[id]; ok {
				continue
			}
			in, err := api().GetInstance(context.Background(), id)
			if err != nil || (in.Status != "succeeded" && in.Status != "failed" && in.Status != "killed") {
				return false
			}
			finished[id] = in
		}
		return true
	}, "not every instance finished (%d of %d)", len(finished), len(ids))

	// Every attempt ran exactly once, and each node succeeded with its first attempt.
	runs := journalCounts(t, filepath.Join(c.shared, "journal"))
	for _, id := range ids {
		in := finished[id]
		if in.Status != "succeeded" {
			t.Errorf("instance %s: %s (%s)", id, in.Status, in.Message)
		}
		for _, n := range in.Nodes {
			if n.Kind != "action" {
				continue
			}
			if n.Status != "succeeded" || n.Attempts != 1 {
				t.Errorf("instance %s node %s: %s after %d attempts (%s)", id, n.Name, n.Status, n.Attempts, n.Message)
			}
			for a := 1; a <= n.Attempts; a++ {
				if got := runs[fmt.Sprintf("%s %s %d", id, n.Name, a)]; got != 1 {
					t.Errorf("instance %s node %s attempt %d ran %d times", id, n.Name, a, got)
				}
			}
		}
	}
	checkTicks(t, api())
}

// journalCounts counts the executions recorded per "instance node attempt".
func journalCounts(t testing.TB, path string) map[string]int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		out[line]++
	}
	return out
}

// checkTicks: the cron's instances cover every 2-second slot between the first and the
// last, each exactly once.
func checkTicks(t testing.TB, api *client.Client) {
	t.Helper()
	l, err := api.ListInstances(context.Background(), client.InstanceFilter{Workflow: "tick", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]int{}
	var first, last int64
	for _, in := range l.Items {
		s := in.Scheduled.Unix()
		if in.Scheduled.IsZero() {
			t.Errorf("tick instance %s has no scheduled time (trigger %s)", in.ID, in.Trigger)
			continue
		}
		seen[s]++
		if first == 0 || s < first {
			first = s
		}
		last = max(last, s)
	}
	if len(seen) < 10 {
		t.Fatalf("only %d cron fires recorded", len(seen))
	}
	for s := first; s <= last; s += 2 {
		if seen[s] != 1 {
			t.Errorf("cron slot %s fired %d times", time.Unix(s, 0).UTC().Format(time.TimeOnly), seen[s])
		}
	}
	t.Logf("cron: %d slots from %s to %s, each fired once", len(seen),
		time.Unix(first, 0).UTC().Format(time.TimeOnly), time.Unix(last, 0).UTC().Format(time.TimeOnly))
}
