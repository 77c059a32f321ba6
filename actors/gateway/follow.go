package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// Following polls, and this is the only place in the gateway that does. The files are
// written by a worker, on this host or another (read through its log server), and the end
// is decided by the store, which has no change feed; fsnotify would cover local files only,
// and needs directories that do not exist yet for attempts not started (and new ones for
// retries). A short poll is simple and bounded: one stat-and-read (or one ranged request to
// the worker) per followed file per tick, and one store read every storeEveryPoll ticks.
const (
	defaultLogPoll = 150 * time.Millisecond
	storeEveryPoll = 2         // store reads happen every this many polls
	followChunk    = 256 << 10 // bytes read per live file per step
)

// follower streams the growing logs a selection covers. Read must not be called
// concurrently with itself (io.Reader's contract); Close may be called from anywhere.
type follower struct {
	g   *Gateway
	ctx context.Context
	id  string
	sel selection

	closed    chan struct{}
	closeOnce sync.Once

	// from[node] is the first attempt number followed: the latest when the log was opened
	// (or the one asked for), so a follow shows the current attempt and then every retry.
	from      map[string]int
	sources   []*source
	byKey     map[sourceKey]*source
	lastCheck time.Time
	instDone  bool
	ended     bool
	last      *source // the source of the latest output, for headers
	out       textOut
}

type sourceKey struct {
	node    string
	attempt int
	stderr  bool
}

// source is one followed file.
type source struct {
	sourceKey
	loc     logLoc // where it is read: renewed at every store read (the worker may change)
	off     int64
	attempt workflows.Attempt // as of the latest store read
	final   bool              // the store said no more output can come (read before the file)
	drained bool
}

func (g *Gateway) follow(ctx context.Context, rec store.InstanceRecord, sel selection) *follower {
	f := &follower{g: g, ctx: ctx, id: rec.Instance.ID, sel: sel, closed: make(chan struct{}),
		from: map[string]int{}, byKey: map[sourceKey]*source{}}
	for _, n := range sel.nodes(rec) {
		first := 1
		if a := sel.chosen(n); a != nil {
			first = a.Number
		}
		f.from[n.Name] = first
	}
	f.track(rec)
	f.lastCheck = time.Now()
	return f
}

func (f *follower) Read(p []byte) (int, error) {
	for {
		if !f.out.empty() {
			return f.out.read(p), nil
		}
		if f.ended {
			return 0, io.EOF
		}
		select {
		case <-f.closed:
			return 0, io.EOF
		default:
		}
		if err := f.step(); err != nil {
			return 0, err
		}
		if !f.out.empty() {
			continue
		}
		if f.finished() {
			f.ended = true
			continue
		}
		if err := f.wait(); err != nil {
			return 0, err
		}
	}
}

// wait blocks for one poll interval, the request's end or Close.
func (f *follower) wait() error {
	t := time.NewTimer(f.g.cfg.LogPoll)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-f.closed:
		return nil
	case <-f.ctx.Done():
		return mapErr(f.ctx.Err(), "follow the log of instance "+f.id)
	}
}

func (f *follower) Close() error {
	f.closeOnce.Do(func() { close(f.closed) })
	return nil
}

// step reads the store when due, then every followed file. The store is read first so that
// a source marked final was final before its file is read: the worker closes an attempt's
// logs before it reports the result, so the read that follows sees the whole log.
func (f *follower) step() error {
	if time.Since(f.lastCheck) >= storeEveryPoll*f.g.cfg.LogPoll {
		f.lastCheck = time.Now()
		rec, ok, err := f.g.cfg.Store.Instance(f.id)
		if err != nil {
			return mapErr(err, "follow the log of instance "+f.id)
		}
		if !ok { // deleted meanwhile: nothing more will be written
			f.instDone = true
			for _, s := range f.sources {
				s.final = true
			}
		} else {
			f.track(rec)
		}
	}
	for _, s := range f.sources {
		if s.drained {
			continue
		}
		if err := f.pull(s); err != nil {
			return err
		}
		if len(f.out.buf) >= followChunk {
			break // hand this out first; the rest comes on the next step, without waiting
		}
	}
	return nil
}

