package benchkit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/httpapi/client"
)

// bg is the context of every API call; each call has the client's own timeout.
var bg = context.Background()

// Terminal reports whether an instance status is final.
func Terminal(status string) bool {
	return status == "succeeded" || status == "failed" || status == "killed"
}

// WaitInstance waits until instance id of workflow wf is final and returns it with its nodes.
// It polls the instance list (no nodes, so a 1,000-node instance is not serialised on every
// poll) every interval, and fetches the instance once at the end. An instance that did not
// succeed is an error.
func WaitInstance(api *client.Client, wf, id string, timeout, interval time.Duration) (apiv1.Instance, error) {
	status := ""
	err := WaitFor(timeout, interval, func() (bool, error) {
		l, err := api.ListInstances(bg, client.InstanceFilter{Workflow: wf, Limit: 20})
		if err != nil {
			return false, err
		}
		for _, it := range l.Items {
			if it.ID == id {
				status = it.Status
				return Terminal(status), nil
			}
		}
		inst, err := api.GetInstance(bg, id) // not on the first page
		status = inst.Status
		return err == nil && Terminal(status), err
	})
	if err != nil {
		return apiv1.Instance{}, fmt.Errorf("instance %s (%s): %w", id, status, err)
	}
	inst, err := api.GetInstance(bg, id)
	if err != nil {
		return inst, err
	}
	if inst.Status != "succeeded" {
		return inst, fmt.Errorf("instance %s ended %s: %s", id, inst.Status, inst.Message)
	}
	return inst, nil
}

// FirstAttempts returns each action node's first attempt, ordered by node name (the bench's
// node names sort in chain order).
func FirstAttempts(inst apiv1.Instance) []apiv1.Attempt {
	nodes := slices.Clone(inst.Nodes)
	slices.SortFunc(nodes, func(a, b apiv1.Node) int { return strings.Compare(a.Name, b.Name) })
	var attempts []apiv1.Attempt
	for _, n := range nodes {
		if n.Kind == "action" && len(n.AttemptList) > 0 {
			attempts = append(attempts, n.AttemptList[0])
		}
	}
	return attempts
}

// Trigger fires a workflow and returns the new instance id.
func Trigger(api *client.Client, name string) (string, error) {
	c, err := api.TriggerWorkflow(bg, name, apiv1.TriggerRequest{})
	return c.ID, err
}
