package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// clusterFlags are the flags every process of a multi-process cluster takes, beside
// serverFlags (which keep their meaning; a role ignores those it has no use for).
func clusterFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "name", EnvVars: []string{"ACTORFLOW_NODE_NAME"}, Usage: "node name, unique in the cluster (default: role-hostname)"},
		&cli.StringFlag{Name: "bind", EnvVars: []string{"ACTORFLOW_BIND"}, Value: "127.0.0.1", Usage: "IP this node listens on (gossip, remote, raft)"},
		&cli.StringFlag{Name: "advertise", EnvVars: []string{"ACTORFLOW_ADVERTISE"}, Usage: "IP others reach this node at (default: --bind)"},
		&cli.IntFlag{Name: "gossip-port", EnvVars: []string{"ACTORFLOW_GOSSIP_PORT"}, Value: 7946, Usage: "gossip port (TCP and UDP)"},
		&cli.IntFlag{Name: "remote-port", EnvVars: []string{"ACTORFLOW_REMOTE_PORT"}, Usage: "actor messaging port (0: any free port; it is gossiped)"},
		&cli.StringFlag{Name: "join", EnvVars: []string{"ACTORFLOW_JOIN"}, Usage: "gossip addresses (host:port, comma-separated) of nodes to join"},
		&cli.StringFlag{Name: "gossip-key", EnvVars: []string{"ACTORFLOW_GOSSIP_KEY"}, Usage: "base64 of a 16, 24 or 32 byte key: gossip is encrypted, strangers are refused"},
		&cli.StringFlag{Name: "cluster-name", EnvVars: []string{"ACTORFLOW_CLUSTER_NAME"}, Value: "actorflow", Usage: "nodes of another cluster name are refused"},
		&cli.GenericFlag{Name: "probe-interval", EnvVars: []string{"ACTORFLOW_PROBE_INTERVAL"}, Value: seconds(200 * time.Millisecond), Usage: "gossip failure-detection period (a dead node is known after ~3-5 of them)"},
		&cli.IntFlag{Name: "bootstrap-expect", EnvVars: []string{"ACTORFLOW_BOOTSTRAP_EXPECT"}, Value: 3, Usage: "controllers: form the Raft group once this many controllers are in gossip"},
		&cli.StringFlag{Name: "labels", EnvVars: []string{"ACTORFLOW_LABELS"}, Usage: "workers: labels offered, k=v,k2=v2"},
		&cli.GenericFlag{Name: "host-wait", EnvVars: []string{"ACTORFLOW_HOST_WAIT"}, Value: seconds(30 * time.Second), Usage: "controllers: how long a task pinned to an absent host or label waits"},
	}
}

// clusterConfig is the resolved cluster part of a process's configuration.
type clusterConfig struct {
	Role            string // master, standby, worker, http
	Name            string
	Bind, Advertise string
	GossipPort      int
	RemotePort      int
	Join            []string
	Key             []byte
	ClusterName     string
	ProbeInterval   time.Duration
	BootstrapExpect int
	Labels          []string
	HostWait        time.Duration
	Boot            string // changes at every start
	HTTPSet         bool   // --http given: else the node picks a free port on --bind
}

func loadClusterConfig(c *cli.Context, role string) (clusterConfig, error) {
	cc := clusterConfig{
		Role: role, Name: c.String("name"), Bind: c.String("bind"), Advertise: c.String("advertise"),
		GossipPort: c.Int("gossip-port"), RemotePort: c.Int("remote-port"),
		ClusterName: c.String("cluster-name"), ProbeInterval: durationOf(c, "probe-interval"),
		BootstrapExpect: c.Int("bootstrap-expect"), HostWait: durationOf(c, "host-wait"),
		HTTPSet: c.IsSet("http"),
	}
	if cc.Name == "" {
		host, _ := os.Hostname()
		cc.Name = role + "-" + host
	}
	if net.ParseIP(cc.Bind) == nil {
		return cc, fmt.Errorf("--bind %q is not an IP address", cc.Bind)
	}
	if cc.Advertise == "" {
		cc.Advertise = cc.Bind
	}
	for _, s := range strings.Split(c.String("join"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			if _, _, err := net.SplitHostPort(s); err != nil {
				return cc, fmt.Errorf("--join %q: want host:port", s)
			}
			cc.Join = append(cc.Join, s)
		}
	}
	if k := c.String("gossip-key"); k != "" {
		key, err := base64.StdEncoding.DecodeString(k)
		if err != nil || (len(key) != 16 && len(key) != 24 && len(key) != 32) {
			return cc, fmt.Errorf("--gossip-key: want base64 of 16, 24 or 32 bytes (e.g. `head -c32 /dev/urandom | base64`)")
		}
		cc.Key = key
	}
	for _, l := range strings.Split(c.String("labels"), ",") {
		if l = strings.TrimSpace(l); l != "" {
			if !strings.Contains(l, "=") {
				return cc, fmt.Errorf("--labels %q: want key=value", l)
			}
			cc.Labels = append(cc.Labels, l)
		}
	}
	if cc.BootstrapExpect < 1 {
		return cc, fmt.Errorf("--bootstrap-expect must be at least 1")
	}
	var b [8]byte
	rand.Read(b[:])
	cc.Boot = hex.EncodeToString(b[:])
	return cc, nil
}

// gossipAddr is where this node gossips.
func (cc clusterConfig) gossipAddr() string {
	return net.JoinHostPort(cc.Advertise, fmt.Sprint(cc.GossipPort))
}

// httpListenAddr is --http when given, else a free port on --bind.
func (cc clusterConfig) httpListenAddr(cfg serverConfig) string {
	if cc.HTTPSet {
		return cfg.HTTPAddr
	}
	return net.JoinHostPort(cc.Bind, "0")
}

// writeRunFile records a runtime fact (an address) under home for scripts and tests.
func writeRunFile(home, name, value string) error {
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(home, name), []byte(value+"\n"), 0o644)
}
