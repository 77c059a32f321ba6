package master

import (
	"container/list"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/xmlspec"
)

// Workflow models are not kept per definition. A parsed 3-node workflow takes ~2.6 KB of heap
// (1.6 KB without its validation-only RefPos maps), its XML ~0.5 KB, and the master needs the
// model only to build an instance; the XML it needs anyway (a disabled definition's record is
// rewritten from it). So a definition keeps its XML, its coordinator and its instance-limit,
// and the model is re-parsed (xmlspec.Load: the same function of the same bytes as when it was
// put, ~0.1 ms for a small workflow) when an instance is built, through a small LRU cache so
// that repeated triggers and frequent fires parse once. Requests (trigger, run, rerun,
// backfill) parse a missing model off the mailbox; a coordinator's fire parses it in place,
// because the fire and the coordinator state it changes must be committed together.

// modelCacheSize bounds the cached models (each a few KB for small workflows).
const modelCacheSize = 128

// modelCache is an LRU of parsed workflow models, keyed by definition name and checked
// against the definition's hash and source (a replaced or moved definition misses: positions
// in the model name the source).
type modelCache struct {
	order  *list.List // of *cachedModel, most recent first
	byName map[string]*list.Element
}

type cachedModel struct {
	name, hash, source string
	wf                 *workflows.Workflow
}

func newModelCache() modelCache {
	return modelCache{order: list.New(), byName: map[string]*list.Element{}}
}

func (c *modelCache) get(d *definition) *workflows.Workflow {
	e := c.byName[d.name]
	if e == nil {
		return nil
	}
	m := e.Value.(*cachedModel)
	if m.hash != d.hash || m.source != d.source {
		return nil
	}
	c.order.MoveToFront(e)
	return m.wf
}

func (c *modelCache) put(d *definition, wf *workflows.Workflow) {
	cm := &cachedModel{name: d.name, hash: d.hash, source: d.source, wf: wf}
	if e := c.byName[d.name]; e != nil {
		e.Value = cm
		c.order.MoveToFront(e)
		return
	}
	c.byName[d.name] = c.order.PushFront(cm)
	if c.order.Len() > modelCacheSize {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byName, last.Value.(*cachedModel).name)
	}
}

// modelOf parses d's workflow: the model every builder shares (never modified after this).
// The validation-only RefPos maps are dropped first, since expanded copies (and so every
// running instance's plan) would share them.
func modelOf(d *definition) (*workflows.Workflow, error) {
	def := xmlspec.Load(d.source, d.xml)
	if def.Workflow == nil || def.Problems.HasErrors() {
		return nil, workflows.Errorf(workflows.CodeInternal, "workflow %q (%s) no longer loads: %v", d.name, d.source,
			def.Problems.Err())
	}
	slimModel(def.Workflow)
	return def.Workflow, nil
}

func slimModel(wf *workflows.Workflow) {
	for _, n := range wf.Nodes {
		n.RefPos = nil
	}
}

// model returns d's workflow model, parsing it here on a cache miss (fires only).
func (m *master) model(d *definition) (*workflows.Workflow, error) {
	if wf := m.models.get(d); wf != nil {
		return wf, nil
	}
	wf, err := modelOf(d)
	if err == nil {
		m.models.put(d, wf)
	}
	return wf, err
}

// withModel runs then with d's workflow model: at once when it is cached, else after parsing
// it off the mailbox. fail gets a model that no longer loads.
func (m *master) withModel(ctx actor.Context, d *definition, fail func(error), then func(*workflows.Workflow)) {
	if wf := m.models.get(d); wf != nil {
		then(wf)
		return
	}
	m.async(ctx, func() func(actor.Context) {
		wf, err := modelOf(d)
		return func(actor.Context) {
			if err != nil {
				fail(err)
				return
			}
			if m.defs[d.name] == d {
				m.models.put(d, wf)
			}
			then(wf)
		}
	})
}
