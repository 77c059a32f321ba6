package xmlspec

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// nodeTags are the elements a workflow root may hold besides <coordinator>.
var nodeTags = []string{"start", "end", "kill", "fork", "join", "action"}

// readWorkflow reads a workflow root. akkaflow never checked the root's name, so any root
// that is not a coordinator or a registry is read as a workflow, with a warning when the name
// is neither of the two documented ones.
func (p *parser) readWorkflow(e *etree.Element) *workflows.Workflow {
	x := p.el(e)
	if t := e.FullTag(); t != "work-flow" && t != "workflow" {
		p.warnf(x.pos(), CodeUnusualRoot, "root element <%s> is read as a workflow; write <work-flow>", t)
	}
	p.unit = "root"
	w := &workflows.Workflow{Pos: x.pos(), InstanceLimit: 1}
	w.Name = x.required("name")
	w.Creator = x.str("creator")
	w.Desc = x.str("desc")
	w.Dir = x.str("dir")
	mailLevel, hasMailLevel := x.raw("mail-level")
	if hasMailLevel {
		w.MailLevel = p.mailLevel(x, mailLevel)
	}
	w.MailReceivers = list(x.str("mail-receivers"))
	w.InstanceLimit = x.intAttr("instance-limit", 1)
	w.Priority = x.intAttr("priority", 0)
	x.ignore("create-time", "actorflow records when a definition was loaded")
	x.ignore("id", "a 2016 prototype attribute with no meaning")
	x.done()
	p.unit = ""

	var coordinator *etree.Element
	for _, c := range e.ChildElements() {
		switch tag := c.FullTag(); tag {
		case "coordinator":
			if coordinator != nil {
				p.errorf(p.pos(c), CodeDuplicateElement,
					"a second <coordinator> (the first is at line %d); a workflow has at most one", p.pos(coordinator).Line)
				continue
			}
			coordinator = c
			p.unit = "coordinator"
			w.Coordinator = p.readEmbeddedCoordinator(c)
		case "start", "end", "kill", "fork", "join", "action", "sub-workflow":
			p.unit = fmt.Sprintf("node:%d", len(w.Nodes))
			w.Nodes = append(w.Nodes, p.readNode(c))
		default:
			msg := fmt.Sprintf("<%s> is not a node", tag)
			if s := suggest(tag, append(nodeTags, "coordinator")); s != "" {
				msg += fmt.Sprintf(" (did you mean <%s>?)", s)
			} else if bodyReaders[tag] != nil {
				msg += fmt.Sprintf("; <%s> is an action type and belongs inside <action name=\"…\">", tag)
			}
			p.errorf(p.pos(c), CodeUnknownElement, "%s; a workflow holds <coordinator>, %s", msg, strings.Join(nodeTags, ", "))
		}
		p.unit = ""
	}
	p.strayText(e)
	if !hasMailLevel && !(p.legacy && coordinator == nil) {
		// HEAD's default. A 2017 workflow (recognised by its 2017-only constructs) mailed
		// nobody unless it said so; keeping that avoids surprise mail after migration.
		w.MailLevel = []workflows.InstanceStatus{workflows.InstanceFailed}
	}
	return w
}

// mailLevel reads the comma list of final statuses that trigger the completion mail: W_* names
// (any case), the Chinese labels or actorflow's English names. Items are trimmed (akkaflow did
// not, so "成功, 失败" failed there). An explicit empty value means "never".
func (p *parser) mailLevel(x *xel, v string) []workflows.InstanceStatus {
	var out []workflows.InstanceStatus
	for _, item := range list(v) {
		s, err := workflows.ParseInstanceStatus(item)
		if err != nil {
			s, err = workflows.ParseInstanceStatus(strings.ToUpper(item))
		}
		if err != nil {
			s, err = workflows.ParseInstanceStatus(strings.ToLower(item))
		}
		if err != nil {
			x.badValue("mail-level", item,
				"a comma list of W_SUCCESSED/成功, W_FAILED/失败, W_KILLED/杀死, W_PREP/就绪, W_RUNNING/运行中 (or succeeded, failed, killed)")
			continue
		}
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// readNode reads one child of the workflow root.
func (p *parser) readNode(e *etree.Element) *workflows.Node {
	switch e.FullTag() {
	case "start":
		return p.readStart(e)
	case "end":
		return p.readEnd(e)
	case "kill":
		return p.readKill(e)
	case "fork":
		return p.readFork(e)
	case "join":
		return p.readJoin(e)
	case "sub-workflow":
		// Kept as a node so that transitions to it still resolve; the error rejects the file.
		x := p.el(e)
		readSubWorkflow(p, e, nil)
		return &workflows.Node{Name: x.str("name"), Kind: workflows.KindAction, Pos: x.pos(), Action: &workflows.Action{}}
	}
	return p.readAction(e)
}
