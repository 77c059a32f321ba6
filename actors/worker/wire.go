package worker

import (
	"github.com/actorflow/actorflow/actors/messages"
)

// unwrap returns the message inside an Envelope (and true), or m itself (and false).
// An empty envelope gives nil.
func unwrap(m any) (any, bool) {
	env, ok := m.(*messages.Envelope)
	if !ok {
		return m, false
	}
	switch b := env.GetBody().(type) {
	case *messages.Envelope_RunTask:
		return b.RunTask, true
	case *messages.Envelope_KillTask:
		return b.KillTask, true
	case *messages.Envelope_AckTaskFinished:
		return b.AckTaskFinished, true
	case *messages.Envelope_WorkerStatusRequest:
		return b.WorkerStatusRequest, true
	case *messages.Envelope_TaskStarted:
		return b.TaskStarted, true
	case *messages.Envelope_TaskFinished:
		return b.TaskFinished, true
	case *messages.Envelope_RunTaskRejected:
		return b.RunTaskRejected, true
	case *messages.Envelope_WorkerStatusResponse:
		return b.WorkerStatusResponse, true
	case *messages.Envelope_MasterChanged:
		return b.MasterChanged, true
	}
	return nil, true
}

// wrap puts an outgoing message in an Envelope when the peer spoke in envelopes: replies
// mirror the form of the request they answer.
func wrap(m any, enveloped bool) any {
	if !enveloped {
		return m
	}
	switch v := m.(type) {
	case *messages.TaskStarted:
		return &messages.Envelope{Body: &messages.Envelope_TaskStarted{TaskStarted: v}}
	case *messages.TaskFinished:
		return &messages.Envelope{Body: &messages.Envelope_TaskFinished{TaskFinished: v}}
	case *messages.RunTaskRejected:
		return &messages.Envelope{Body: &messages.Envelope_RunTaskRejected{RunTaskRejected: v}}
	case *messages.WorkerStatusResponse:
		return &messages.Envelope{Body: &messages.Envelope_WorkerStatusResponse{WorkerStatusResponse: v}}
	}
	return m
}
