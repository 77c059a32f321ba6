package remoting

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"strconv"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/remote"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// Config says where the transport listens.
type Config struct {
	Host string // bind address; default 127.0.0.1
	Port int    // 0 picks a free port
	// Advertise is the host:port others use to reach this process; default the bound address.
	Advertise string
	Logger    *slog.Logger
}

// Transport is a started remote.
type Transport struct {
	remote  *remote.Remote
	address string
}

// Start binds the address and starts protoactor's remote on system.
func Start(system *actor.ActorSystem, cfg Config) (*Transport, error) {
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	port := cfg.Port
	// protoactor panics when it cannot listen; find out first, and pin a free port now so
	// the advertised address is the one it binds.
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("remote address %s:%d: %w", cfg.Host, port, err)
	}
	port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	opts := []remote.ConfigOption{remote.WithServerOptions(
		grpc.ChainUnaryInterceptor(recoverUnary(cfg.Logger)),
		grpc.ChainStreamInterceptor(recoverStream(cfg.Logger)),
	), remote.WithDialOptions(
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(boundDialer(cfg.Host)),
	)}
	if cfg.Advertise != "" {
		opts = append(opts, remote.WithAdvertisedHost(cfg.Advertise))
	}
	r := remote.NewRemote(system, remote.Configure(cfg.Host, port, opts...))
	if err := startRecovering(r); err != nil {
		return nil, err
	}
	return &Transport{remote: r, address: system.ProcessRegistry.Address}, nil
}

func startRecovering(r *remote.Remote) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("remote: %v", p)
		}
	}()
	r.Start()
	return nil
}

// Address is this process's remote address, as PIDs carry it.
func (t *Transport) Address() string { return t.address }

// Stop closes the transport; graceful waits (up to protoactor's bound) for streams to end.
func (t *Transport) Stop(graceful bool) { t.remote.Shutdown(graceful) }

// boundDialer makes outgoing connections leave from host (the kernel would pick 127.0.0.1 for
// every loopback peer), so a node's traffic is recognisable by its address, as between hosts.
func boundDialer(host string) func(context.Context, string) (net.Conn, error) {
	d := net.Dialer{}
	if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() {
		d.LocalAddr = &net.TCPAddr{IP: ip}
	}
	return func(ctx context.Context, addr string) (net.Conn, error) { return d.DialContext(ctx, "tcp", addr) }
}

func recoverUnary(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
		defer recovered(log, info.FullMethod, &err)
		return handler(ctx, req)
	}
}

func recoverStream(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
		defer recovered(log, info.FullMethod, &err)
		return handler(srv, ss)
	}
}

func recovered(log *slog.Logger, method string, err *error) {
	if p := recover(); p != nil {
		log.Error("remote: a call panicked; refused it and kept serving", "method", method, "panic", p,
			"stack", string(debug.Stack()))
		*err = status.Errorf(codes.Internal, "actorflow refused the call: %v", p)
	}
}
