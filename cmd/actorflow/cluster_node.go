package main

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/cluster/membership"
	"github.com/actorflow/actorflow/cluster/remoting"
)

// clusterBase is what every process of a cluster has: an actor system with a remote
// transport, and gossip membership.
type clusterBase struct {
	cc        clusterConfig
	log       *slog.Logger
	system    *actor.ActorSystem
	transport *remoting.Transport
	gossip    *membership.Node
	stopJoin  context.CancelFunc
}

// startActorSystem starts the actor system and its remote transport on --bind.
func (b *clusterBase) startActorSystem() error {
	b.system = actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return b.log.With("lib", "protoactor")
	}))
	var err error
	b.transport, err = remoting.Start(b.system, remoting.Config{Host: b.cc.Bind, Port: b.cc.RemotePort,
		Logger: b.log.With("lib", "remote")})
	return err
}

// startGossip joins the gossip cluster with meta; events go to onEvent (must not block).
func (b *clusterBase) startGossip(meta membership.Meta, onEvent func(membership.Event)) error {
	meta.Cluster = b.cc.ClusterName
	meta.Boot = b.cc.Boot
	meta.PID = os.Getpid()
	if b.transport != nil {
		meta.Remote = b.transport.Address()
	}
	var err error
	b.gossip, err = membership.Start(membership.Config{
		Name: b.cc.Name, BindAddr: b.cc.Bind, BindPort: b.cc.GossipPort, AdvertiseAddr: b.cc.Advertise,
		Key: b.cc.Key, Meta: meta, ProbeInterval: b.cc.ProbeInterval, OnEvent: onEvent,
		Logger: b.log.With("lib", "gossip"),
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.stopJoin = cancel
	go b.joinLoop(ctx)
	return nil
}

// joinLoop keeps trying the seeds until one answers: nodes of a cluster start in any order.
// A node that is its own only seed (the first controller) has nothing to join.
func (b *clusterBase) joinLoop(ctx context.Context) {
	wait := 100 * time.Millisecond
	for {
		n, err := b.gossip.Join(b.cc.Join)
		if err == nil {
			if n > 0 {
				b.log.Info("joined the cluster", "seeds_answering", n)
			}
			return
		}
		b.log.Debug("join: no seed answered yet", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// leaveGossip says goodbye (others see "left") and stops gossip.
func (b *clusterBase) leaveGossip() {
	if b.stopJoin != nil {
		b.stopJoin()
	}
	if b.gossip != nil {
		if err := b.gossip.Leave(2 * time.Second); err != nil {
			b.log.Warn("gossip leave", "err", err)
		}
	}
}

func (b *clusterBase) stopActors() {
	if b.transport != nil {
		b.transport.Stop(false)
	}
	if b.system != nil {
		b.system.Shutdown()
	}
}
