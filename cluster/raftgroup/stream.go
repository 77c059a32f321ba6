package raftgroup

import (
	"errors"
	"net"
	"time"

	"github.com/hashicorp/raft"
)

// boundStream is raft's TCP stream layer with outgoing connections bound to the node's own
// address (the kernel would pick 127.0.0.1 for every loopback peer), so a node's traffic is
// recognisable by its address, as between hosts.
type boundStream struct {
	net.Listener
	advertise net.Addr
	local     *net.TCPAddr
}

func newBoundStream(bind string, advertise net.Addr) (*boundStream, error) {
	ln, err := net.Listen("tcp", bind)
	if err != nil {
		return nil, err
	}
	s := &boundStream{Listener: ln, advertise: advertise}
	if a, ok := ln.Addr().(*net.TCPAddr); ok && !a.IP.IsUnspecified() {
		s.local = &net.TCPAddr{IP: a.IP}
	}
	if s.advertise == nil {
		if a, ok := ln.Addr().(*net.TCPAddr); ok && a.IP.IsUnspecified() {
			ln.Close()
			return nil, errors.New("a wildcard bind address needs an advertise address")
		}
		s.advertise = ln.Addr()
	}
	return s, nil
}

// Dial implements raft.StreamLayer.
func (s *boundStream) Dial(address raft.ServerAddress, timeout time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: timeout}
	if s.local != nil {
		d.LocalAddr = s.local
	}
	return d.Dial("tcp", string(address))
}

// Addr is the address peers dial.
func (s *boundStream) Addr() net.Addr { return s.advertise }
