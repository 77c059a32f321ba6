package master

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"slices"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
	"github.com/actorflow/actorflow/workflows/xmlspec"
)

// definition is one loaded definition: a workflow (possibly with an embedded coordinator) or
// a standalone 2017-era coordinator. Its parsed model is never modified after loading, so
// instance builders may read it from other goroutines.
type definition struct {
	name    string
	origin  store.Origin
	source  string
	xml     []byte
	hash    string
	enabled bool // false: the file was removed; its coordinator must not fire
	version uint64
	updated time.Time
	def     *workflows.Definition
}

func (d *definition) workflow() *workflows.Workflow { return d.def.Workflow }

// coordinator returns the embedded or standalone coordinator, or nil.
func (d *definition) coordinator() *workflows.Coordinator {
	if d.def.Workflow != nil {
		return d.def.Workflow.Coordinator
	}
	return d.def.Coordinator
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
}

func parse(source string, xml []byte) parsed {
	return parsed{def: xmlspec.Load(source, xml), hash: hashOf(xml)}
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
	nd := &definition{name: name, origin: req.Origin, source: req.Source, xml: req.XML, hash: p.hash,
		enabled: true, updated: now, def: p.def}
	if old != nil {
		nd.version = old.version
	}
	cmds := []store.Command{nd.record()}
	if req.Origin == store.OriginFile {
		cmds = append(cmds, store.PutFile{Path: req.Source, Status: store.FileLoaded, Workflow: name,
			Hash: p.hash, Problems: p.def.Problems, At: now})
	}
	undo := m.install(nd, now)
	if c := m.coords[name]; c != nil {
		cmds = append(cmds, c.put())
	}
	m.commit(ctx, cmds, func(err error) {
		if err != nil {
			undo()
			m.reply(ctx, sender, &PutDefinitionResponse{Result: resultOf(err), Name: name})
			return
		}
		m.learnVersion(ctx, name, p.hash)
		m.reply(ctx, sender, &PutDefinitionResponse{Name: name, Created: old == nil,
			Warnings: p.def.Problems.Warnings()})
	})
	m.evaluate(ctx, nil, nil)
}

// install makes nd the current definition of its name, with its coordinator (state carried
// over from the previous one), and returns a function that restores the previous situation.
func (m *master) install(nd *definition, now time.Time) (undo func()) {
	oldDef, oldCoord := m.defs[nd.name], m.coords[nd.name]
	m.defs[nd.name] = nd
	if c := nd.coordinator(); c != nil {
		m.coords[nd.name] = newCoordinator(nd, oldCoord, now, m.cfg.Location)
	} else {
		delete(m.coords, nd.name)
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
		putOrDelete(m.coords, nd.name, oldCoord)
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
	delete(m.coords, req.Name)
	m.commit(ctx, []store.Command{store.DeleteDefinition{Name: req.Name}}, func(err error) {
		if err != nil && m.defs[req.Name] == nil {
			m.defs[req.Name] = d
			putOrDelete(m.coords, req.Name, oldCoord)
		}
		m.reply(ctx, sender, &DeleteDefinitionResponse{Result: resultOf(err)})
	})
	m.evaluate(ctx, nil, nil)
}

// dependents lists the coordinators (other than name's own) that wait for workflow name.
func (m *master) dependents(name string) []string {
	var out []string
	for cname, c := range m.coords {
		if cname == name {
			continue
		}
		for _, dep := range c.spec.Depends {
			if dep.Workflow == name {
				out = append(out, cname)
				break
			}
		}
	}
	slices.Sort(out)
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
	cmds := []store.Command{store.PutFile{Path: req.Path, Status: store.FileDisabled, At: now}}
	var undo func()
	if d != nil && d.enabled {
		nd := *d
		nd.enabled, nd.updated = false, now
		cmds[0] = store.PutFile{Path: req.Path, Status: store.FileDisabled, Workflow: d.name, Hash: d.hash, At: now}
		cmds = append(cmds, nd.record())
		undo = m.install(&nd, now)
		if c := m.coords[nd.name]; c != nil {
			cmds = append(cmds, c.put())
		}
	}
	m.commit(ctx, cmds, func(err error) {
		if err != nil && undo != nil {
			undo()
		}
		resp := &FileRemovedResponse{Result: resultOf(err)}
		if d != nil {
			resp.Name = d.name
		}
		m.reply(ctx, sender, resp)
	})
	m.evaluate(ctx, nil, nil)
}

// workflowDef returns the current definition of a workflow (not a standalone coordinator).
func (m *master) workflowDef(name string) (*definition, error) {
	d := m.defs[name]
	if d == nil || d.workflow() == nil {
		return nil, workflows.Errorf(workflows.CodeNotFound, "no workflow named %q", name)
	}
	return d, nil
}