// track adds the attempts the selection covers and records their state.
func (f *follower) track(rec store.InstanceRecord) {
	f.instDone = rec.Instance.Status.Terminal()
	for _, n := range f.sel.nodes(rec) {
		from, ok := f.from[n.Name]
		if !ok {
			continue
		}
		for _, a := range n.Attempts {
			if a.Number < from || (f.sel.attempt > 0 && a.Number != f.sel.attempt) {
				continue
			}
			for _, stderr := range []bool{false, true} {
				k := sourceKey{node: n.Name, attempt: a.Number, stderr: stderr}
				s := f.byKey[k]
				if s == nil {
					s = &source{sourceKey: k}
					f.byKey[k] = s
					f.sources = append(f.sources, s)
				}
				s.attempt = a
				s.loc = f.g.locate(f.id, n.Name, &a, stderr)
				// A finished instance writes nothing more, whatever an attempt record says.
				s.final = a.Status.Terminal() || f.instDone
			}
		}
	}
}

// pull reads what a source has beyond what was shown. A final source is read through its
// stitched view once (a log left by a crashed worker still has its tail in the side file);
// a live one is read from its offset, at most followChunk bytes.
func (f *follower) pull(s *source) error {
	if s.final {
		if s.loc.gone && s.stderr {
			s.drained = true // the stdout source says the worker is gone, once
			return nil
		}
		data, note, err := f.g.readLoc(f.ctx, s.loc)
		if err != nil {
			return err
		}
		if note != "" {
			f.emitNote(s, note)
		} else if int64(len(data)) > s.off {
			f.emit(s, data[s.off:])
		}
		s.drained = true
		return nil
	}
	switch {
	case s.loc.path != "":
		return f.pullFile(s)
	case s.loc.base != "":
		f.pullRemote(s)
	}
	return nil // no worker has the attempt yet, or its worker is away: the store will say
}

// pullRemote reads a live log from its worker's log server. A failed request is tried
// again at the next poll: a worker that is really gone is reported lost by the master, and
// the source, final then, says so once.
func (f *follower) pullRemote(s *source) {
	for range 2 {
		data, size, err := followLogClient.Range(f.ctx, s.loc.base, s.loc.ref, s.off, followChunk)
		if err != nil {
			if f.ctx.Err() == nil {
				f.g.log.Debug("follow: worker log not read, trying again", "worker", s.loc.worker, "log", s.loc.ref.String(), "err", err)
			}
			return
		}
		if size < s.off {
			s.off = 0 // the file was written anew (an instance recreated under the same id)
			continue
		}
		if len(data) > 0 {
			f.emit(s, data)
		}
		return
	}
}

// pullFile reads a live log from this host.
func (f *follower) pullFile(s *source) error {
	file, err := os.Open(s.loc.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no output yet: the file comes with the stream's first byte
	}
	if err != nil {
		return fmt.Errorf("gateway: follow log %s: %w", s.loc.path, err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return fmt.Errorf("gateway: follow log %s: %w", s.loc.path, err)
	}
	if info.Size() < s.off {
		s.off = 0 // the file was written anew (an instance recreated under the same id)
	}
	if info.Size() == s.off {
		return nil
	}
	buf := make([]byte, min(info.Size()-s.off, followChunk))
	n, err := file.ReadAt(buf, s.off)
	if n > 0 {
		f.emit(s, buf[:n])
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("gateway: follow log %s: %w", s.loc.path, err)
	}
	return nil
}

// emit queues output, with a header whenever it comes from another file than the previous
// output. The first output of a single node's stdout has none, so it reads like the file.
func (f *follower) emit(s *source, data []byte) {
	s.off += int64(len(data))
	if s != f.last {
		if f.out.wrote || f.sel.node == "" || s.stderr {
			f.out.header(header(s.node, &s.attempt, s.stderr))
		}
		f.last = s
	}
	f.out.write(data)
}

// emitNote queues a line about a source (its worker is gone) on a line of its own.
func (f *follower) emitNote(s *source, note string) {
	if s == f.last && f.out.wrote && f.out.last != '\n' {
		f.out.write([]byte{'\n'})
	}
	f.emit(s, []byte(note))
}

// finished reports whether nothing more can be shown: a followed attempt that is done, or a
// finished instance, with every file drained.
func (f *follower) finished() bool {
	for _, s := range f.sources {
		if !s.drained {
			return false
		}
	}
	if f.sel.attempt > 0 {
		return len(f.sources) > 0 || f.instDone
	}
	return f.instDone
}
