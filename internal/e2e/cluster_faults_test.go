//go:build linux

package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
	"github.com/actorflow/actorflow/internal/testenv"
)

// slowFirstAttempt: attempt 1 runs long (it is meant to be cut short by the test), later
// attempts finish at once. Every execution is journaled.
const slowFirstAttempt = `<work-flow name="slow" instance-limit="100">
  <coordinator is-enabled="false"/>
  <start name="start" to="a"/>
  <action name="a" retry-times="2" interval="0"><script><code><![CDATA[
#!/bin/bash
echo "$ACTORFLOW_INSTANCE_ID $ACTORFLOW_NODE $ACTORFLOW_ATTEMPT" >> "$ACTORFLOW_SHARED/journal"
if [ "$ACTORFLOW_ATTEMPT" = 1 ]; then sleep 60; fi
]]></code></script><ok to="end"/></action>
  <end name="end"/>
</work-flow>`

func waitInstance(t testing.TB, api *client.Client, id string, timeout time.Duration, cond func(apiv1.Instance) bool, what string) apiv1.Instance {
	t.Helper()
	var in apiv1.Instance
	eventually(t, timeout, func() bool {
		var err error
		in, err = api.GetInstance(context.Background(), id)
		return err == nil && cond(in)
	}, "instance %s: %s (last: %s %+v)", id, what, in.Status, in.Nodes)
	return in
}

func nodeNamed(in apiv1.Instance, name string) apiv1.Node {
	for _, n := range in.Nodes {
		if n.Name == name {
			return n
		}
	}
	return apiv1.Node{}
}

func runningOn(in apiv1.Instance, node string) string {
	n := nodeNamed(in, node)
	if len(n.AttemptList) == 0 {
		return ""
	}
	a := n.AttemptList[len(n.AttemptList)-1]
	if a.Status != "running" {
		return ""
	}
	return a.Worker
}

// A worker SIGKILLed mid-task: its attempt becomes lost once gossip declares it dead, the
// retry runs on the other worker, and nothing succeeds twice.
func TestClusterWorkerSIGKILLLosesTheAttemptAndRetriesElsewhere(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test: not in -short")
	}
	c := startCluster(t, clusterSpec{Controllers: 3, Workers: 2})
	c.writeWorkflow("slow", slowFirstAttempt)
	api := c.api()
	eventually(t, 30*time.Second, func() bool {
		_, err := api.GetWorkflow(context.Background(), "slow")
		return err == nil
	}, "slow was not loaded")
	id := runRetrying(t, c.api, "slow")
	var victim string
	waitInstance(t, api, id, 30*time.Second, func(in apiv1.Instance) bool {
		victim = runningOn(in, "a")
		return victim != ""
	}, "attempt 1 running")
	killed := time.Now()
	c.kill(victim)
	in := waitInstance(t, api, id, 30*time.Second, func(in apiv1.Instance) bool { return in.Status == "succeeded" },
		"succeeded after the retry")
	t.Logf("worker SIGKILL -> instance succeeded on the other worker in %s", time.Since(killed).Round(time.Millisecond))
	a := nodeNamed(in, "a")
	if len(a.AttemptList) != 2 || a.AttemptList[0].Status != "lost" || a.AttemptList[1].Status != "succeeded" ||
		a.AttemptList[1].Worker == victim {
		t.Fatalf("attempts: %+v (killed worker %s)", a.AttemptList, victim)
	}
	runs := journalCounts(t, filepath.Join(c.shared, "journal"))
	for k, n := range runs {
		if n != 1 {
			t.Errorf("%s ran %d times", k, n)
		}
	}
	// The killed worker comes back: it does not run the lost attempt again.
	c.start(victim)
	c.waitHealthy(30 * time.Second)
	consistently(t, 2*time.Second, func() bool {
		return journalCounts(t, filepath.Join(c.shared, "journal"))[id+" a 1"] == 1
	}, "the lost attempt ran again after its worker restarted")
}

