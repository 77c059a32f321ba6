package xmlspec

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// Write prints a definition as canonical HEAD-era XML: a <work-flow> with its coordinator
// embedded, or, for a standalone 2017 coordinator, an E2-style <coordinator> file. Old names
// are written under their current names, so Write is also the migration tool for old files.
// Defaults are left out. For every definition Parse reads without errors,
// Parse(Write(def)) yields the same model (positions and warnings aside).
func Write(def *workflows.Definition) ([]byte, error) {
	if def == nil {
		return nil, errors.New("xmlspec.Write: nil definition")
	}
	var root *etree.Element
	var err error
	switch {
	case def.Workflow != nil && def.Coordinator != nil:
		return nil, errors.New("xmlspec.Write: a definition holds a workflow or a standalone coordinator, not both")
	case def.Workflow != nil:
		root, err = writeWorkflow(def.Workflow)
	case def.Coordinator != nil:
		root = writeCoordinator(def.Coordinator, true)
	default:
		return nil, errors.New("xmlspec.Write: the definition is empty")
	}
	if err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	doc.WriteSettings = writeSettings
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	doc.CreateText("\n")
	doc.AddChild(root)
	doc.CreateText("\n")
	indent(root, 1)
	var b bytes.Buffer
	if _, err := doc.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// indent puts each child element of a structural element on its own line. Elements holding
// text (code, commands) and <email>, whose children are the HTML itself, are left as built.
func indent(e *etree.Element, depth int) {
	if e.Tag == "email" {
		return
	}
	for _, t := range e.Child {
		if _, ok := t.(*etree.CharData); ok {
			return
		}
	}
	kids := e.ChildElements()
	if len(kids) == 0 {
		return
	}
	pad := "\n" + strings.Repeat("  ", depth)
	for _, k := range kids {
		e.InsertChildAt(k.Index(), etree.NewText(pad))
		indent(k, depth+1)
	}
	e.CreateText(pad[:len(pad)-2])
}

// attrs adds name=value pairs, skipping empty values.
func attrs(e *etree.Element, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			e.CreateAttr(kv[i], kv[i+1])
		}
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return ""
}

func intText(n, def int) string {
	if n == def {
		return ""
	}
	return strconv.Itoa(n)
}

func durationText(d, def time.Duration) string {
	if d == def {
		return ""
	}
	return formatDuration(d)
}

// setText writes text that Parse trims.
func setText(e *etree.Element, text string) { e.CreateText(text) }

// setVerbatim writes text that Parse reads verbatim: a newline first (Parse drops a blank
// first line), then the text in CDATA so that indentation and markup survive as written.
// CDATA cannot carry a carriage return (XML turns it into a newline), so text holding one is
// written escaped instead.
func setVerbatim(e *etree.Element, text string) {
	if strings.ContainsRune(text, '\r') {
		e.CreateText("\n" + text)
		return
	}
	e.CreateCData("\n" + text)
}

func writeWorkflow(w *workflows.Workflow) (*etree.Element, error) {
	root := etree.NewElement("work-flow")
	attrs(root, "name", w.Name, "creator", w.Creator, "desc", w.Desc, "dir", w.Dir)
	if !slices.Equal(w.MailLevel, []workflows.InstanceStatus{workflows.InstanceFailed}) {
		names := make([]string, len(w.MailLevel))
		for i, s := range w.MailLevel {
			names[i] = s.AkkaflowName()
		}
		root.CreateAttr("mail-level", strings.Join(names, ",")) // "" = never, written explicitly
	}
	attrs(root, "mail-receivers", strings.Join(w.MailReceivers, ","),
		"instance-limit", intText(w.InstanceLimit, 1), "priority", intText(w.Priority, 0))
	if w.Coordinator != nil {
		root.AddChild(writeCoordinator(w.Coordinator, false))
	}
	for _, n := range w.Nodes {
		e, err := writeNode(n)
		if err != nil {
			return nil, err
		}
		root.AddChild(e)
	}
	return root, nil
}

