package membership

import (
	"errors"
	"log/slog"
	"time"

	"github.com/hashicorp/memberlist"
)

// Config starts one node.
type Config struct {
	Name     string // unique in the cluster; required
	BindAddr string // IP to listen on (TCP and UDP); default 127.0.0.1
	BindPort int    // 0 picks a free port (read it back with Node.Addr)
	// AdvertiseAddr is the address others reach this node at; default BindAddr. Used only
	// with a fixed BindPort.
	AdvertiseAddr string
	// Key, when set (16, 24 or 32 bytes), encrypts and authenticates all gossip.
	Key  []byte
	Meta Meta
	// ProbeInterval tunes failure detection: a dead process is declared dead about 3–5
	// probe intervals after it died. Default 200 ms (loopback/LAN: about 1 s); WAN
	// deployments want 1 s or more.
	ProbeInterval time.Duration
	// OnEvent receives every change of the view. It must not block.
	OnEvent func(Event)
	Logger  *slog.Logger
}

// DefaultProbeInterval suits a LAN: a SIGKILLed process is dead in the view within ~1 s.
const DefaultProbeInterval = 200 * time.Millisecond

func (c Config) validate() error {
	if c.Name == "" {
		return errors.New("membership: a node name is required")
	}
	switch len(c.Key) {
	case 0, 16, 24, 32:
	default:
		return errors.New("membership: the gossip key must be 16, 24 or 32 bytes (base64 of them on the command line)")
	}
	return nil
}

// memberlistConfig derives memberlist's settings. Starting from the LAN profile, the probe
// cadence is scaled to ProbeInterval and suspicion is kept short, because a scheduler wants
// a dead worker's tasks retried elsewhere within seconds.
func (c Config) memberlistConfig() *memberlist.Config {
	mc := memberlist.DefaultLANConfig()
	mc.Name = c.Name
	mc.BindAddr = c.BindAddr
	if mc.BindAddr == "" {
		mc.BindAddr = "127.0.0.1"
	}
	mc.BindPort = c.BindPort
	mc.AdvertisePort = c.BindPort // the LAN profile's default (7946) would be advertised otherwise
	if c.BindPort != 0 {
		// With port 0 the bound port is only known later: advertise what is bound.
		mc.AdvertiseAddr = c.AdvertiseAddr
	}
	probe := c.ProbeInterval
	if probe <= 0 {
		probe = DefaultProbeInterval
	}
	mc.ProbeInterval = probe
	// A probe may take as long as the interval: under CPU load (2 cores running builds and
	// tasks) shorter timeouts made healthy nodes suspect. memberlist's awareness stretches
	// them further on a node that is itself slow.
	mc.ProbeTimeout = probe
	mc.GossipInterval = probe / 2
	mc.SuspicionMult = 3
	mc.SuspicionMaxTimeoutMult = 3
	mc.PushPullInterval = 15 * probe
	mc.TCPTimeout = max(time.Second, 5*probe)
	mc.DeadNodeReclaimTime = time.Second // a restarted node may come back at once
	if len(c.Key) > 0 {
		mc.SecretKey = c.Key
		mc.GossipVerifyIncoming = true
		mc.GossipVerifyOutgoing = true
	}
	return mc
}