// Stopping and starting every node keeps every definition and instance.
func TestClusterRestartKeepsState(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test: not in -short")
	}
	c := startCluster(t, clusterSpec{Controllers: 3, Workers: 1, HTTP: true})
	c.writeWorkflow("work", failoverWork())
	api := c.api
	var ids []string
	for range 5 {
		ids = append(ids, runRetrying(t, api, "work"))
	}
	for _, id := range ids {
		waitInstance(t, api(), id, 60*time.Second, func(in apiv1.Instance) bool { return in.Status == "succeeded" }, "succeeded")
	}
	before, err := api().ListInstances(context.Background(), client.InstanceFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for i := len(c.order) - 1; i >= 0; i-- {
		c.stop(c.order[i])
	}
	for _, name := range c.order {
		c.start(name)
	}
	c.waitHealthy(60 * time.Second)
	// Clients retry while the controllers settle on a master (503 meanwhile).
	var after apiv1.List[apiv1.Instance]
	eventually(t, 30*time.Second, func() bool {
		after, err = api().ListInstances(context.Background(), client.InstanceFilter{Limit: 100})
		return err == nil
	}, "no instance list after the restart: %v", err)
	if after.Total != before.Total {
		t.Fatalf("instances: %d before the restart, %d after", before.Total, after.Total)
	}
	for _, id := range ids {
		waitInstance(t, api(), id, 30*time.Second, func(in apiv1.Instance) bool { return in.Status == "succeeded" },
			"succeeded, as before the restart")
	}
	id := runRetrying(t, api, "work")
	waitInstance(t, api(), id, 60*time.Second, func(in apiv1.Instance) bool { return in.Status == "succeeded" }, "a new run succeeded")
}

// partition cuts every packet between ip and the rest of the machine (iptables on
// loopback; each node binds and dials from its own address). It returns the undo.
func partition(t testing.TB, ip string) func() {
	t.Helper()
	rules := [][]string{{"-s", ip, "!", "-d", ip, "-j", "DROP"}, {"-d", ip, "!", "-s", ip, "-j", "DROP"}}
	for _, r := range rules {
		if out, err := exec.Command("iptables", append([]string{"-I", "INPUT"}, r...)...).CombinedOutput(); err != nil {
			testenv.Unavailable(t, "partition test needs iptables as root: %v: %s", err, out)
		}
	}
	healed := false
	heal := func() {
		if healed {
			return
		}
		healed = true
		for _, r := range rules {
			if out, err := exec.Command("iptables", append([]string{"-D", "INPUT"}, r...)...).CombinedOutput(); err != nil {
				t.Errorf("iptables -D: %v: %s", err, out)
			}
		}
	}
	t.Cleanup(heal)
	return heal
}

// The master cut off from everyone: the majority elects a new master and goes on; the
// minority master stops dispatching; after healing no attempt ran twice or has two results.
func TestClusterPartitionedMasterStepsDown(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test: not in -short")
	}
	if _, err := exec.LookPath("iptables"); err != nil {
		testenv.Unavailable(t, "partition test needs iptables")
	}
	c := startCluster(t, clusterSpec{Controllers: 3, Workers: 2, Slots: 8, HTTP: true})
	c.writeWorkflow("work", failoverWork())
	var ids []string
	for range 20 {
		ids = append(ids, runRetrying(t, c.api, "work"))
	}
	old := c.leader()
	heal := partition(t, c.node(old).ip)
	cut := time.Now()

	// The majority elects a new master; the old one learns it lost its quorum and stops.
	var next string
	eventually(t, 30*time.Second, func() bool {
		for _, name := range []string{"c1", "c2", "c3"} {
			if name != old && client.New("http://"+c.httpAddr(name), client.WithTimeout(time.Second)).Readyz(context.Background()) == nil {
				next = name
				return true
			}
		}
		return false
	}, "the majority elected no master")
	t.Logf("partition -> new master %s ready in %s", next, time.Since(cut).Round(time.Millisecond))
	eventually(t, 30*time.Second, func() bool {
		return strings.Contains(tail(c.node(old).logPath, 200), "not leading: master stopped")
	}, "the partitioned master %s did not stop", old)
	for range 10 {
		ids = append(ids, runRetrying(t, c.api, "work"))
	}
	heal()
	c.waitHealthy(60 * time.Second)
	for range 5 {
		ids = append(ids, runRetrying(t, c.api, "work"))
	}
	runsOf := func() map[string]int { return journalCounts(t, filepath.Join(c.shared, "journal")) }
	for _, id := range ids {
		in := waitInstance(t, c.api(), id, 120*time.Second, func(in apiv1.Instance) bool {
			return in.Status == "succeeded" || in.Status == "failed" || in.Status == "killed"
		}, "finished")
		for _, n := range in.Nodes {
			if n.Kind != "action" {
				continue
			}
			succeeded := 0
			for _, a := range n.AttemptList {
				if a.Status == "succeeded" {
					succeeded++
				}
			}
			if succeeded != 1 {
				t.Errorf("instance %s node %s: %d successful attempts (%+v)", id, n.Name, succeeded, n.AttemptList)
			}
		}
	}
	for k, n := range runsOf() {
		if n != 1 {
			t.Errorf("%s ran %d times", k, n)
		}
	}
}
