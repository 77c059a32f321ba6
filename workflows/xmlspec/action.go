package xmlspec

import (
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// bodyReader reads one action type element into a.
type bodyReader func(p *parser, e *etree.Element, a *workflows.Action)

// bodyReaders maps every type element of every era, including old names, to its reader.
var bodyReaders = map[string]bodyReader{
	"script":        readScript,
	"shell":         readShell,
	"sql":           readSQL,
	"transfer":      readTransfer,
	"data-monitor":  readDataMonitor,
	"file-monitor":  readFileMonitor,
	"email":         readEmail,
	"file-executor": readFileExecutor,
	"metadata":      readMetadata,
	"http":          readHTTP,
	"ssh":           readSSH,
	"file-watcher":  readFileWatcher, // 2017 name of file-monitor
	"host-script":   readHostScript,  // 2016 prototype
	"sub-workflow":  readSubWorkflow, // recognised, not supported
}

// typeNames lists the current type element names, for messages.
func typeNames() []string {
	names := make([]string, len(workflows.ActionTypes))
	for i, t := range workflows.ActionTypes {
		names[i] = string(t)
	}
	return names
}

// readAction reads <action> with its common attributes, exactly one type element, exactly
// one <ok to> and at most one <error to>. Unlike akkaflow, the type element need not come
// first.
func (p *parser) readAction(e *etree.Element) *workflows.Node {
	x := p.el(e)
	n := &workflows.Node{Kind: workflows.KindAction, Pos: x.pos(), RefPos: map[string]workflows.Pos{}}
	a := &workflows.Action{Backoff: workflows.BackoffFixed}
	n.Action = a
	n.Name = x.required("name")
	n.Desc = x.str("desc")
	if a.Host = x.str("host"); a.Host == "-1" {
		a.Host = "" // akkaflow's "any worker"
	}
	a.Labels = list(x.str("labels"))
	a.RetryTimes = x.intAttr("retry-times", 0)
	a.Interval = x.durationAttr("interval", 0)
	a.Backoff = workflows.Backoff(x.enumAttr("retry-backoff",
		[]string{string(workflows.BackoffFixed), string(workflows.BackoffExponential)}, string(workflows.BackoffFixed)))
	a.MaxInterval = x.durationAttr("max-interval", 0)
	if a.Timeout = x.durationAttr("timeout", 0); a.Timeout == -time.Second {
		a.Timeout = 0 // akkaflow's "-1 = no timeout"
	}
	a.IsIgnore = x.boolAttr("is-ignore", false)
	a.Priority = x.intAttr("priority", 0)
	x.done()

	seen := once{}
	var body *etree.Element
	for _, c := range e.ChildElements() {
		switch tag := c.FullTag(); tag {
		case "ok", "error":
			if !seen.first(p, tag, c) {
				continue
			}
			cx := p.el(c)
			to := p.ref(cx, n, "to", tag)
			if tag == "ok" {
				a.Ok = to
			} else {
				a.Error = to
			}
			cx.done()
			p.noChildren(c)
			p.strayText(c)
		default:
			read := bodyReaders[tag]
			if read == nil {
				allowed := append(typeNames(), "ok", "error")
				x.unknownChild(c, allowed...)
				continue
			}
			if body != nil {
				p.errorf(p.pos(c), CodeDuplicateElement,
					"action %q has a second type element <%s> (the first is <%s> at line %d); an action has exactly one",
					n.Name, tag, body.FullTag(), p.pos(body).Line)
				continue
			}
			body = c
			read(p, c, a)
		}
	}
	if body == nil {
		p.errorf(x.pos(), CodeMissingElement, "action %q has no type element; it needs one of %s",
			n.Name, strings.Join(typeNames(), ", "))
	}
	if !seen.has("ok") {
		p.errorf(x.pos(), CodeMissingElement, "action %q has no <ok to=\"…\"/>; every action needs one", n.Name)
	}
	p.strayText(e)
	return n
}

// readSubWorkflow rejects <sub-workflow>: akkaflow parsed it into a stub that was never
// implemented, so no file can have depended on it working.
func readSubWorkflow(p *parser, e *etree.Element, a *workflows.Action) {
	p.errorf(p.pos(e), CodeUnsupported,
		"<sub-workflow> is not supported (akkaflow never implemented it); trigger the other workflow through a coordinator dependency instead")
}
