package workflows

import "time"

// Workflow is one parsed, validated definition: akkaflow's <work-flow>/<workflow> root.
type Workflow struct {
	Name          string           `json:"name"`
	Creator       string           `json:"creator,omitempty"`
	Desc          string           `json:"desc,omitempty"`
	Dir           string           `json:"dir,omitempty"` // virtual folder for the directory tree, not a path
	MailLevel     []InstanceStatus `json:"mail_level,omitempty"`
	MailReceivers []string         `json:"mail_receivers,omitempty"`
	InstanceLimit int              `json:"instance_limit"` // concurrently running instances; default 1
	Priority      int              `json:"priority,omitempty"`
	Coordinator   *Coordinator     `json:"coordinator,omitempty"` // embedded (E3+); nil when none
	Nodes         []*Node          `json:"nodes"`                 // document order
	Pos           Pos              `json:"pos"`
}

// Node returns the node with that name, or nil.
func (w *Workflow) Node(name string) *Node {
	for _, n := range w.Nodes {
		if n.Name == name {
			return n
		}
	}
	return nil
}

// StartNode returns the first <start> node, or nil.
func (w *Workflow) StartNode() *Node {
	for _, n := range w.Nodes {
		if n.Kind == KindStart {
			return n
		}
	}
	return nil
}

// CatchupPolicy says what happens to cron fires missed while no master was running.
type CatchupPolicy string

const (
	CatchupLatest CatchupPolicy = "latest" // run the most recent missed fire once (default)
	CatchupAll    CatchupPolicy = "all"    // run every missed fire, oldest first
	CatchupNone   CatchupPolicy = "none"   // skip missed fires
)

// DependReset says when satisfied upstream dependencies stop counting.
type DependReset string

const (
	// DependResetScheduled ties readiness to the upstream run's scheduled date where both sides
	// have one (default).
	DependResetScheduled DependReset = "scheduled"
	// DependResetDaily reproduces akkaflow: every flag is cleared each day at 23:59.
	DependResetDaily DependReset = "daily"
)

// Coordinator is a trigger: a cron condition, upstream dependencies and the params an instance
// gets. Embedded in a workflow (E3+) it triggers that workflow; a standalone 2017 coordinator
// file (E0–E2) has a Name and triggers every workflow in Targets.
type Coordinator struct {
	Name        string        `json:"name,omitempty"` // standalone files only
	Enabled     bool          `json:"enabled"`
	Cron        string        `json:"cron,omitempty"` // schedule text as written; "" = none
	Timezone    string        `json:"timezone,omitempty"`
	Start       time.Time     `json:"start,omitzero"` // validity window; zero = unbounded
	End         time.Time     `json:"end,omitzero"`
	Depends     []Dependency  `json:"depends,omitempty"`
	Params      []Param       `json:"params,omitempty"`  // ordered; later params may use earlier
	Targets     []string      `json:"targets,omitempty"` // standalone files: workflows to trigger
	Catchup     CatchupPolicy `json:"catchup,omitempty"`
	DependReset DependReset   `json:"depend_reset,omitempty"`
	Dir         string        `json:"dir,omitempty"`
	Desc        string        `json:"desc,omitempty"`
	Pos         Pos           `json:"pos"`
	CronPos     Pos           `json:"cron_pos"`
}

// Dependency is one upstream workflow a coordinator waits for.
type Dependency struct {
	Workflow string `json:"workflow"`
	Pos      Pos    `json:"pos"`
}

// Param is one named value of a coordinator's param-list (unexpanded text).
type Param struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Pos   Pos    `json:"pos"`
}

// NodeKind is a node's element.
type NodeKind uint8

const (
	KindStart NodeKind = iota + 1
	KindEnd
	KindKill
	KindFork
	KindJoin
	KindAction
)

var kindNames = map[NodeKind]string{KindStart: "start", KindEnd: "end", KindKill: "kill",
	KindFork: "fork", KindJoin: "join", KindAction: "action"}

func (k NodeKind) String() string { return nameOr(kindNames, k) }

