package master

import (
	"encoding/json"

	"github.com/actorflow/actorflow/workflows"
)

// decodeWorkflow reads the JSON of a *workflows.Workflow stored with an instance
// (store.CreateInstance.Definition): the version that instance runs, whatever happened to the
// definition since.
func decodeWorkflow(data []byte) (*workflows.Workflow, error) {
	var wf workflows.Workflow
	if err := json.Unmarshal(data, &wf); err != nil {
		return nil, err
	}
	return &wf, nil
}
