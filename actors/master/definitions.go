package master

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
	"github.com/actorflow/actorflow/workflows/xmlspec"
)

// definition is one loaded definition: a workflow (possibly with an embedded coordinator) or
// a standalone 2017-era coordinator. It keeps what scheduling and admission read, and its XML;
// the workflow model is re-parsed from the XML when an instance is built (models.go), and the
// coordinator lives in m.coords. Its fields never change after install except version, so
// model parsing may read it from other goroutines.
type definition struct {
	name       string
	origin     store.Origin
	source     string
	xml        []byte // exactly the source text (a private copy, not a larger buffer's slice)
	hash       string
	enabled    bool // false: the file was removed; its coordinator must not fire
	version    uint64
	updated    time.Time
	isWorkflow bool // else a standalone coordinator
	limit      int  // the workflow's instance-limit, read by admission
}

// newDefinition makes the definition of a valid parsed document.
func newDefinition(def *workflows.Definition, origin store.Origin, source string, xml []byte, hash string) *definition {
	d := &definition{name: def.Name(), origin: origin, source: source, xml: xml, hash: hash, enabled: true}
	if def.Workflow != nil {
		d.isWorkflow, d.limit = true, def.Workflow.InstanceLimit
	}
	return d
}

// coordinatorOf returns a document's embedded or standalone coordinator, or nil.
func coordinatorOf(def *workflows.Definition) *workflows.Coordinator {
	if def.Workflow != nil {
		return def.Workflow.Coordinator
	}
	return def.Coordinator
}

// baseDir is where relative attachment paths of this definition are resolved: the directory
// of its source file inside the xmlconfig directory (the xmlconfig directory itself for API
// uploads).
func baseDir(xmlDir string, origin store.Origin, source string) string {
	if origin != store.OriginFile || source == "" {
		return xmlDir
	}
	if filepath.IsAbs(source) {
		return filepath.Dir(source)
	}
	return filepath.Join(xmlDir, filepath.Dir(source))
}

func (d *definition) record() store.PutDefinition {
	return store.PutDefinition{Name: d.name, Origin: d.origin, Source: d.source, XML: d.xml,
		Hash: d.hash, Enabled: d.enabled, At: d.updated}
}

func hashOf(xml []byte) string {
	sum := sha256.Sum256(xml)
	return hex.EncodeToString(sum[:])
}

// parsed is the off-mailbox result of reading a definition.
type parsed struct {
	def  *workflows.Definition
	hash string
	xml  []byte // a private copy of the request's XML
}

func parse(source string, xml []byte) parsed {
	// The request's bytes may be a slice of a larger buffer (a file read, an HTTP body) that
	// keeping them would keep whole.
	return parsed{def: xmlspec.Load(source, xml), hash: hashOf(xml), xml: bytes.Clone(xml)}
}

// invalid returns the error that rejects p, or nil.
func (p parsed) invalid() error {
	if err := p.def.Problems.Err(); err != nil {
		return err
	}
	if p.def.Name() == "" {
		return workflows.Errorf(workflows.CodeInvalid, "%s defines neither a workflow nor a coordinator", p.def.Source)
	}
	return nil
}

func (m *master) onCheckDefinition(ctx actor.Context, req *CheckDefinitionRequest, sender *actor.PID) {
	m.async(ctx, func() func(actor.Context) {
		p := parse(req.Source, req.XML)
		return func(ctx actor.Context) {
			m.reply(ctx, sender, &CheckDefinitionResponse{Result: resultOf(p.invalid()),
				Name: p.def.Name(), Warnings: p.def.Problems.Warnings()})
		}
	})
}

func (m *master) onPutDefinition(ctx actor.Context, req *PutDefinitionRequest, sender *actor.PID) {
	if req.Loaded != nil {
		p := parsed{def: req.Loaded, hash: hashOf(req.XML), xml: bytes.Clone(req.XML)}
		m.putParsed(ctx, req, p, sender)
		return
	}
	m.async(ctx, func() func(actor.Context) {
		p := parse(req.Source, req.XML)
		return func(ctx actor.Context) { m.putParsed(ctx, req, p, sender) }
	})
}

