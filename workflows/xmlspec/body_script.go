package xmlspec

import (
	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// readScript reads <script><code/>[<attach-list/>][<param-line/>]</script>. Before 2017-08
// the code was in <content>, next to a <location> naming where to write it.
func readScript(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionScript
	b := &workflows.ScriptBody{}
	a.Script = b
	p.el(e).done()
	seen := once{}
	for _, c := range e.ChildElements() {
		switch c.FullTag() {
		case "code", "content":
			if c.FullTag() == "content" {
				p.legacy = true
				p.aliasElement(c, "code", "renamed in 2017-08")
			}
			if seen.first(p, "code", c) {
				p.el(c).done()
				b.Code = p.verbatimText(c)
			}
		case "location":
			p.legacy = true
			if seen.first(p, "location", c) {
				p.el(c).done()
				p.warnf(p.pos(c), CodeIgnored, "<location> is ignored: the script is written into the action's work directory")
				p.trimmedText(c)
			}
		case "attach-list":
			if seen.first(p, "attach-list", c) {
				b.Attachments = p.readAttachList(c)
			}
		case "param-line":
			if seen.first(p, "param-line", c) {
				p.el(c).done()
				b.ParamLine = p.trimmedText(c)
			}
		default:
			p.el(e).unknownChild(c, "code", "attach-list", "param-line")
		}
	}
	if !seen.has("code") {
		p.errorf(p.pos(e), CodeMissingElement, "<script> has no <code>")
	}
	p.strayText(e)
}

// readAttachList reads <attach-list><file>path on the master</file>*</attach-list>.
func (p *parser) readAttachList(e *etree.Element) []string {
	p.el(e).done()
	var files []string
	for _, c := range e.ChildElements() {
		if c.FullTag() != "file" {
			p.el(e).unknownChild(c, "file")
			continue
		}
		p.el(c).done()
		if f := p.trimmedText(c); f != "" {
			files = append(files, f)
		} else {
			p.warnf(p.pos(c), CodeIgnored, "an empty <file> in <attach-list> is ignored")
		}
	}
	p.strayText(e)
	return files
}

// readShell reads <shell><command>…</command></shell>.
func readShell(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionShell
	b := &workflows.ShellBody{}
	a.Shell = b
	p.el(e).done()
	seen := once{}
	for _, c := range e.ChildElements() {
		if c.FullTag() != "command" {
			p.el(e).unknownChild(c, "command")
			continue
		}
		if seen.first(p, "command", c) {
			p.el(c).done()
			b.Command = p.trimmedText(c)
		}
	}
	if !seen.has("command") {
		p.errorf(p.pos(e), CodeMissingElement, "<shell> has no <command>")
	}
	p.strayText(e)
}

// readFileExecutor reads <file-executor><command/>[<attach-list/>]</file-executor>.
func readFileExecutor(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionFileExecutor
	b := &workflows.FileExecutorBody{}
	a.FileExecutor = b
	p.el(e).done()
	seen := once{}
	for _, c := range e.ChildElements() {
		switch c.FullTag() {
		case "command":
			if seen.first(p, "command", c) {
				p.el(c).done()
				b.Command = p.trimmedText(c)
			}
		case "attach-list":
			if seen.first(p, "attach-list", c) {
				b.Attachments = p.readAttachList(c)
			}
		default:
			p.el(e).unknownChild(c, "command", "attach-list")
		}
	}
	if !seen.has("command") {
		p.errorf(p.pos(e), CodeMissingElement, "<file-executor> has no <command>")
	}
	p.strayText(e)
}

// readHostScript maps the 2016 prototype's <host-script><host/><path|script/></host-script>
// onto <script>: its command line becomes the script's code and <host> pins the action to
// that worker, which is what the prototype did (run a command on a named host). It is not
// mapped to <ssh>, which needs a registered file-link that the prototype never had.
func readHostScript(p *parser, e *etree.Element, a *workflows.Action) {
	p.legacy = true
	a.Type = workflows.ActionScript
	b := &workflows.ScriptBody{}
	a.Script = b
	p.el(e).done()
	seen := once{}
	var host string
	for _, c := range e.ChildElements() {
		switch c.FullTag() {
		case "host":
			if seen.first(p, "host", c) {
				p.el(c).done()
				host = p.trimmedText(c)
			}
		case "path", "script":
			if seen.first(p, "command", c) {
				p.el(c).done()
				b.Code = p.trimmedText(c)
			}
		default:
			p.el(e).unknownChild(c, "host", "path", "script")
		}
	}
	if !seen.has("command") {
		p.errorf(p.pos(e), CodeMissingElement, "<host-script> has no <path> (the command to run)")
	}
	switch {
	case host == "" || host == a.Host:
	case a.Host == "":
		a.Host = host
	default:
		p.errorf(p.pos(seen["host"]), CodeBadValue, "<host> %q contradicts the action's host=%q", host, a.Host)
	}
	p.warnf(p.pos(e), CodeAlias,
		"<host-script> (2016 prototype) is read as <script> whose code runs %q on worker host %q; write <script><code>…</code></script> with host=\"…\" on the action",
		b.Code, a.Host)
	p.strayText(e)
}

// readSSH reads <ssh file-link="…">command</ssh>.
func readSSH(p *parser, e *etree.Element, a *workflows.Action) {
	a.Type = workflows.ActionSSH
	b := &workflows.SSHBody{}
	a.SSH = b
	x := p.el(e)
	b.FileLink = x.required("file-link")
	x.done()
	b.Command = p.trimmedText(e)
}
