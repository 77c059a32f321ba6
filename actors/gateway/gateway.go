package gateway

import (
	"context"
	"log/slog"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/workflows/store"
)

// MasterAPI is exactly what the gateway asks the master. *master.Client satisfies it; tests
// fake it. Every method returns *workflows.Error values with a code (the client bounds each
// call with its own timeout).
type MasterAPI interface {
	PutDefinition(ctx context.Context, xml []byte, source string, origin store.Origin) (*master.PutDefinitionResponse, error)
	CheckDefinition(ctx context.Context, xml []byte, source string) (*master.CheckDefinitionResponse, error)
	DeleteDefinition(ctx context.Context, name string) ([]string, error)
	Trigger(ctx context.Context, workflow string, params map[string]string, ignoreNodes []string) (string, error)
	Run(ctx context.Context, workflow string, params map[string]string) (string, error)
	Rerun(ctx context.Context, id string, fromFailed bool) (string, error)
	Kill(ctx context.Context, id, reason string) error
	DeleteInstance(ctx context.Context, id string) error
	Reset(ctx context.Context, workflow string) error
	SetEnabled(ctx context.Context, name string, enabled bool) (changed bool, err error)
	Backfill(ctx context.Context, req master.BackfillRequest) (group string, ids []string, err error)
	Status(ctx context.Context) (*master.StatusResponse, error)
}

var (
	_ MasterAPI       = (*master.Client)(nil)
	_ httpapi.Backend = (*Gateway)(nil)
)

// DefaultListMaxStale bounds how old the workflow list may be when the store changed by other
// hands than this gateway's (Config.ListMaxStale).
const DefaultListMaxStale = time.Second

// readyTimeout bounds the default readiness probe's question to the master.
const readyTimeout = time.Second

// Config is what a Gateway needs. Master and Store are required.
type Config struct {
	// Master takes every change (a *master.Client in production).
	Master MasterAPI
	// Store is this controller's replica of the FSM state: every read is served from it.
	Store store.Reader
	// LogRoot is the worker log root on this host (worker.LogDir); "" means this node has
	// no logs of its own (with WorkerLogs nil too, OpenLog is unavailable).
	LogRoot string
	// WorkerLogs gives the base URL ("http://host:port") of a worker's log server
	// (actors/worker/logserver), ok false when the worker is not known to be alive. nil: every
	// attempt ran on this host (standalone). Set, an attempt's log is read from its worker;
	// one whose worker is unknown is read from LogRoot when set, else shown as unavailable.
	WorkerLogs func(worker string) (baseURL string, ok bool)
	// XMLConfigDir is the scanned xmlconfig directory on this host; when set, a definition
	// loaded from a file reports its source_file joined to it (a path a user can open).
	XMLConfigDir string
	// Location is the zone of day boundaries (dashboard) and of coordinators without a
	// timezone attribute. nil: time.Local.
	Location *time.Location
	// Now is the clock for schedules and readiness. nil: time.Now.
	Now func() time.Time
	// Members lists the cluster's nodes. nil: this process is the only one (standalone).
	Members func() []apiv1.Member
	// Ready says whether this node can serve. nil: ask the master's Status (≤ 1 s).
	Ready func() error
	// Logger receives what the gateway cannot report to a caller. nil: slog.Default().
	Logger *slog.Logger
	// ListMaxStale: a workflow list may be served from a snapshot this old although the
	// store has moved on (re-reading 10,000 definitions on every call of a busy node costs
	// more than the list is worth). Changes made through this gateway are visible at once.
	// 0: DefaultListMaxStale; negative: re-read whenever the store changed.
	ListMaxStale time.Duration
	// LogPoll is the interval at which a followed log looks for new output (default 150 ms).
	LogPoll time.Duration
}

// Gateway implements httpapi.Backend for a controller: reads from the local store, changes
// through the master. It is safe for concurrent use.
type Gateway struct {
	cfg     Config
	log     *slog.Logger
	catalog *catalog
}

// New returns a Gateway. A missing Master or Store is a wiring bug and panics at once rather
// than on the first request.
func New(cfg Config) *Gateway {
	if cfg.Master == nil || cfg.Store == nil {
		panic("gateway: Config.Master and Config.Store are required")
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	switch {
	case cfg.ListMaxStale == 0:
		cfg.ListMaxStale = DefaultListMaxStale
	case cfg.ListMaxStale < 0:
		cfg.ListMaxStale = 0
	}
	if cfg.LogPoll <= 0 {
		cfg.LogPoll = defaultLogPoll
	}
	return &Gateway{cfg: cfg, log: cfg.Logger,
		catalog: newCatalog(cfg.Store, cfg.Location, cfg.XMLConfigDir, cfg.ListMaxStale)}
}

// Warm parses every stored definition now, so that the first workflow list does not pay for
// it (about 1.5 s for 10,000 definitions on two cores). The composition root may call it on
// a goroutine once the store is loaded; calling it is optional.
func (g *Gateway) Warm(ctx context.Context) error { return g.catalog.warm(ctx) }

// Ready reports whether this node can serve the API.
func (g *Gateway) Ready() error {
	if g.cfg.Ready != nil {
		return g.cfg.Ready()
	}
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	st, err := g.cfg.Master.Status(ctx)
	if err != nil {
		return mapErr(err, "ask the master's status")
	}
	if !st.Ready {
		return unavailablef("the master is still loading its state")
	}
	return nil
}
