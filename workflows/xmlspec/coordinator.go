package xmlspec

import (
	"time"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// newCoordinator returns a coordinator with the defaults of every era.
func newCoordinator(pos workflows.Pos) *workflows.Coordinator {
	return &workflows.Coordinator{Pos: pos, Enabled: true,
		Catchup: workflows.CatchupLatest, DependReset: workflows.DependResetScheduled}
}

// readCommonAttrs reads the attributes both coordinator forms share. The time zone is read
// first because it is the zone the window is written in.
func (p *parser) readCommonAttrs(x *xel, c *workflows.Coordinator) {
	c.Enabled = x.boolAttr("is-enabled", true) // akkaflow: empty means true
	loc := time.Local
	if tz := x.str("timezone"); tz != "" {
		if l, err := time.LoadLocation(tz); err != nil {
			x.badValue("timezone", tz, "an IANA time zone such as Asia/Shanghai or UTC")
		} else {
			loc, c.Timezone = l, tz
		}
	}
	start, startAttr, _ := x.alias("start-time", "start", "2017 coordinator files")
	c.Start = x.timeValue(startAttr, start, loc)
	end, endAttr, _ := x.alias("end-time", "end", "2017 coordinator files")
	c.End = x.timeValue(endAttr, end, loc)
	c.Catchup = workflows.CatchupPolicy(x.enumAttr("catchup",
		[]string{string(workflows.CatchupLatest), string(workflows.CatchupAll), string(workflows.CatchupNone)},
		string(workflows.CatchupLatest)))
	c.DependReset = workflows.DependReset(x.enumAttr("depend-reset",
		[]string{string(workflows.DependResetScheduled), string(workflows.DependResetDaily)},
		string(workflows.DependResetScheduled)))
}

// readEmbeddedCoordinator reads the E3+ <coordinator> inside a workflow: it triggers its own
// workflow, so it has no name and no target list.
func (p *parser) readEmbeddedCoordinator(e *etree.Element) *workflows.Coordinator {
	x := p.el(e)
	c := newCoordinator(x.pos())
	p.readCommonAttrs(x, c)
	x.done()
	seen := once{}
	for _, k := range e.ChildElements() {
		switch tag := k.FullTag(); tag {
		case "depend-list":
			if seen.first(p, "depend-list", k) {
				p.readDependList(c, k)
			}
		case "param-list":
			if seen.first(p, "param-list", k) {
				c.Params = p.readParamList(k)
			}
		case "trigger", "workflow-list", "trigger-list":
			p.errorf(p.pos(k), CodeUnknownElement,
				"<%s> belongs to standalone 2017 coordinator files; a coordinator inside a workflow triggers that workflow and holds only <depend-list> and <param-list>", tag)
		default:
			x.unknownChild(k, "depend-list", "param-list")
		}
	}
	p.strayText(e)
	return c
}

// readStandaloneCoordinator reads a 2017 coordinator file (root <coordinator>), of any of its
// three shapes:
//
//	E0/E1: name start end [is-enabled] [dir] [desc]; <trigger>[<cron config/>]
//	       [<depend-list><depend wf/>*</depend-list>]</trigger>; <workflow-list><workflow path/>+;
//	       the very first prototype put <cron> inside <depend-list>
//	E2:    name [start-time] [end-time] [is-enabled] [dir] [desc] [creator];
//	       <depend-list [cron]><workflow name/>*</depend-list>; <trigger-list><workflow name/>+
//	all:   <param-list><param name value/>*</param-list>
//
// The E2 shape is the one Write produces.
func (p *parser) readStandaloneCoordinator(e *etree.Element) *workflows.Coordinator {
	p.unit = "coordinator"
	defer func() { p.unit = "" }()
	x := p.el(e)
	c := newCoordinator(x.pos())
	c.Name = x.required("name")
	p.readCommonAttrs(x, c)
	c.Dir = x.str("dir")
	c.Desc = x.str("desc")
	x.ignore("creator", "a standalone coordinator has no creator field; the workflows it triggers have one")
	x.ignore("author", "it was never read, even by akkaflow")
	x.ignore("id", "a 2016 prototype attribute with no meaning")
	x.done()
	seen := once{}
	for _, k := range e.ChildElements() {
		switch tag := k.FullTag(); tag {
		case "trigger":
			if seen.first(p, "trigger", k) {
				p.aliasElement(k, "depend-list", "2017: write <depend-list cron=\"…\"><workflow name=\"…\"/></depend-list>")
				p.readTrigger(c, k)
			}
		case "depend-list":
			if seen.first(p, "depend-list", k) {
				p.readDependList(c, k)
			}
		case "workflow-list", "trigger-list":
			if tag == "workflow-list" {
				p.aliasElement(k, "trigger-list", "2017: write <workflow name=\"…\"/> children")
			}
			if seen.first(p, "targets", k) {
				c.Targets = p.readTargets(k)
			}
		case "param-list":
			if seen.first(p, "param-list", k) {
				c.Params = p.readParamList(k)
			}
		default:
			x.unknownChild(k, "depend-list", "trigger-list", "param-list", "trigger", "workflow-list")
		}
	}
	if seen.has("trigger") && seen.has("depend-list") {
		p.errorf(p.pos(seen["depend-list"]), CodeDuplicateElement,
			"both <trigger> (line %d) and <depend-list>; a coordinator file uses one of them", p.pos(seen["trigger"]).Line)
	}
	if !seen.has("targets") {
		p.errorf(x.pos(), CodeMissingElement, "the coordinator has no <trigger-list> naming the workflows it starts")
	}
	p.strayText(e)
	return c
}

// setCron records the schedule text; a second one is an error (akkaflow concatenated them).
func (p *parser) setCron(c *workflows.Coordinator, text string, pos workflows.Pos) {
	if p.cronSet {
		p.errorf(pos, CodeDuplicateElement, "a second cron (the first is at line %d); a coordinator has one schedule", c.CronPos.Line)
		return
	}
	p.cronSet = true
	c.Cron, c.CronPos = trim(text), pos
}

// readDependList reads <depend-list [cron]><workflow name/>*</depend-list> (E2 and embedded).
func (p *parser) readDependList(c *workflows.Coordinator, e *etree.Element) {
	x := p.el(e)
	if cron, ok := x.raw("cron"); ok {
		p.setCron(c, cron, x.attrPos("cron"))
	}
	x.done()
	for _, k := range e.ChildElements() {
		if k.FullTag() != "workflow" {
			x.unknownChild(k, "workflow")
			continue
		}
		kx := p.el(k)
		name, used, ok := kx.alias("name", "path", "")
		if !ok || trim(name) == "" {
			kx.required("name")
		}
		c.Depends = append(c.Depends, workflows.Dependency{Workflow: trim(name), Pos: kx.attrPos(used)})
		kx.done()
		p.noChildren(k)
	}
	p.strayText(e)
}

// readTrigger reads the E0/E1 <trigger>: an optional <cron config/> and an optional
// <depend-list> of <depend wf/>, which in the first prototype also held the <cron>.
func (p *parser) readTrigger(c *workflows.Coordinator, e *etree.Element) {
	p.el(e).done()
	dependSeen := once{}
	for _, k := range e.ChildElements() {
		switch k.FullTag() {
		case "cron":
			p.readCronElement(c, k)
		case "depend-list":
			if !dependSeen.first(p, "depend-list", k) {
				continue
			}
			p.el(k).done()
			for _, d := range k.ChildElements() {
				switch d.FullTag() {
				case "depend":
					dx := p.el(d)
					name := dx.required("wf")
					c.Depends = append(c.Depends, workflows.Dependency{Workflow: name, Pos: dx.attrPos("wf")})
					dx.done()
					p.noChildren(d)
				case "cron": // the very first prototype (2016-12)
					p.readCronElement(c, d)
				default:
					p.el(k).unknownChild(d, "depend")
				}
			}
			p.strayText(k)
		default:
			p.el(e).unknownChild(k, "cron", "depend-list")
		}
	}
	p.strayText(e)
}

func (p *parser) readCronElement(c *workflows.Coordinator, e *etree.Element) {
	x := p.el(e)
	cfg := x.required("config")
	x.done()
	p.noChildren(e)
	p.setCron(c, cfg, x.attrPos("config"))
}

// readTargets reads <trigger-list> (E2) or <workflow-list> (E0/E1): <workflow name|path/>+.
func (p *parser) readTargets(e *etree.Element) []string {
	x := p.el(e)
	x.done()
	legacyList := e.FullTag() == "workflow-list"
	var targets []string
	for _, k := range e.ChildElements() {
		if k.FullTag() != "workflow" {
			x.unknownChild(k, "workflow")
			continue
		}
		kx := p.el(k)
		var name, used string
		var ok bool
		if legacyList { // path was this list's attribute; the element itself carries the warning
			name, used, ok = kx.either("path", "name")
		} else {
			name, used, ok = kx.alias("name", "path", "")
		}
		if !ok || trim(name) == "" {
			kx.required(used)
		}
		targets = append(targets, trim(name))
		kx.done()
		p.noChildren(k)
	}
	p.strayText(e)
	return targets
}

// readParamList reads <param-list><param name value/>*</param-list>. Values are kept as
// written: they are expanded per instance (workflows/params).
func (p *parser) readParamList(e *etree.Element) []workflows.Param {
	x := p.el(e)
	x.done()
	var params []workflows.Param
	for _, k := range e.ChildElements() {
		if k.FullTag() != "param" {
			x.unknownChild(k, "param")
			continue
		}
		kx := p.el(k)
		pr := workflows.Param{Name: kx.required("name"), Pos: kx.pos()}
		pr.Value, _ = kx.raw("value")
		kx.done()
		p.noChildren(k)
		params = append(params, pr)
	}
	p.strayText(e)
	return params
}
