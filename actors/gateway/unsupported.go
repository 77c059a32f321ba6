package gateway

import (
	"context"
	"time"
)

// akkaflow's whole-cluster actions that the master cannot do yet. They answer
// CodeUnsupported with what to do instead, so the akkaflow routes fail with a useful message.

// TriggerBlood needs the master to own the chain (a workflow, then its enabled downstream
// closure in dependency order, one chain at a time).
func (g *Gateway) TriggerBlood(context.Context, string) (string, error) {
	return "", unsupportedf("trigger-blood is not supported yet: blood chains come with the master's " +
		"blood-chain request (a later issue); trigger the workflows one by one instead")
}

// ResetAll must reset every coordinator in one committed step; the master has no request
// for that yet, and N separate resets would not be one step.
func (g *Gateway) ResetAll(context.Context) error {
	return unsupportedf("resetting every workflow at once is not supported yet: it comes with the master's " +
		"reset-all request (a later issue); reset workflows one by one with: actorflow workflow reset NAME")
}

// TodayTriggerLeft is akkaflow's workflow plan for the rest of the day; it comes with the
// scheduling-plan issue.
func (g *Gateway) TodayTriggerLeft(context.Context, time.Time) (map[string]int, error) {
	return nil, unsupportedf("today-trigger-left is not supported yet: the remaining fires of the day come with " +
		"the scheduling-plan issue (a later issue); the workflow list shows each next_fire meanwhile")
}
