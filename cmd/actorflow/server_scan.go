package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/workflows/scan"
	"github.com/actorflow/actorflow/workflows/store"
)

// scanInFlight bounds the definition requests one scan batch has open at the master. Several
// in flight let the committer put many definitions into one Raft entry: 10,000 files at
// startup become a few hundred commits instead of 10,000.
const scanInFlight = 64

// scanLoop feeds xmlconfig changes to the master. The scanner parses off the master's
// mailbox; the master re-validates, records each file's status and commits definitions.
type scanLoop struct {
	cancel context.CancelFunc
	done   chan struct{}
	first  chan struct{} // closed once the first batch (the initial scan) is at the master
}

func startScanLoop(dir string, rescan time.Duration, m *master.Client, log *slog.Logger) (*scanLoop, error) {
	s, err := scan.New(scan.Config{Dir: dir, Rescan: rescan, Logger: log.With("actor", "scan")})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &scanLoop{cancel: cancel, done: make(chan struct{}), first: make(chan struct{})}
	var once sync.Once
	go func() {
		defer close(l.done)
		err := s.RunBatches(ctx, func(batch []scan.Change) {
			forwardChanges(ctx, m, batch, log)
			once.Do(func() { close(l.first) })
		})
		if err != nil {
			log.Error("xmlconfig scanner stopped", "err", err)
		}
	}()
	return l, nil
}

// forwardChanges sends one batch to the master, at most scanInFlight requests at a time.
// Each path appears once in a batch, so their order does not matter.
func forwardChanges(ctx context.Context, m *master.Client, batch []scan.Change, log *slog.Logger) {
	sem := make(chan struct{}, scanInFlight)
	var wg sync.WaitGroup
	for _, c := range batch {
		sem <- struct{}{}
		wg.Add(1)
		go func(c scan.Change) {
			defer func() { <-sem; wg.Done() }()
			var err error
			if c.Kind == scan.Removed {
				_, err = m.FileRemoved(ctx, c.Path)
			} else {
				_, err = m.PutLoadedDefinition(ctx, c.Data, c.Path, store.OriginFile, c.Definition)
			}
			if err != nil {
				// Invalid files are recorded by the master and shown per file; this is for
				// the rest (the master unavailable, a timeout).
				log.Debug("xmlconfig change not applied", "path", c.Path, "kind", c.Kind, "err", err)
			}
		}(c)
	}
	wg.Wait()
}

// waitFirst returns once the initial scan reached the master.
func (l *scanLoop) waitFirst(ctx context.Context) error {
	select {
	case <-l.first:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *scanLoop) stop() {
	l.cancel()
	<-l.done
}
