package membership

import (
	"log"
	"net"
	"time"

	"github.com/hashicorp/memberlist"
)

// boundTransport is memberlist's network transport whose outgoing TCP connections leave
// from the node's own address, not the kernel's choice (127.0.0.1 for any loopback peer).
// A node's traffic is then recognisable by its address alone, as it would be between
// hosts: firewalls, partition tests and packet captures see who talks to whom.
type boundTransport struct {
	*memberlist.NetTransport
	local net.IP
}

func newBoundTransport(bindAddr string, port int, logger *log.Logger) (*boundTransport, error) {
	nt, err := memberlist.NewNetTransport(&memberlist.NetTransportConfig{
		BindAddrs: []string{bindAddr}, BindPort: port, Logger: logger,
	})
	if err != nil {
		return nil, err
	}
	t := &boundTransport{NetTransport: nt}
	if ip := net.ParseIP(bindAddr); ip != nil && !ip.IsUnspecified() {
		t.local = ip
	}
	return t, nil
}

func (t *boundTransport) DialTimeout(addr string, timeout time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: timeout}
	if t.local != nil {
		d.LocalAddr = &net.TCPAddr{IP: t.local}
	}
	return d.Dial("tcp", addr)
}

func (t *boundTransport) DialAddressTimeout(a memberlist.Address, timeout time.Duration) (net.Conn, error) {
	return t.DialTimeout(a.Addr, timeout)
}
