package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/cluster/membership"
	"github.com/actorflow/actorflow/workflows"
)

// httpNode serves the API and UI by passing every request to the current master's API
// (found in gossip: the controller whose metadata says it leads). Reads and changes alike
// go to the master, so nothing it serves is staler than the master's own state; the
// X-Actorflow-Served-By header names the controller that answered.
type httpNode struct {
	clusterBase
	cfg  serverConfig
	http *http.Server
}

func runHTTPNode(c *cli.Context) error {
	cfg, cc, logger, err := loadRoleConfig(c, "http")
	if err != nil {
		return err
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	n := &httpNode{clusterBase: clusterBase{cc: cc, log: logger}, cfg: cfg}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return invalidf("http address %s: %v", cfg.HTTPAddr, err)
	}
	if err := n.startGossip(membership.Meta{Role: membership.RoleHTTP, HTTP: ln.Addr().String()}, nil); err != nil {
		ln.Close()
		return err
	}
	if err := writeRunFile(cfg.Home, "http.addr", ln.Addr().String()); err != nil {
		ln.Close()
		return err
	}
	n.http = serveHTTP(ln, n.handler(), logger)
	logger.Info("ready", "role", "http", "name", cc.Name, "http", "http://"+ln.Addr().String())
	s := <-sigs
	logger.Info("stopping", "signal", s)
	stopHTTP(n.http)
	n.leaveGossip()
	return nil
}

// masterWait is how long a request waits for a master while none is known (an election
// takes about a second): clients see a short pause rather than a 503.
const masterWait = 5 * time.Second

// awaitLeader is leaderHTTP, waiting up to d (or the request's end) while no master is known.
func (n *httpNode) awaitLeader(ctx context.Context, d time.Duration) (name, addr string) {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if name, addr = n.leaderHTTP(); addr != "" {
			return name, addr
		}
		select {
		case <-ctx.Done():
			return "", ""
		case <-deadline.C:
			return "", ""
		case <-tick.C:
		}
	}
}

// leaderHTTP is the API address of the controller gossip says leads, or "".
func (n *httpNode) leaderHTTP() (name, addr string) {
	for _, m := range n.gossip.Members() {
		if m.State == membership.StateAlive && m.Meta.Role == membership.RoleController && m.Meta.Leader && m.Meta.HTTP != "" {
			return m.Name, m.Meta.HTTP
		}
	}
	return "", ""
}

// upstreamKey carries the master's API address from the handler to the proxy's Rewrite, on
// the request's context (a header would travel on to the master).
type upstreamKey struct{}

func (n *httpNode) handler() http.Handler {
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			target, _ := url.Parse("http://" + r.In.Context().Value(upstreamKey{}).(string))
			r.SetURL(target)
			r.Out.Host = r.In.Host
			r.SetXForwarded()
		},
		FlushInterval: -1, // followed logs (SSE) must stream
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			unavailable(w, "the master's API did not answer: "+err.Error())
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /livez", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if name, _ := n.leaderHTTP(); name == "" {
			unavailable(w, "no master known: the controllers have not elected one, or none is reachable")
			return
		}
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		name, addr := n.awaitLeader(r.Context(), masterWait)
		if addr == "" {
			unavailable(w, "no master known: the controllers have not elected one, or none is reachable")
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), upstreamKey{}, addr))
		w.Header().Set("X-Actorflow-Served-By", name)
		proxy.ServeHTTP(w, r)
	})
	return mux
}

// unavailable answers 503 in the API's error form.
func unavailable(w http.ResponseWriter, detail string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Retry-After", "1")
	w.WriteHeader(http.StatusServiceUnavailable)
	json.NewEncoder(w).Encode(apiv1.ErrorBody{Error: apiv1.Error{Code: string(workflows.CodeUnavailable), Message: detail}})
}
