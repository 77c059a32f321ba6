package httpapi

import (
	"context"
	"io"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// Backend is everything the HTTP server needs from the rest of the node. The composition root
// implements it over the master actor (commands, live state) and the store (history).
//
// Every method takes the request's context first and honours its cancellation. Errors carry a
// workflows.Code (a *workflows.Error somewhere in the chain); any other error is answered as
// internal. An invalid definition is a *workflows.Error with CodeInvalid and every Problem.
// A method the backend cannot serve yet returns CodeUnsupported.
type Backend interface {
	// ListWorkflows returns one page of definitions and the total matching q.
	ListWorkflows(ctx context.Context, q WorkflowQuery) (apiv1.List[apiv1.Workflow], error)
	// WorkflowDirs lists the directories of the definitions, each with how many it holds
	// (subdirectories included), sorted by path; "" is the root.
	WorkflowDirs(ctx context.Context) (apiv1.List[apiv1.Dir], error)
	// GetWorkflow returns one definition with its source and nodes.
	GetWorkflow(ctx context.Context, name string) (apiv1.WorkflowDetail, error)
	// PutWorkflow validates and stores a definition; path, when set, is recorded as its source
	// file. Created is false when it replaced an existing definition.
	PutWorkflow(ctx context.Context, xml []byte, path string) (apiv1.PutWorkflowResponse, error)
	// CheckWorkflow validates a definition without storing it.
	CheckWorkflow(ctx context.Context, xml []byte) (apiv1.PutWorkflowResponse, error)
	// DeleteWorkflow removes a definition.
	DeleteWorkflow(ctx context.Context, name string) error
	// TriggerWorkflow fires a workflow as its coordinator would and returns the instance id.
	TriggerWorkflow(ctx context.Context, name string, r apiv1.TriggerRequest) (string, error)
	// RunWorkflow starts an ad-hoc instance with params that affects no downstream flags.
	RunWorkflow(ctx context.Context, name string, params map[string]string) (string, error)
	// ResetWorkflow clears the coordinator's dependency flags and recomputes its next fire.
	ResetWorkflow(ctx context.Context, name string) error
	// SetWorkflowEnabled switches the coordinator called name (a workflow's own, or a
	// standalone coordinator) on or off: off, it does not fire on its own (manual triggers and
	// runs still work). Already in that state is no error.
	SetWorkflowEnabled(ctx context.Context, name string, enabled bool) error
	// Backfill creates one instance per cron slot in [From, To).
	Backfill(ctx context.Context, name string, r apiv1.BackfillRequest) (apiv1.BackfillResponse, error)

	// ListInstances returns one page of instances and the total matching q, newest first.
	ListInstances(ctx context.Context, q InstanceQuery) (apiv1.List[apiv1.Instance], error)
	// GetInstance returns one instance with its nodes.
	GetInstance(ctx context.Context, id string) (apiv1.Instance, error)
	// DeleteInstance removes a finished instance and its logs.
	DeleteInstance(ctx context.Context, id string) error
	// KillInstance stops a queued or running instance; a finished one is CodeConflict.
	KillInstance(ctx context.Context, id string) error
	// RerunInstance reruns a finished instance (fromFailed: only what did not succeed) and
	// returns the id of the instance that runs.
	RerunInstance(ctx context.Context, id string, fromFailed bool) (string, error)
	// RunGrid returns one page of a workflow's instances, newest first, each with its nodes'
	// statuses (no attempt lists, no outputs): the web UI's runs × nodes grid.
	RunGrid(ctx context.Context, workflow string, limit, offset int) (apiv1.List[apiv1.Instance], error)
	// OpenLog returns an instance's log text: one node's (node != "") and one attempt's
	// (attempt > 0; 0 is the latest). With follow the reader blocks for more output until the
	// instance ends (then io.EOF) or ctx is cancelled. The server always closes it.
	OpenLog(ctx context.Context, id, node string, attempt int, follow bool) (io.ReadCloser, error)
	// DataMonitorResults returns one page of data-monitor results (akkaflow's data_monitor
	// table, derived from instance records), newest first, and the total matching q.
	DataMonitorResults(ctx context.Context, q MonitorQuery) (apiv1.List[apiv1.MonitorResult], error)

	// ListXMLFiles lists the scanned xmlconfig files with their load status and problems,
	// by path.
	ListXMLFiles(ctx context.Context, q XMLFileQuery) (apiv1.List[apiv1.XMLFile], error)
	// Members lists the cluster's nodes.
	Members(ctx context.Context) (apiv1.List[apiv1.Member], error)
	// Front builds the dashboard as of now.
	Front(ctx context.Context, now time.Time) (apiv1.Front, error)
	// Ready returns nil when this node can serve the API: a master is active and its state is
	// loaded. The error says why not; it must answer quickly (probes call it every few seconds).
	Ready() error

	// TriggerBlood starts akkaflow's "blood" chain: name, then every enabled downstream
	// workflow in dependency order. It returns the root instance id. May be CodeUnsupported.
	TriggerBlood(ctx context.Context, name string) (string, error)
	// ResetAll resets every coordinator (akkaflow's workflows?action=reset). May be
	// CodeUnsupported.
	ResetAll(ctx context.Context) error
	// TodayTriggerLeft says, per workflow, how many more times it fires today after now (only
	// counts > 0). May be CodeUnsupported.
	TodayTriggerLeft(ctx context.Context, now time.Time) (map[string]int, error)
}

// WorkflowQuery selects definitions. Limit is always 1…MaxLimit and Offset ≥ 0: the server
// validates and defaults them before the backend sees the query.
type WorkflowQuery struct {
	Dir    string // only definitions in this directory; empty: all
	Q      string // free text matched against name, description, creator
	Limit  int
	Offset int
}

// XMLFileQuery selects xmlconfig files. Limit is 0 (every file from Offset on: the answer
// before the list had pages, kept for clients that ask without a limit) or 1…MaxLimit;
// Offset ≥ 0; Status is "" or one of loaded, error, disabled. The server validates them.
type XMLFileQuery struct {
	Status string
	Limit  int
	Offset int
}

// InstanceQuery selects instances. Status, when set, is the lower-case English name of a
// workflows.InstanceStatus (aliases are normalised by the server).
type InstanceQuery struct {
	Workflow string
	Status   string
	Limit    int
	Offset   int
}
