package httpapi

import (
	"crypto/sha256"
	"log/slog"
	"net/http"
	"time"

	"github.com/actorflow/actorflow/actors/metrics"
)

// Options configures the server. The zero value serves without auth, logs through
// slog.Default, keeps private metrics and uses the wall clock.
type Options struct {
	// Token, when non-empty, is required as "Authorization: Bearer <token>" on every call that
	// changes state. Reads, health and metrics stay open.
	Token string
	// Logger receives request logs (debug for reads, info for changes) and internal errors.
	Logger *slog.Logger
	// Metrics receives the HTTP metrics and is what /metrics serves.
	Metrics *metrics.Registry
	// Now is the clock handed to the backend (dashboard, today-trigger-left).
	Now func() time.Time
	// UI, when set, serves every GET path no API route claims (the web UI); otherwise GET /
	// answers a short plain-text index.
	UI http.Handler
}

// server is the handler New returns.
type server struct {
	b         Backend
	mux       *http.ServeMux
	log       *slog.Logger
	metrics   *metrics.Registry
	now       func() time.Time
	ui        http.Handler
	tokenHash *[sha256.Size]byte // nil: no auth
}

// New returns the HTTP handler of a node: REST under /api/v1, akkaflow's routes under
// /akkaflow, /livez, /readyz, /metrics and the UI.
func New(b Backend, opts Options) http.Handler {
	s := &server{b: b, mux: http.NewServeMux(), log: opts.Logger, metrics: opts.Metrics,
		now: opts.Now, ui: opts.UI}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.metrics == nil {
		s.metrics = metrics.New()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if opts.Token != "" {
		h := sha256.Sum256([]byte(opts.Token))
		s.tokenHash = &h
	}
	s.routes()
	return s
}
