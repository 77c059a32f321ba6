package logserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Server is a running log server: Handler(root) on its own listener.
type Server struct {
	ln  net.Listener
	srv *http.Server
}

// Listen serves the logs under root on addr ("host:port"; port 0 picks a free one) until
// Shutdown. Errors of the serving goroutine go to logger.
func Listen(addr, root string, logger *slog.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("log server address %s: %w", addr, err)
	}
	s := &Server{ln: ln, srv: &http.Server{Handler: Handler(root), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("log server", "err", err)
		}
	}()
	return s, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Advertised is the address others reach the server at: the listened address, with host in
// place of an unspecified IP (a server bound to 0.0.0.0 is reached at the node's address).
func (s *Server) Advertised(host string) string {
	a, ok := s.ln.Addr().(*net.TCPAddr)
	if !ok || !a.IP.IsUnspecified() || host == "" {
		return s.Addr()
	}
	return net.JoinHostPort(host, fmt.Sprint(a.Port))
}

// Shutdown stops taking requests and waits, until ctx ends, for those being answered.
func (s *Server) Shutdown(ctx context.Context) error {
	if err := s.srv.Shutdown(ctx); err != nil {
		s.srv.Close()
		return err
	}
	return nil
}
