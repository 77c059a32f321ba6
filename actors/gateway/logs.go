package gateway

import (
	"context"
	"fmt"
	"io"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/store"
)

// OpenLog returns an instance's attempt logs as text (format in doc.go). node "" means every
// action node in document order; attempt 0 means the latest. With follow the reader streams
// new output until nothing more can come (follow.go).
func (g *Gateway) OpenLog(ctx context.Context, id, node string, attempt int, follow bool) (io.ReadCloser, error) {
	switch {
	case g.cfg.LogRoot == "" && g.cfg.WorkerLogs == nil:
		return nil, unavailablef("this node keeps no task logs and cannot reach the workers' (no log directory, no worker log servers configured)")
	case attempt < 0:
		return nil, invalidf("attempt must be 1 or more (0: the latest), got %d", attempt)
	case attempt > 0 && node == "":
		return nil, invalidf("attempt %d needs a node: attempt numbers are per node", attempt)
	}
	rec, err := g.instance(ctx, id)
	if err != nil {
		return nil, err
	}
	sel := selection{node: node, attempt: attempt}
	if err := sel.check(rec); err != nil {
		return nil, err
	}
	if follow {
		return g.follow(ctx, rec, sel), nil
	}
	return &sectionReader{g: g, ctx: ctx, secs: g.sections(rec, sel)}, nil
}

// selection is what a log request asks for.
type selection struct {
	node    string // "" = every action node
	attempt int    // 0 = latest
}

// check rejects a node or attempt the instance does not have. A node without attempts yet is
// fine: its log is empty (and a follower waits for it).
func (s selection) check(rec store.InstanceRecord) error {
	if s.node == "" {
		return nil
	}
	n := nodeRun(rec, s.node)
	if n == nil {
		return notFoundf("instance %s has no node %q", rec.Instance.ID, s.node)
	}
	if sh, ok := shapes(rec.Definition)[s.node]; ok && sh.kind != "" && sh.kind != "action" {
		return notFoundf("node %q of instance %s is a %s node: only actions have logs", s.node, rec.Instance.ID, sh.kind)
	}
	if s.attempt > 0 && attemptOf(n, s.attempt) == nil {
		return notFoundf("node %q of instance %s has no attempt %d", s.node, rec.Instance.ID, s.attempt)
	}
	return nil
}

// nodes returns the node records the selection covers, in document order.
func (s selection) nodes(rec store.InstanceRecord) []*workflows.NodeRun {
	if s.node != "" {
		if n := nodeRun(rec, s.node); n != nil {
			return []*workflows.NodeRun{n}
		}
		return nil
	}
	kinds := shapes(rec.Definition)
	var out []*workflows.NodeRun
	for i := range rec.Instance.Nodes {
		n := &rec.Instance.Nodes[i]
		// Without a readable definition, a node with attempts is an action all the same.
		if sh, ok := kinds[n.Name]; (ok && sh.kind == "action") || (!ok && len(n.Attempts) > 0) {
			out = append(out, n)
		}
	}
	return out
}

// chosen is the attempt the selection shows of n: the one asked for, else the latest.
func (s selection) chosen(n *workflows.NodeRun) *workflows.Attempt {
	if s.attempt > 0 {
		return attemptOf(n, s.attempt)
	}
	if len(n.Attempts) == 0 {
		return nil
	}
	return &n.Attempts[len(n.Attempts)-1]
}

func nodeRun(rec store.InstanceRecord, name string) *workflows.NodeRun {
	for i := range rec.Instance.Nodes {
		if rec.Instance.Nodes[i].Name == name {
			return &rec.Instance.Nodes[i]
		}
	}
	return nil
}

func attemptOf(n *workflows.NodeRun, number int) *workflows.Attempt {
	for i := range n.Attempts {
		if n.Attempts[i].Number == number {
			return &n.Attempts[i]
		}
	}
	return nil
}

// header names a log section; stderr sections say so.
func header(node string, a *workflows.Attempt, stderr bool) string {
	h := fmt.Sprintf("==> node %s, attempt %d (%s)", node, a.Number, a.Status)
	if stderr {
		h += ", stderr"
	}
	return h + " <==\n"
}

// sections lists what a non-following read shows: per attempt, stdout then stderr. A single
// node's stdout comes without a header, so it reads like the raw file.
func (g *Gateway) sections(rec store.InstanceRecord, sel selection) []section {
	var out []section
	for _, n := range sel.nodes(rec) {
		a := sel.chosen(n)
		if a == nil {
			continue
		}
		id := rec.Instance.ID
		out = append(out, section{loc: g.locate(id, n.Name, a, false)})
		if sel.node == "" {
			out[len(out)-1].header = header(n.Name, a, false)
		}
		// A worker that is gone is said once, in the stdout section.
		if errLoc := g.locate(id, n.Name, a, true); !errLoc.gone {
			out = append(out, section{loc: errLoc, header: header(n.Name, a, true), omitEmpty: true})
		}
	}
	return out
}

// section is one log shown under an optional header.
type section struct {
	header    string
	loc       logLoc
	omitEmpty bool // leave the section out, header included, when the log is empty
}

// sectionReader reads sections one after another, each loaded only when reached, so a
// 10,000-node instance never holds more than one log view in memory.
type sectionReader struct {
	g    *Gateway
	ctx  context.Context
	secs []section
	out  textOut
}

func (r *sectionReader) Read(p []byte) (int, error) {
	for r.out.empty() {
		if len(r.secs) == 0 {
			return 0, io.EOF
		}
		s := r.secs[0]
		r.secs = r.secs[1:]
		data, note, err := r.g.readLoc(r.ctx, s.loc)
		if err != nil {
			return 0, err
		}
		if note != "" {
			data = []byte(note)
		}
		if len(data) == 0 && s.omitEmpty {
			continue
		}
		if s.header != "" {
			r.out.header(s.header)
		}
		r.out.write(data)
	}
	return r.out.read(p), nil
}

func (r *sectionReader) Close() error { r.secs = nil; return nil }

// readView is the readable view of one capped log (executors.ReadLog: head and tail
// stitched while it is written). A log without a file reads as empty: the worker creates
// each file with its stream's first byte, so an attempt not started yet, or one that
// printed nothing on that stream, has none.
func readView(path string) ([]byte, error) {
	data, err := executors.ReadLog(path)
	if err != nil {
		return nil, fmt.Errorf("gateway: read log %s: %w", path, err)
	}
	return data, nil
}

// textOut is the pending output of a log reader. It keeps the layout rules in one place:
// a header starts on its own line, and is set off from earlier output by a blank line.
type textOut struct {
	buf   []byte
	wrote bool
	last  byte
}

func (t *textOut) empty() bool { return len(t.buf) == 0 }

func (t *textOut) header(h string) {
	if t.wrote {
		if t.last != '\n' {
			t.write([]byte{'\n'})
		}
		t.write([]byte{'\n'})
	}
	t.write([]byte(h))
}

func (t *textOut) write(b []byte) {
	if len(b) == 0 {
		return
	}
	t.buf = append(t.buf, b...)
	t.wrote, t.last = true, b[len(b)-1]
}

func (t *textOut) read(p []byte) int {
	n := copy(p, t.buf)
	t.buf = t.buf[n:]
	if len(t.buf) == 0 {
		t.buf = nil // let a large drained view be collected
	}
	return n
}