// putParsed stores a parsed definition. The registry and the coordinator change at once
// (optimistically, like every coordinator change: commits are ordered, so the store sees the
// same sequence) and are reverted if the log rejects the entry; the answer waits for the commit.
func (m *master) putParsed(ctx actor.Context, req *PutDefinitionRequest, p parsed, sender *actor.PID) {
	now := m.cfg.Clock.Now()
	name := p.def.Name()
	if err := p.invalid(); err != nil {
		resp := &PutDefinitionResponse{Result: resultOf(err), Name: name}
		if req.Origin != store.OriginFile {
			m.reply(ctx, sender, resp)
			return
		}
		// A file with errors changes nothing loaded, but its status shows the problems.
		m.commit(ctx, []store.Command{store.PutFile{Path: req.Source, Status: store.FileError,
			Workflow: name, Hash: p.hash, Problems: p.def.Problems, At: now}},
			func(error) { m.reply(ctx, sender, resp) })
		return
	}
	old := m.defs[name]
	if old != nil && old.hash == p.hash && old.enabled && old.origin == req.Origin && old.source == req.Source {
		m.reply(ctx, sender, &PutDefinitionResponse{Name: name, Unchanged: true, Warnings: p.def.Problems.Warnings()})
		return
	}
	nd := newDefinition(p.def, req.Origin, req.Source, p.xml, p.hash)
	nd.updated = now
	if p.def.Workflow != nil {
		slimModel(p.def.Workflow)
		m.models.put(nd, p.def.Workflow) // a trigger right after the put needs no parse
	}
	if old != nil {
		nd.version = old.version
	}
	// The definition, its file status and its coordinator's evaluation (state, and a fire if
	// it is due at once) go in one commit request; the committer batches concurrent puts.
	b := newBatch()
	b.cmds = append(b.cmds, nd.record())
	if req.Origin == store.OriginFile {
		b.cmds = append(b.cmds, store.PutFile{Path: req.Source, Status: store.FileLoaded, Workflow: name,
			Hash: p.hash, Problems: p.def.Problems, At: now})
	}
	undo := m.install(nd, coordinatorOf(p.def), now)
	m.evaluate(ctx, b, m.touchCoord(b, name), func(err error) {
		if err != nil {
			undo()
			m.rearmWake(ctx)
			m.reply(ctx, sender, &PutDefinitionResponse{Result: resultOf(err), Name: name})
			return
		}
		m.learnVersion(ctx, name, p.hash)
		m.reply(ctx, sender, &PutDefinitionResponse{Name: name, Created: old == nil,
			Warnings: p.def.Problems.Warnings()})
	})
}

// touchCoord marks coordinator name (if there is one) for b's commit and returns it as the
// list of coordinators to evaluate.
func (m *master) touchCoord(b *batch, name string) []*coordinator {
	c := m.coords[name]
	if c == nil {
		return nil
	}
	b.touch(name)
	return []*coordinator{c}
}

// install makes nd the current definition of its name, with the coordinator spec declares
// (nil: none; state carried over from the previous one), and returns a function that restores
// the previous situation.
func (m *master) install(nd *definition, spec *workflows.Coordinator, now time.Time) (undo func()) {
	oldDef, oldCoord := m.defs[nd.name], m.coords[nd.name]
	m.defs[nd.name] = nd
	if spec != nil {
		m.setCoord(nd.name, m.newCoordinator(nd, spec, oldCoord, now))
	} else {
		m.setCoord(nd.name, nil)
	}
	return func() {
		if m.defs[nd.name] != nd {
			return // replaced again since
		}
		putOrDelete(m.defs, nd.name, oldDef)
		if oldCoord != nil {
			if cur := m.coords[nd.name]; cur != nil {
				oldCoord.state = cur.state // keep fires that happened meanwhile
			}
		}
		m.setCoord(nd.name, oldCoord) // the caller re-arms the timer
	}
}

