package httpapi

import (
	"fmt"
	"net/http"

	"github.com/actorflow/actorflow/workflows"
)

// akkaInstanceActions serves /akkaflow/workflow/instance/{id}?action=rerun|kill|del.
func (s *server) akkaInstanceActions() map[string]akkaAction {
	return map[string]akkaAction{
		"rerun": {mutates: true, run: func(r *http.Request) (string, any, error) {
			id := r.PathValue("id")
			// recover=true reruns only what did not succeed; absent (2017 form) reruns all.
			fromFailed, err := boolParam(r.URL.Query(), "recover")
			if err != nil {
				return "", nil, err
			}
			newID, err := s.b.RerunInstance(r.Context(), id, fromFailed)
			msg := fmt.Sprintf("instance %s is queued to rerun", id)
			if newID != id {
				msg += " as instance " + newID
			}
			return msg, newID, err
		}},
		"kill": {mutates: true, run: func(r *http.Request) (string, any, error) {
			id := r.PathValue("id")
			// akkaflow's data was the final status; a successful kill ends in killed.
			return "killed instance " + id, workflows.InstanceKilled.String(),
				s.b.KillInstance(r.Context(), id)
		}},
		"del": {mutates: true, run: func(r *http.Request) (string, any, error) {
			id := r.PathValue("id")
			return "deleted instance " + id, nil, s.b.DeleteInstance(r.Context(), id)
		}},
	}
}

// waitingInstance is one row of the historical waiting-queue list.
type waitingInstance struct {
	ID   string `json:"wfid"`
	Name string `json:"name"`
}

// akkaWaitingList serves GET /akkaflow/workflow/watting_instance/list: the queued (prep)
// instances, which `akka front` still reads.
func (s *server) akkaWaitingList(r *http.Request) (string, any, error) {
	list, err := s.b.ListInstances(r.Context(), InstanceQuery{
		Status: workflows.InstancePrep.String(), Limit: MaxLimit})
	if err != nil {
		return "", nil, err
	}
	rows := make([]waitingInstance, len(list.Items))
	for i, in := range list.Items {
		rows[i] = waitingInstance{ID: in.ID, Name: in.Workflow}
	}
	return fmt.Sprintf("%d waiting instances", list.Total), rows, nil
}
