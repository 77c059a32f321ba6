package apiv1

// ErrorBody is every error response.
type ErrorBody struct {
	Error Error `json:"error"`
}

// Error says what went wrong; Problems lists every finding for invalid definitions.
type Error struct {
	Code     string    `json:"code"`
	Message  string    `json:"message"`
	Problems []Problem `json:"problems,omitempty"`
}

// Problem is one located finding about a definition.
type Problem struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"col,omitempty"`
	Severity string `json:"severity"` // error | warning
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// List is a page of items and the total count matching the query.
type List[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// Workflow is one definition as listed.
type Workflow struct {
	Name          string       `json:"name"`
	Dir           string       `json:"dir,omitempty"`
	Desc          string       `json:"desc,omitempty"`
	Creator       string       `json:"creator,omitempty"`
	Origin        string       `json:"origin"` // file | api
	SourceFile    string       `json:"source_file,omitempty"`
	Enabled       bool         `json:"enabled"` // the coordinator may fire automatically
	Cron          string       `json:"cron,omitempty"`
	CronText      string       `json:"cron_text,omitempty"` // the cron in words
	Timezone      string       `json:"timezone,omitempty"`
	NextFire      Time         `json:"next_fire"`
	Dependencies  []Dependency `json:"dependencies,omitempty"`
	Params        []string     `json:"params,omitempty"` // names referenced via ${param:…}
	InstanceLimit int          `json:"instance_limit"`
	Priority      int          `json:"priority,omitempty"`
	NodeCount     int          `json:"node_count"`
	Version       uint64       `json:"version"`
	Updated       Time         `json:"updated"`
	Warnings      []Problem    `json:"warnings,omitempty"`
}

// Dependency is one upstream workflow and whether it is satisfied now.
type Dependency struct {
	Workflow string `json:"workflow"`
	Ready    bool   `json:"ready"`
}

// WorkflowDetail adds the source and the node graph.
type WorkflowDetail struct {
	Workflow
	XML   string    `json:"xml"`
	Nodes []NodeDef `json:"nodes"`
}

// NodeDef is one node of a definition, enough to draw the graph.
type NodeDef struct {
	Name  string   `json:"name"`
	Kind  string   `json:"kind"`           // start end kill fork join action
	Type  string   `json:"type,omitempty"` // action type
	Next  []string `json:"next,omitempty"` // start/join to, fork paths
	Ok    string   `json:"ok,omitempty"`
	Error string   `json:"error,omitempty"`
	Desc  string   `json:"desc,omitempty"`
}

// Instance is one run of a workflow.
type Instance struct {
	ID        string            `json:"id"`
	Workflow  string            `json:"workflow"`
	Status    string            `json:"status"`  // prep running succeeded failed killed
	Trigger   string            `json:"trigger"` // schedule trigger run rerun backfill catchup
	Params    map[string]string `json:"params"`
	Scheduled Time              `json:"scheduled"`
	Created   Time              `json:"created"`
	Started   Time              `json:"started"`
	Ended     Time              `json:"ended"`
	Message   string            `json:"message,omitempty"`
	Group     string            `json:"group,omitempty"` // backfill group
	Nodes     []Node            `json:"nodes,omitempty"`
}

// Node is one node's state within an instance.
type Node struct {
	Name        string            `json:"name"`
	Kind        string            `json:"kind"`
	Type        string            `json:"type,omitempty"`
	Status      string            `json:"status"`
	Attempts    int               `json:"attempts"`
	Started     Time              `json:"started"`
	Ended       Time              `json:"ended"`
	Message     string            `json:"message,omitempty"`
	Outputs     map[string]string `json:"outputs,omitempty"`
	AttemptList []Attempt         `json:"attempt_list,omitempty"`
}

// Attempt is one execution of an action node.
type Attempt struct {
	Number   int    `json:"number"`
	Status   string `json:"status"`
	Worker   string `json:"worker,omitempty"`
	Started  Time   `json:"started"`
	Ended    Time   `json:"ended"`
	ExitCode int    `json:"exit_code"`
	Message  string `json:"message,omitempty"`
}

// XMLFile is one file of the scanned xmlconfig directory.
type XMLFile struct {
	Path     string    `json:"path"`
	Status   string    `json:"status"` // loaded | error | disabled
	Workflow string    `json:"workflow,omitempty"`
	Hash     string    `json:"hash,omitempty"`
	Loaded   Time      `json:"loaded"`
	Errors   []Problem `json:"errors,omitempty"`
	Warnings []Problem `json:"warnings,omitempty"`
}

// Member is one node of the cluster.
type Member struct {
	Name      string            `json:"name"`
	Role      string            `json:"role"`
	Address   string            `json:"address,omitempty"`
	HTTP      string            `json:"http,omitempty"`
	Status    string            `json:"status"` // alive suspect dead left
	Leader    bool              `json:"leader"`
	PID       int               `json:"pid,omitempty"`
	SlotsUsed int               `json:"slots_used"`
	Slots     int               `json:"slots"`
	Labels    map[string]string `json:"labels,omitempty"`
	RaftTerm  uint64            `json:"raft_term,omitempty"`
}

// TriggerRequest fires a workflow with its coordinator params, optionally overridden.
type TriggerRequest struct {
	Params      map[string]string `json:"params,omitempty"`
	IgnoreNodes []string          `json:"ignore_nodes,omitempty"`
}

// RunRequest starts an ad-hoc instance that does not affect downstream dependencies.
type RunRequest struct {
	Params map[string]string `json:"params,omitempty"`
}

// RerunRequest reruns a finished instance.
type RerunRequest struct {
	FromFailed bool `json:"from_failed"`
}

// BackfillRequest creates one instance per cron slot in [From, To).
type BackfillRequest struct {
	From     Time `json:"from"`
	To       Time `json:"to"`
	Parallel int  `json:"parallel"`
}

// BackfillResponse names the group and its instances, oldest slot first.
type BackfillResponse struct {
	Group     string   `json:"group"`
	Instances []string `json:"instances"`
}

// Created answers a call that made an instance.
type Created struct {
	ID string `json:"id"`
}

// PutWorkflowResponse answers POST /workflows and /workflows/check.
type PutWorkflowResponse struct {
	Name     string    `json:"name"`
	Created  bool      `json:"created"` // false: an existing definition was replaced
	Warnings []Problem `json:"warnings,omitempty"`
}

// Front is the dashboard: counts per status over recent days, running and recent instances.
type Front struct {
	Days       []DayCount `json:"days"`
	Running    []Instance `json:"running"`
	Recent     []Instance `json:"recent"`
	Queued     int        `json:"queued"`
	Failing    []string   `json:"failing,omitempty"` // workflows whose last run failed
	Workflows  int        `json:"workflows"`
	FileErrors int        `json:"file_errors"`
}

// DayCount is the number of instances per status created on one day.
type DayCount struct {
	Day    string         `json:"day"` // yyyy-mm-dd
	Counts map[string]int `json:"counts"`
}