// writeCoordinator writes an embedded coordinator, or a standalone file's root (E2 shape).
func writeCoordinator(c *workflows.Coordinator, standalone bool) *etree.Element {
	e := etree.NewElement("coordinator")
	if standalone {
		attrs(e, "name", c.Name)
	}
	if !c.Enabled {
		e.CreateAttr("is-enabled", "false")
	}
	loc := time.Local
	if c.Timezone != "" {
		if l, err := time.LoadLocation(c.Timezone); err == nil {
			loc = l
		}
	}
	attrs(e, "start-time", formatTime(c.Start, loc), "end-time", formatTime(c.End, loc), "timezone", c.Timezone)
	if c.Catchup != workflows.CatchupLatest {
		attrs(e, "catchup", string(c.Catchup))
	}
	if c.DependReset != workflows.DependResetScheduled {
		attrs(e, "depend-reset", string(c.DependReset))
	}
	if standalone {
		attrs(e, "dir", c.Dir, "desc", c.Desc)
	}
	if c.Cron != "" || len(c.Depends) > 0 {
		dl := e.CreateElement("depend-list")
		attrs(dl, "cron", c.Cron)
		for _, d := range c.Depends {
			dl.CreateElement("workflow").CreateAttr("name", d.Workflow)
		}
	}
	if standalone {
		tl := e.CreateElement("trigger-list")
		for _, t := range c.Targets {
			tl.CreateElement("workflow").CreateAttr("name", t)
		}
	}
	if len(c.Params) > 0 {
		pl := e.CreateElement("param-list")
		for _, p := range c.Params {
			pe := pl.CreateElement("param")
			pe.CreateAttr("name", p.Name)
			pe.CreateAttr("value", p.Value)
		}
	}
	return e
}

func formatTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(timeLayout)
}

func writeNode(n *workflows.Node) (*etree.Element, error) {
	if n == nil {
		return nil, errors.New("xmlspec.Write: nil node")
	}
	var e *etree.Element
	switch n.Kind {
	case workflows.KindStart:
		e = etree.NewElement("start")
		attrs(e, "name", n.Name, "to", n.To)
	case workflows.KindEnd:
		e = etree.NewElement("end")
		attrs(e, "name", n.Name)
	case workflows.KindKill:
		e = etree.NewElement("kill")
		attrs(e, "name", n.Name)
		if n.Message != "" {
			setText(e.CreateElement("message"), n.Message)
		}
	case workflows.KindFork:
		e = etree.NewElement("fork")
		attrs(e, "name", n.Name)
		for _, p := range n.Paths {
			e.CreateElement("path").CreateAttr("to", p)
		}
	case workflows.KindJoin:
		e = etree.NewElement("join")
		attrs(e, "name", n.Name, "to", n.To)
	case workflows.KindAction:
		return writeAction(n)
	default:
		return nil, fmt.Errorf("xmlspec.Write: node %q has unknown kind %d", n.Name, n.Kind)
	}
	attrs(e, "desc", n.Desc)
	return e, nil
}

func writeAction(n *workflows.Node) (*etree.Element, error) {
	a := n.Action
	if a == nil {
		return nil, fmt.Errorf("xmlspec.Write: action node %q has no action", n.Name)
	}
	e := etree.NewElement("action")
	attrs(e, "name", n.Name, "desc", n.Desc, "host", a.Host, "labels", strings.Join(a.Labels, ","),
		"retry-times", intText(a.RetryTimes, 0), "interval", durationText(a.Interval, 0))
	if a.Backoff != "" && a.Backoff != workflows.BackoffFixed {
		attrs(e, "retry-backoff", string(a.Backoff))
	}
	attrs(e, "max-interval", durationText(a.MaxInterval, 0), "timeout", durationText(a.Timeout, 0),
		"is-ignore", boolText(a.IsIgnore), "priority", intText(a.Priority, 0))
	body, err := writeBody(a)
	if err != nil {
		return nil, fmt.Errorf("xmlspec.Write: action %q: %w", n.Name, err)
	}
	e.AddChild(body)
	e.CreateElement("ok").CreateAttr("to", a.Ok)
	if a.Error != "" {
		e.CreateElement("error").CreateAttr("to", a.Error)
	}
	return e, nil
}