func (k NodeKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads what MarshalText wrote: stored definitions (an instance keeps the
// expanded workflow it runs) must decode back into the same model.
func (k *NodeKind) UnmarshalText(b []byte) error {
	for v, name := range kindNames {
		if name == string(b) {
			*k = v
			return nil
		}
	}
	return Errorf(CodeInvalid, "unknown node kind %q", string(b))
}

// Node is a control node or an action. Fields that do not apply to its Kind stay zero.
type Node struct {
	Name    string   `json:"name"`
	Kind    NodeKind `json:"kind"`
	Desc    string   `json:"desc,omitempty"`
	To      string   `json:"to,omitempty"`      // start, join
	Paths   []string `json:"paths,omitempty"`   // fork
	Message string   `json:"message,omitempty"` // kill
	Action  *Action  `json:"action,omitempty"`  // action
	Pos     Pos      `json:"pos"`
	// RefPos locates each outgoing reference (To, Paths[i], Ok, Error) for precise errors.
	RefPos map[string]Pos `json:"-"`
}

// Successors returns the names this node can lead to, in document order (ok before error).
func (n *Node) Successors() []string {
	switch n.Kind {
	case KindStart, KindJoin:
		return []string{n.To}
	case KindFork:
		return append([]string(nil), n.Paths...)
	case KindAction:
		if n.Action == nil {
			return nil
		}
		if n.Action.Error != "" {
			return []string{n.Action.Ok, n.Action.Error}
		}
		return []string{n.Action.Ok}
	}
	return nil
}

// ActionType names an action's type element.
type ActionType string

const (
	ActionScript       ActionType = "script"
	ActionShell        ActionType = "shell"
	ActionSQL          ActionType = "sql"
	ActionTransfer     ActionType = "transfer"
	ActionDataMonitor  ActionType = "data-monitor"
	ActionFileMonitor  ActionType = "file-monitor"
	ActionEmail        ActionType = "email"
	ActionFileExecutor ActionType = "file-executor"
	ActionMetadata     ActionType = "metadata"
	ActionHTTP         ActionType = "http"
	ActionSSH          ActionType = "ssh"
)

// ActionTypes lists every type in a stable order.
var ActionTypes = []ActionType{ActionScript, ActionShell, ActionSQL, ActionTransfer,
	ActionDataMonitor, ActionFileMonitor, ActionEmail, ActionFileExecutor, ActionMetadata,
	ActionHTTP, ActionSSH}

// Backoff is how the wait between retries grows.
type Backoff string

const (
	BackoffFixed       Backoff = "fixed"       // every retry waits Interval (akkaflow)
	BackoffExponential Backoff = "exponential" // Interval, 2×, 4×, … capped at MaxInterval
)

// Action is an action node's common attributes plus exactly one type body.
type Action struct {
	Type        ActionType    `json:"type"`
	Host        string        `json:"host,omitempty"` // pin to a worker ("" or "-1" = any)
	Labels      []string      `json:"labels,omitempty"`
	RetryTimes  int           `json:"retry_times,omitempty"` // extra attempts after a failure
	Interval    time.Duration `json:"interval,omitempty"`
	Backoff     Backoff       `json:"backoff,omitempty"`
	MaxInterval time.Duration `json:"max_interval,omitempty"`
	Timeout     time.Duration `json:"timeout,omitempty"` // over all attempts; 0 = none
	IsIgnore    bool          `json:"is_ignore,omitempty"`
	Priority    int           `json:"priority,omitempty"`
	Ok          string        `json:"ok"`
	Error       string        `json:"error,omitempty"`

	Script       *ScriptBody       `json:"script,omitempty"`
	Shell        *ShellBody        `json:"shell,omitempty"`
	SQL          *SQLBody          `json:"sql,omitempty"`
	Transfer     *TransferBody     `json:"transfer,omitempty"`
	DataMonitor  *DataMonitorBody  `json:"data_monitor,omitempty"`
	FileMonitor  *FileMonitorBody  `json:"file_monitor,omitempty"`
	Email        *EmailBody        `json:"email,omitempty"`
	FileExecutor *FileExecutorBody `json:"file_executor,omitempty"`
	Metadata     *MetadataBody     `json:"metadata,omitempty"`
	HTTP         *HTTPBody         `json:"http,omitempty"`
	SSH          *SSHBody          `json:"ssh,omitempty"`
}

// RetryDelay is the wait before attempt number next (2 = the first retry).
func (a *Action) RetryDelay(next int) time.Duration {
	d := a.Interval
	if a.Backoff == BackoffExponential {
		for i := 2; i < next && (a.MaxInterval <= 0 || d < a.MaxInterval); i++ {
			d *= 2
		}
		if a.MaxInterval > 0 && d > a.MaxInterval {
			d = a.MaxInterval
		}
	}
	return d
}

// ScriptBody runs code through its shebang's interpreter (bash by default).
type ScriptBody struct {
	Code        string   `json:"code"` // indentation kept
	Attachments []string `json:"attachments,omitempty"`
	ParamLine   string   `json:"param_line,omitempty"` // arguments appended to the invocation
}

// ShellBody runs one command line through /bin/sh.
type ShellBody struct {
	Command string `json:"command"`
}

// DBLinkRef names a registered db-link, or carries an anonymous one built from the inline JDBC
// attributes of 2017 files (type, jdbc-url, username, password).
type DBLinkRef struct {
	Name   string      `json:"name,omitempty"`
	Inline *InlineLink `json:"inline,omitempty"`
}

// InlineLink is a connection written into the workflow itself (2017 era).
type InlineLink struct {
	Type     string `json:"type"` // MYSQL, ORACLE, HIVE, POSTGRES, SQLITE …
	URL      string `json:"url"`
	Username string `json:"username,omitempty"`
	// Password is kept in stored definitions (an instance must run with it); API responses
	// never carry model JSON, and the XML they return is redacted.
	Password string `json:"password,omitempty"`
}

// SQLBody runs statements on a database in one transaction where the database allows.
type SQLBody struct {
	DB   DBLinkRef `json:"db"`
	Text string    `json:"text"` // statements as written; split by the executor
}

// TransferBody moves rows: either a shell Script (legacy), or Source → Target.
type TransferBody struct {
	Script string          `json:"script,omitempty"`
	Source *TransferSource `json:"source,omitempty"`
	Target *TransferTarget `json:"target,omitempty"`
}

// EndpointKind is the kind of a transfer end.
type EndpointKind string

const (
	EndpointDB   EndpointKind = "DB"
	EndpointFile EndpointKind = "FILE"
)

// TransferSource is a table or query (DB) or a delimited file (FILE).
type TransferSource struct {
	Kind      EndpointKind `json:"kind"`
	DB        DBLinkRef    `json:"db,omitzero"`
	FileLink  string       `json:"file_link,omitempty"`
	Text      string       `json:"text"` // table name or query; or file path
	Delimiter string       `json:"delimiter,omitempty"`
	Header    bool         `json:"header,omitempty"`
}

// TransferTarget is a table (DB) or a file (FILE).
type TransferTarget struct {
	Kind        EndpointKind `json:"kind"`
	DB          DBLinkRef    `json:"db,omitzero"`
	FileLink    string       `json:"file_link,omitempty"`
	Table       string       `json:"table,omitempty"`
	Path        string       `json:"path,omitempty"`
	Delimiter   string       `json:"delimiter,omitempty"`
	Header      bool         `json:"header,omitempty"`
	PreTruncate bool         `json:"pre_truncate,omitempty"`
	PreDelete   bool         `json:"pre_delete,omitempty"`
	TaskNum     int          `json:"task_num,omitempty"`
	Pre         string       `json:"pre,omitempty"`   // SQL (DB) or shell (FILE) run before loading
	After       string       `json:"after,omitempty"` // run after every writer succeeded
}

// ProbeKind is where a data-monitor value comes from.
type ProbeKind string

const (
	ProbeSQL     ProbeKind = "SQL"
	ProbeCommand ProbeKind = "COMMAND"
	ProbeNum     ProbeKind = "NUM"
)

// Probe yields one number.
type Probe struct {
	Kind ProbeKind `json:"kind"`
	DB   DBLinkRef `json:"db,omitzero"`
	Text string    `json:"text"`
}

// DataMonitorBody checks that a measured number lies within inclusive bounds.
type DataMonitorBody struct {
	Source       Probe         `json:"source"`
	Min          *Probe        `json:"min,omitempty"`
	Max          *Probe        `json:"max,omitempty"`
	WarnMsg      string        `json:"warn_msg,omitempty"`
	Category     string        `json:"category,omitempty"` // 2017; key of stored results
	SourceName   string        `json:"source_name,omitempty"`
	RecheckDelay time.Duration `json:"recheck_delay,omitempty"` // stability re-check; 0 = none
	ExceedError  bool          `json:"exceed_error"`            // out of range fails the node
}

// FileMonitorBody checks that files matching a pattern exist, enough of them, big enough.
type FileMonitorBody struct {
	FileLink     string        `json:"file_link,omitempty"` // "" = local
	Pattern      string        `json:"pattern"`             // dir/name-glob
	MinNum       int           `json:"min_num"`
	MinEachSize  int64         `json:"min_each_size,omitempty"` // bytes
	WarnMsg      string        `json:"warn_msg,omitempty"`
	RecheckDelay time.Duration `json:"recheck_delay,omitempty"`
	Wait         time.Duration `json:"wait,omitempty"` // poll until satisfied or this deadline
	PollInterval time.Duration `json:"poll_interval,omitempty"`
}

// EmailBody mails HTML to the workflow's receivers (or To when given).
type EmailBody struct {
	Subject string   `json:"subject,omitempty"`
	To      []string `json:"to,omitempty"`
	HTML    string   `json:"html"`
}

// FileExecutorBody ships a script and attachments from the master's host and runs it.
type FileExecutorBody struct {
	Command     string   `json:"command"`
	Attachments []string `json:"attachments,omitempty"`
}

// MetadataBody sets column and table comments.
type MetadataBody struct {
	DB             DBLinkRef       `json:"db"`
	Table          string          `json:"table"`
	From           []string        `json:"from,omitempty"`
	ColumnComments []ColumnComment `json:"column_comments,omitempty"`
	TableComment   string          `json:"table_comment,omitempty"`
}

// ColumnComment is one explicit column comment.
type ColumnComment struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// HTTPBody calls a URL and checks the status.
type HTTPBody struct {
	Method       string        `json:"method"`
	URL          string        `json:"url"`
	Headers      []Header      `json:"headers,omitempty"`
	Body         string        `json:"body,omitempty"`
	ExpectStatus []int         `json:"expect_status,omitempty"` // empty = any 2xx
	Timeout      time.Duration `json:"timeout,omitempty"`
}

// Header is one HTTP header line.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// SSHBody runs a command on a remote host reached through a file-link.
type SSHBody struct {
	FileLink string `json:"file_link"`
	Command  string `json:"command"`
}

// TriggerKind says why an instance exists. It decides whether its success satisfies
// downstream dependencies (akkaflow's NEXT_SET vs NO_AFFECT).
type TriggerKind string

const (
	TriggerSchedule TriggerKind = "schedule" // cron or dependency fire
	TriggerManual   TriggerKind = "trigger"  // explicit trigger with coordinator params
	TriggerRun      TriggerKind = "run"      // ad-hoc run with given params; no downstream effect
	TriggerRerun    TriggerKind = "rerun"
	TriggerBackfill TriggerKind = "backfill"
	TriggerCatchup  TriggerKind = "catchup"
)

// SatisfiesDependencies reports whether a success of such an instance sets downstream flags.
func (t TriggerKind) SatisfiesDependencies() bool { return t != TriggerRun }

// Definition is what one source (a file, or an API upload) defines: a workflow, or a
// standalone 2017-era coordinator that triggers other workflows. Problems holds every error
// and warning found; a definition with errors must not replace a loaded one.
type Definition struct {
	Source      string       `json:"source"`
	Workflow    *Workflow    `json:"workflow,omitempty"`
	Coordinator *Coordinator `json:"coordinator,omitempty"` // standalone coordinator files only
	Problems    Problems     `json:"problems,omitempty"`
}

// Name is the workflow's or the standalone coordinator's name.
func (d *Definition) Name() string {
	switch {
	case d.Workflow != nil:
		return d.Workflow.Name
	case d.Coordinator != nil:
		return d.Coordinator.Name
	}
	return ""
}
