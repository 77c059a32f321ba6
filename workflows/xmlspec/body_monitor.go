package xmlspec

import (
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// defaultRecheckDelay is akkaflow's fixed stability check: measure, sleep 10 s, measure again.
// Monitors keep it unless recheck-delay says otherwise ("0" turns it off).
const defaultRecheckDelay = 10 * time.Second

// readDataMonitor reads <data-monitor> of every era:
//
//	HEAD:  <source type="SQL|COMMAND|NUM" [db-link]>, <min>, <max>, <warn-msg>
//	E3–E8: <min-threshold>/<max-threshold> (HEAD silently ignored them; read as <min>/<max>)
//	2017:  attributes category, source-name, is-saved, time-mark, is-exceed-error, and
//	       probe types MYSQL/ORACLE/HIVE with inline JDBC attributes (read as SQL)
func readDataMonitor(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionDataMonitor
	b := &workflows.DataMonitorBody{ExceedError: true, RecheckDelay: defaultRecheckDelay}
	a.DataMonitor = b
	x := p.el(e)
	b.Category = x.str("category")
	name, _, _ := x.alias("source-name", "name", "the 2018 name of the measured source")
	b.SourceName = trim(name)
	b.ExceedError = x.boolAttr("is-exceed-error", true)
	b.RecheckDelay = x.durationAttr("recheck-delay", defaultRecheckDelay)
	x.ignore("is-saved", "every result is saved")
	x.ignore("time-mark", "results are keyed by the instance's date")
	x.done()

	seen := once{}
	for _, c := range e.ChildElements() {
		switch tag := c.FullTag(); tag {
		case "source":
			if seen.first(p, "source", c) {
				b.Source = p.readProbe(c, false)
			}
		case "min", "min-threshold":
			if tag == "min-threshold" {
				p.aliasElement(c, "min", "renamed in v2.10; akkaflow HEAD silently ignored the old name")
			}
			if seen.first(p, "min", c) {
				pr := p.readProbe(c, true)
				b.Min = &pr
			}
		case "max", "max-threshold":
			if tag == "max-threshold" {
				p.aliasElement(c, "max", "renamed in v2.10; akkaflow HEAD silently ignored the old name")
			}
			if seen.first(p, "max", c) {
				pr := p.readProbe(c, true)
				b.Max = &pr
			}
		case "warn-msg":
			if seen.first(p, "warn-msg", c) {
				p.el(c).done()
				b.WarnMsg = p.trimmedText(c)
			}
		default:
			x.unknownChild(c, "source", "min", "max", "warn-msg")
		}
	}
	if !seen.has("source") {
		p.errorf(x.pos(), CodeMissingElement, "<data-monitor> has no <source>")
	}
	p.borrowSourceConnection(b, seen)
	p.strayText(e)
}

// borrowSourceConnection reproduces a 2017 bug that those files relied on: a threshold with a
// database type (type="MYSQL") but no jdbc-url of its own used the source's connection.
func (p *parser) borrowSourceConnection(b *workflows.DataMonitorBody, seen once) {
	for _, bound := range []struct {
		probe *workflows.Probe
		key   string
	}{{b.Min, "min"}, {b.Max, "max"}} {
		pr := bound.probe
		if pr == nil || pr.DB.Inline == nil || pr.DB.Inline.URL != "" {
			continue
		}
		el := seen[bound.key]
		if src := b.Source.DB.Inline; src != nil && src.URL != "" {
			inline := *src
			pr.DB.Inline = &inline
			p.warnf(p.pos(el), CodeInline, "<%s> has no jdbc-url and uses the connection of <source>, as akkaflow 2017 did", el.FullTag())
			continue
		}
		p.errorf(p.pos(el), CodeMissingAttribute, "<%s> names database type %s but has no jdbc-url (and <source> has none to borrow)",
			el.FullTag(), pr.DB.Inline.Type)
	}
}

// readProbe reads a source, min or max element. Thresholds (bound) may name a 2017 database
// type without a jdbc-url; see borrowSourceConnection.
func (p *parser) readProbe(e *etree.Element, bound bool) workflows.Probe {
	x := p.el(e)
	var pr workflows.Probe
	v, ok := x.raw("type")
	t := strings.ToUpper(trim(v))
	legacyDB := ""
	switch {
	case !ok:
		x.required("type")
	case t == string(workflows.ProbeSQL) || t == string(workflows.ProbeCommand) || t == string(workflows.ProbeNum):
		pr.Kind = workflows.ProbeKind(t)
	case contains(dbTypes, t):
		p.legacy = true
		p.warnf(x.attrPos("type"), CodeAlias, "type=%q is the 2017 form of type=\"SQL\" with an inline %s connection", v, t)
		pr.Kind, legacyDB = workflows.ProbeSQL, t
	default:
		x.badValue("type", v, "SQL, COMMAND or NUM")
	}
	switch {
	case pr.Kind == workflows.ProbeSQL:
		pr.DB = p.dbRef(x, legacyDB, bound)
	default:
		if link := x.str("db-link"); link != "" {
			p.warnf(x.attrPos("db-link"), CodeIgnored, "db-link on a %s probe is ignored: only type=\"SQL\" reads a database", pr.Kind)
		}
	}
	x.done()
	pr.Text = p.flatText(e, "code")
	return pr
}

// readFileMonitor reads <file-monitor [wait] [poll-interval] [recheck-delay]>
// <file [file-link] [min-num] [min-each-size]>dir/pattern</file>[<warn-msg/>]</file-monitor>.
// v2.8–v2.9 named the attributes num-threshold and size-threshold (HEAD silently ignored them).
func readFileMonitor(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionFileMonitor
	b := &workflows.FileMonitorBody{MinNum: 1, RecheckDelay: defaultRecheckDelay}
	a.FileMonitor = b
	x := p.el(e)
	b.Wait = x.durationAttr("wait", 0)
	b.PollInterval = x.durationAttr("poll-interval", 0)
	b.RecheckDelay = x.durationAttr("recheck-delay", defaultRecheckDelay)
	x.done()
	seen := once{}
	for _, c := range e.ChildElements() {
		switch c.FullTag() {
		case "file":
			if seen.first(p, "file", c) {
				p.readMonitoredFile(c, b, false)
			}
		case "warn-msg":
			if seen.first(p, "warn-msg", c) {
				p.el(c).done()
				b.WarnMsg = p.trimmedText(c)
			}
		default:
			x.unknownChild(c, "file", "warn-msg")
		}
	}
	if !seen.has("file") {
		p.errorf(x.pos(), CodeMissingElement, "<file-monitor> has no <file>")
	}
	p.strayText(e)
}

// readMonitoredFile reads the <file> of a file-monitor or (watcher) of a 2017 file-watcher,
// whose directory was a dir attribute and whose counts had the old attribute names.
func (p *parser) readMonitoredFile(e *etree.Element, b *workflows.FileMonitorBody, watcher bool) {
	x := p.el(e)
	b.FileLink = x.str("file-link")
	var num, size, numAttr, sizeAttr string
	var hasNum, hasSize bool
	if watcher { // the element itself carries the alias warning
		num, numAttr, hasNum = x.either("num-threshold", "min-num")
		size, sizeAttr, hasSize = x.either("size-threshold", "min-each-size")
	} else {
		num, numAttr, hasNum = x.alias("min-num", "num-threshold", "renamed in v2.10; akkaflow HEAD silently ignored the old name")
		size, sizeAttr, hasSize = x.alias("min-each-size", "size-threshold", "renamed in v2.10; akkaflow HEAD silently ignored the old name")
	}
	if hasNum {
		b.MinNum = x.intValue(numAttr, num, 1)
	}
	if hasSize {
		b.MinEachSize = x.sizeValue(sizeAttr, size)
	}
	dir, hasDir := x.raw("dir")
	x.done()
	b.Pattern = p.trimmedText(e)
	if hasDir {
		if !watcher {
			p.warnf(x.attrPos("dir"), CodeAlias, "dir=\"…\" on <file> is the 2017 form; write the directory into the text, as dir/pattern")
		}
		b.Pattern = joinDir(trim(dir), b.Pattern)
	}
}

// joinDir puts a 2017 directory in front of a base-name pattern.
func joinDir(dir, pattern string) string {
	switch {
	case dir == "":
		return pattern
	case pattern == "":
		return dir
	}
	return strings.TrimRight(dir, "/") + "/" + pattern
}

// readFileWatcher reads the 2017 <file-watcher>: <file dir [num-threshold]>pattern</file> and
// <size-warn-message [enable] size-threshold>text</size-warn-message>, as a file-monitor.
// One difference is unavoidable: a file below size-threshold only sent a warning mail in 2017,
// while below min-each-size the file-monitor fails; the warning says so.
func readFileWatcher(p *parser, e *etree.Element, a *workflows.Action) {
	p.legacy = true
	a.Type = workflows.ActionFileMonitor
	b := &workflows.FileMonitorBody{MinNum: 1, RecheckDelay: defaultRecheckDelay}
	a.FileMonitor = b
	x := p.el(e)
	x.done()
	seen := once{}
	for _, c := range e.ChildElements() {
		switch c.FullTag() {
		case "file":
			if seen.first(p, "file", c) {
				p.readMonitoredFile(c, b, true)
			}
		case "size-warn-message":
			if seen.first(p, "size-warn-message", c) {
				cx := p.el(c)
				enabled := cx.boolAttr("enable", true)
				size, hasSize := cx.raw("size-threshold")
				cx.done()
				b.WarnMsg = p.trimmedText(c)
				if enabled && hasSize {
					b.MinEachSize = cx.sizeValue("size-threshold", size)
				}
			}
		default:
			x.unknownChild(c, "file", "size-warn-message")
		}
	}
	if !seen.has("file") {
		p.errorf(x.pos(), CodeMissingElement, "<file-watcher> has no <file>")
	}
	p.warnf(x.pos(), CodeAlias,
		"<file-watcher> is the 2017 name of <file-monitor>; read as <file min-num min-each-size>dir/pattern</file> (note: a file smaller than size-threshold now fails the node instead of only sending a warning mail)")
	p.strayText(e)
}