func putOrDelete[V any](mp map[string]*V, k string, v *V) {
	if v == nil {
		delete(mp, k)
	} else {
		mp[k] = v
	}
}

// learnVersion reads the version (log index) the store gave a definition we just wrote.
func (m *master) learnVersion(ctx actor.Context, name, hash string) {
	st := m.cfg.Store
	m.async(ctx, func() func(actor.Context) {
		rec, ok, err := st.Definition(name)
		return func(actor.Context) {
			if d := m.defs[name]; err == nil && ok && d != nil && d.hash == rec.Hash && rec.Hash == hash {
				d.version = rec.Version
			}
		}
	})
}

func (m *master) onDeleteDefinition(ctx actor.Context, req *DeleteDefinitionRequest, sender *actor.PID) {
	d := m.defs[req.Name]
	if d == nil {
		m.reply(ctx, sender, &DeleteDefinitionResponse{Result: resultOf(
			workflows.Errorf(workflows.CodeNotFound, "no workflow or coordinator named %q", req.Name))})
		return
	}
	if deps := m.dependents(req.Name); len(deps) > 0 {
		m.reply(ctx, sender, &DeleteDefinitionResponse{Dependents: deps, Result: resultOf(workflows.Errorf(
			workflows.CodeConflict, "workflow %q cannot be deleted: %s depend on it", req.Name, quoteList(deps)))})
		return
	}
	oldCoord := m.coords[req.Name]
	delete(m.defs, req.Name)
	m.setCoord(req.Name, nil)
	m.commit(ctx, []store.Command{store.DeleteDefinition{Name: req.Name}}, func(err error) {
		if err != nil && m.defs[req.Name] == nil {
			m.defs[req.Name] = d
			m.setCoord(req.Name, oldCoord)
			m.rearmWake(ctx)
		}
		m.reply(ctx, sender, &DeleteDefinitionResponse{Result: resultOf(err)})
	})
	m.rearmWake(ctx)
}

// dependents lists the coordinators (other than name's own) that wait for workflow name.
func (m *master) dependents(name string) []string {
	var out []string
	for _, c := range m.dependentsOf(name) {
		if c.name != name {
			out = append(out, c.name)
		}
	}
	return out
}

// onFileRemoved disables the definition a removed file had loaded: its schedule stops, its
// history and the definition stay (a file added back enables it again).
func (m *master) onFileRemoved(ctx actor.Context, req *FileRemovedRequest, sender *actor.PID) {
	now := m.cfg.Clock.Now()
	var d *definition
	for _, x := range m.defs {
		if x.origin == store.OriginFile && x.source == req.Path {
			d = x
			break
		}
	}
	b := newBatch()
	b.cmds = []store.Command{store.PutFile{Path: req.Path, Status: store.FileDisabled, At: now}}
	var (
		undo     func()
		affected []*coordinator
	)
	if d != nil && d.enabled {
		nd := *d
		nd.enabled, nd.updated = false, now
		b.cmds[0] = store.PutFile{Path: req.Path, Status: store.FileDisabled, Workflow: d.name, Hash: d.hash, At: now}
		b.cmds = append(b.cmds, nd.record())
		undo = m.install(&nd, m.coords[nd.name].declared(), now)
		affected = m.touchCoord(b, nd.name)
	}
	m.evaluate(ctx, b, affected, func(err error) {
		if err != nil && undo != nil {
			undo()
			m.rearmWake(ctx)
		}
		resp := &FileRemovedResponse{Result: resultOf(err)}
		if d != nil {
			resp.Name = d.name
		}
		m.reply(ctx, sender, resp)
	})
}

// workflowDef returns the current definition of a workflow (not a standalone coordinator).
func (m *master) workflowDef(name string) (*definition, error) {
	d := m.defs[name]
	if d == nil || !d.isWorkflow {
		return nil, workflows.Errorf(workflows.CodeNotFound, "no workflow named %q", name)
	}
	return d, nil
}
