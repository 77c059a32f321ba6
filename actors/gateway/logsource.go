package gateway

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/actorflow/actorflow/actors/worker"
	"github.com/actorflow/actorflow/actors/worker/logserver"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Where a log is read (doc.go, Logs): each attempt's log lives where the attempt ran. In a
// standalone process that is this host (Config.LogRoot); in a cluster, the attempt's worker,
// which serves its logs over HTTP (actors/worker/logserver) at the address gossip gives
// (Config.WorkerLogs). A worker that is gone, or does not answer, costs its own sections one
// line each, never the whole read.

// workerLogClient reads remote logs; each request has logserver.DefaultTimeout.
var workerLogClient logserver.Client

// followLogClient polls live remote logs: a worker cut off by the network costs a follower
// at most this per poll (it is asked again at the next one), not the default 10 s.
var followLogClient = logserver.Client{Timeout: 2 * time.Second}

// logLoc is where one stream of one attempt is read. At most one of path and base is set;
// neither means the log is empty (no worker has the attempt yet) or, with gone, that its
// worker cannot be reached.
type logLoc struct {
	path   string // the file on this host
	base   string // the worker's log server
	ref    logserver.Ref
	worker string
	gone   bool
}

// locate says where stream stderr (or stdout) of attempt a of node is read.
func (g *Gateway) locate(id, node string, a *workflows.Attempt, stderr bool) logLoc {
	loc := logLoc{ref: logserver.Ref{Instance: id, Node: node, Attempt: a.Number, Stderr: stderr}, worker: a.Worker}
	if g.cfg.WorkerLogs != nil && a.Worker != "" {
		if base, ok := g.cfg.WorkerLogs(a.Worker); ok {
			loc.base = strings.TrimSuffix(base, "/")
			return loc
		}
	}
	switch {
	case g.cfg.LogRoot != "":
		name := executors.StdoutLogName
		if stderr {
			name = executors.StderrLogName
		}
		loc.path = filepath.Join(worker.LogDir(g.cfg.LogRoot, id, node, a.Number), name)
	case a.Worker != "":
		loc.gone = true
	}
	return loc
}

// readLoc returns the readable view of a log. A local file that cannot be read is an error;
// a remote one that cannot be had gives a one-line note to show in place of the log (a
// gone worker must not hide every other node's log).
func (g *Gateway) readLoc(ctx context.Context, loc logLoc) (data []byte, note string, err error) {
	switch {
	case loc.path != "":
		data, err := readView(loc.path)
		return data, "", err
	case loc.gone:
		return nil, unavailableNote(loc, "it is not alive in the cluster"), nil
	case loc.base == "":
		return nil, "", nil
	}
	data, err = workerLogClient.View(ctx, loc.base, loc.ref)
	if err != nil {
		if ctx.Err() != nil {
			return nil, "", mapErr(ctx.Err(), "read the log of "+loc.ref.String())
		}
		g.log.Warn("worker log unavailable", "worker", loc.worker, "log", loc.ref.String(), "err", err)
		return nil, unavailableNote(loc, "it did not answer: "+err.Error()), nil
	}
	return data, "", nil
}

// unavailableNote is the line shown instead of a log its worker cannot give.
func unavailableNote(loc logLoc, why string) string {
	stream := "stdout"
	if loc.ref.Stderr {
		stream = "stderr"
	}
	why = strings.Join(strings.Fields(why), " ") // one line, whatever the error says
	return fmt.Sprintf("[actorflow: the %s of this attempt is on worker %s, which cannot give it: %s]\n",
		stream, loc.worker, why)
}
