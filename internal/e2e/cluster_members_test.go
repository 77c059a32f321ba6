//go:build linux

package e2e

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

const sleeper = `<work-flow name="sleeper" instance-limit="100">
  <coordinator is-enabled="false"/>
  <start name="start" to="a"/>
  <action name="a"><script><code>sleep 3</code></script><ok to="end"/></action>
  <end name="end"/>
</work-flow>`

func memberStatus(c *testCluster, name string) string {
	for _, m := range c.members() {
		if m.Name == name {
			return m.Status
		}
	}
	return ""
}

// SIGTERM drains a worker: it takes no new task, finishes the running one, and leaves
// (listed as left, not dead); nothing is lost.
func TestClusterWorkerDrain(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test: not in -short")
	}
	c := startCluster(t, clusterSpec{Controllers: 1, Workers: 2, Slots: 2})
	c.writeWorkflow("sleeper", sleeper)
	api := c.api()
	eventually(t, 30*time.Second, func() bool { _, err := api.GetWorkflow(context.Background(), "sleeper"); return err == nil },
		"sleeper was not loaded")
	first := runRetrying(t, c.api, "sleeper")
	var drained string
	waitInstance(t, api, first, 30*time.Second, func(in apiv1.Instance) bool {
		drained = runningOn(in, "a")
		return drained != ""
	}, "running")
	stopped := make(chan struct{})
	go func() { c.stop(drained); close(stopped) }()
	eventually(t, 10*time.Second, func() bool { return memberStatus(c, drained) == "draining" || !c.running(drained) },
		"%s is not shown draining", drained)
	var later []string
	for range 3 {
		later = append(later, runRetrying(t, c.api, "sleeper"))
	}
	in := waitInstance(t, api, first, 30*time.Second, func(in apiv1.Instance) bool { return in.Status == "succeeded" },
		"the running task finished on the draining worker")
	if w := nodeNamed(in, "a").AttemptList[0].Worker; w != drained || len(nodeNamed(in, "a").AttemptList) != 1 {
		t.Fatalf("the drained task: %+v", nodeNamed(in, "a").AttemptList)
	}
	<-stopped
	eventually(t, 10*time.Second, func() bool { return memberStatus(c, drained) == "left" },
		"%s is %q, want left", drained, memberStatus(c, drained))
	for _, id := range later {
		in := waitInstance(t, api, id, 60*time.Second, func(in apiv1.Instance) bool { return in.Status == "succeeded" }, "succeeded")
		for _, a := range nodeNamed(in, "a").AttemptList {
			if a.Worker == drained {
				t.Errorf("instance %s ran on %s after it began draining", id, drained)
			}
		}
	}
}

// A node with another gossip key cannot join; the cluster says why in its log.
func TestClusterRefusesAWrongGossipKey(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test: not in -short")
	}
	key := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	other := base64.StdEncoding.EncodeToString([]byte("fedcba9876543210fedcba9876543210"))
	c := startCluster(t, clusterSpec{Controllers: 1, Workers: 1, Extra: []string{"--gossip-key", key}})
	c.add("intruder", "worker", c.net+"29", "--gossip-key", other)
	c.start("intruder")
	eventually(t, 20*time.Second, func() bool {
		return strings.Contains(tail(c.node("c1").logPath, 200), "not encrypted with this cluster's key")
	}, "the controller did not log the refusal")
	consistently(t, 2*time.Second, func() bool { return memberStatus(c, "intruder") == "" },
		"the intruder entered the cluster")
	if memberStatus(c, "w1") != "alive" {
		t.Fatalf("the keyed worker: %q", memberStatus(c, "w1"))
	}
}

// Standbys serve reads from their replica and say how fresh it is; changes go to the master.
func TestClusterStandbyReadsSayHowStale(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test: not in -short")
	}
	c := startCluster(t, clusterSpec{Controllers: 3, Workers: 1})
	leader := c.leader()
	eventually(t, 10*time.Second, func() bool {
		n := 0
		for _, m := range c.members() {
			if (m.Role == "master" || m.Role == "standby") && m.RaftTerm > 0 {
				n++
			}
		}
		return n == 3
	}, "not every controller shows its Raft term in the members list")
	for _, name := range []string{"c1", "c2", "c3"} {
		resp, err := http.Get("http://" + c.httpAddr(name) + "/api/v1/workflows")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		role := resp.Header.Get("X-Actorflow-Role")
		switch {
		case resp.StatusCode != http.StatusOK:
			t.Errorf("%s: GET workflows %d", name, resp.StatusCode)
		case name == leader && role != "master":
			t.Errorf("the leader %s says role %q", name, role)
		case name != leader && (role != "standby" || resp.Header.Get("X-Actorflow-Last-Contact") == "" ||
			resp.Header.Get("X-Actorflow-Leader") == ""):
			t.Errorf("standby %s headers: %v", name, resp.Header)
		}
		if name == leader {
			continue
		}
		post, err := http.Post("http://"+c.httpAddr(name)+"/api/v1/workflows/none/run", "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		post.Body.Close()
		if post.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("a change sent to standby %s: %d, want 503", name, post.StatusCode)
		}
	}
}
