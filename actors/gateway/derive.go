package gateway

import (
	"bytes"
	"path/filepath"
	"strings"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/params"
	"github.com/actorflow/actorflow/workflows/schedule"
	"github.com/actorflow/actorflow/workflows/store"
	"github.com/actorflow/actorflow/workflows/xmlspec"
)

// entry is what one stored definition version yields once parsed: everything a list row or
// a detail needs except what changes without a new version (next fire, readiness). It is
// immutable once built, so snapshots share it freely between goroutines.
type entry struct {
	name    string
	version uint64
	base    apiv1.Workflow // Dependencies listed not ready, NextFire unset
	nodes   []apiv1.NodeDef
	search  string // lower-cased name, desc, dir and creator, for the substring filter
	dir     string // Dir without leading/trailing slashes, for the prefix filter
	trigger *trigger
}

// trigger is the coordinator that fires a definition: its own (embedded, or the standalone
// coordinator it is), or for a workflow without one, a standalone coordinator targeting it.
type trigger struct {
	name      string // the coordinator record's name
	spec      *workflows.Coordinator
	enabled   bool // the definition is enabled and the coordinator may fire
	loc       *time.Location
	sched     schedule.Schedule // nil: no (usable) cron
	upstreams []string
}

// derive parses rec once. A stored definition that no longer loads (the code got stricter)
// is still listed, with its errors among the warnings: hiding it would hide its history.
func derive(rec store.DefinitionRecord, defaultLoc *time.Location, xmlDir string) *entry {
	def := xmlspec.Load(rec.Source, rec.XML)
	wf := apiv1.Workflow{Name: rec.Name, Origin: string(rec.Origin), SourceFile: sourceFile(rec, xmlDir),
		Version: rec.Version, Updated: apiv1.At(rec.At), Params: params.Referenced(stripComments(rec.XML)),
		Warnings: apiv1.ProblemsOf(def.Problems)}
	e := &entry{name: rec.Name, version: rec.Version}
	var coord *workflows.Coordinator
	switch {
	case def.Workflow != nil:
		w := def.Workflow
		wf.Dir, wf.Desc, wf.Creator = w.Dir, w.Desc, w.Creator
		wf.InstanceLimit, wf.Priority, wf.NodeCount = w.InstanceLimit, w.Priority, len(w.Nodes)
		e.nodes = nodeDefs(w.Nodes)
		coord = w.Coordinator
	case def.Coordinator != nil:
		coord = def.Coordinator
		wf.Dir, wf.Desc = coord.Dir, coord.Desc
	}
	if coord != nil {
		e.trigger = newTrigger(rec.Name, coord, rec.Enabled, defaultLoc)
		e.trigger.describe(&wf)
	}
	e.base = wf
	e.dir = strings.Trim(wf.Dir, "/")
	e.search = strings.ToLower(strings.Join([]string{wf.Name, wf.Desc, wf.Dir, wf.Creator}, "\x00"))
	return e
}

func newTrigger(name string, c *workflows.Coordinator, defEnabled bool, defaultLoc *time.Location) *trigger {
	t := &trigger{name: name, spec: c, enabled: defEnabled && c.Enabled, loc: defaultLoc}
	if c.Timezone != "" {
		if z, err := time.LoadLocation(c.Timezone); err == nil {
			t.loc = z
		}
	}
	if c.Cron != "" {
		if s, _, err := schedule.Parse(c.Cron, t.loc); err == nil {
			t.sched = s
		}
	}
	for _, d := range c.Depends {
		t.upstreams = append(t.upstreams, d.Workflow)
	}
	return t
}

// describe fills the parts of a row that come from the coordinator's definition.
func (t *trigger) describe(wf *apiv1.Workflow) {
	wf.Enabled = t.enabled
	wf.Cron, wf.Timezone = t.spec.Cron, t.spec.Timezone
	if t.sched != nil {
		wf.CronText = schedule.Describe(t.sched)
	}
	wf.Dependencies = make([]apiv1.Dependency, len(t.upstreams))
	for i, u := range t.upstreams {
		wf.Dependencies[i] = apiv1.Dependency{Workflow: u}
	}
}

// sourceFile is where the definition came from: for an xmlconfig file, its path on this host
// when the directory is known; for an upload, the path the client named (or "api").
func sourceFile(rec store.DefinitionRecord, xmlDir string) string {
	if rec.Origin == store.OriginFile && xmlDir != "" && rec.Source != "" && !filepath.IsAbs(rec.Source) {
		return filepath.Join(xmlDir, rec.Source)
	}
	return rec.Source
}

// nodeDefs is the graph of a workflow, in document order.
func nodeDefs(nodes []*workflows.Node) []apiv1.NodeDef {
	out := make([]apiv1.NodeDef, len(nodes))
	for i, n := range nodes {
		d := apiv1.NodeDef{Name: n.Name, Kind: n.Kind.String(), Desc: n.Desc}
		switch n.Kind {
		case workflows.KindStart, workflows.KindJoin:
			if n.To != "" {
				d.Next = []string{n.To}
			}
		case workflows.KindFork:
			d.Next = append([]string(nil), n.Paths...)
		case workflows.KindAction:
			if n.Action != nil {
				d.Type, d.Ok, d.Error = string(n.Action.Type), n.Action.Ok, n.Action.Error
			}
		}
		out[i] = d
	}
	return out
}

// stripComments removes XML comments so that a commented-out ${param:x} is not reported as
// used. (CDATA sections are kept whole: "<!--" inside one is code, not a comment.)
func stripComments(xml []byte) string {
	var b strings.Builder
	b.Grow(len(xml))
	for len(xml) > 0 {
		c := bytes.Index(xml, []byte("<!--"))
		d := bytes.Index(xml, []byte("<![CDATA["))
		switch {
		case c < 0:
			b.Write(xml)
			return b.String()
		case d >= 0 && d < c:
			end := bytes.Index(xml[d:], []byte("]]>"))
			if end < 0 {
				b.Write(xml)
				return b.String()
			}
			b.Write(xml[:d+end+3])
			xml = xml[d+end+3:]
		default:
			b.Write(xml[:c])
			end := bytes.Index(xml[c:], []byte("-->"))
			if end < 0 {
				return b.String()
			}
			xml = xml[c+end+3:]
		}
	}
	return b.String()
}
