package xmlspec

import (
	"fmt"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// Control nodes. akkaflow matched <start>, <end> and <join> only when they had no child nodes
// at all, so whitespace or a comment inside them made them "unknown"; here whitespace and
// comments are fine, and child elements are errors.

// controlNode reads the attributes every control node has.
func (p *parser) controlNode(e *etree.Element, kind workflows.NodeKind) (*workflows.Node, *xel) {
	x := p.el(e)
	n := &workflows.Node{Kind: kind, Pos: x.pos(), RefPos: map[string]workflows.Pos{}}
	n.Name = x.required("name")
	n.Desc = x.str("desc")
	return n, x
}

// ref reads a transition attribute and records where it is written.
func (p *parser) ref(x *xel, n *workflows.Node, attr, key string) string {
	v := x.required(attr)
	n.RefPos[key] = x.attrPos(attr)
	return v
}

func (p *parser) readStart(e *etree.Element) *workflows.Node {
	n, x := p.controlNode(e, workflows.KindStart)
	n.To = p.ref(x, n, "to", "to")
	x.done()
	p.noChildren(e)
	p.strayText(e)
	return n
}

func (p *parser) readEnd(e *etree.Element) *workflows.Node {
	n, x := p.controlNode(e, workflows.KindEnd)
	x.done()
	p.noChildren(e)
	p.strayText(e)
	return n
}

func (p *parser) readJoin(e *etree.Element) *workflows.Node {
	n, x := p.controlNode(e, workflows.KindJoin)
	n.To = p.ref(x, n, "to", "to")
	x.done()
	p.noChildren(e)
	p.strayText(e)
	return n
}

// readKill reads <kill name><message>…</message></kill>; the message is optional.
func (p *parser) readKill(e *etree.Element) *workflows.Node {
	n, x := p.controlNode(e, workflows.KindKill)
	x.done()
	seen := once{}
	for _, c := range e.ChildElements() {
		switch c.FullTag() {
		case "message":
			if seen.first(p, "message", c) {
				p.el(c).done()
				n.Message = p.trimmedText(c)
			}
		default:
			x.unknownChild(c, "message")
		}
	}
	p.strayText(e)
	return n
}

// readFork reads <fork name><path to/>+</fork>. The 2016 prototype wrote <path start="…"/>.
func (p *parser) readFork(e *etree.Element) *workflows.Node {
	n, x := p.controlNode(e, workflows.KindFork)
	x.done()
	for _, c := range e.ChildElements() {
		if c.FullTag() != "path" {
			x.unknownChild(c, "path")
			continue
		}
		px := p.el(c)
		key := fmt.Sprintf("path[%d]", len(n.Paths))
		to, used, ok := px.alias("to", "start", "2016 prototype")
		if used == "start" {
			p.legacy = true
		}
		if !ok || trim(to) == "" {
			px.required("to")
		}
		n.RefPos[key] = px.attrPos(used)
		n.Paths = append(n.Paths, trim(to))
		px.done()
		p.noChildren(c)
	}
	if len(n.Paths) == 0 {
		p.errorf(x.pos(), CodeMissingElement, "fork %q has no <path to=\"…\"/>; it needs at least one", n.Name)
	}
	p.strayText(e)
	return n
}
