package xmlspec

import (
	"errors"
	"strconv"
	"strings"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// writeBody writes the type element of an action.
func writeBody(a *workflows.Action) (*etree.Element, error) {
	e := etree.NewElement(string(a.Type))
	switch a.Type {
	case workflows.ActionScript:
		if a.Script == nil {
			break
		}
		setVerbatim(e.CreateElement("code"), a.Script.Code)
		writeAttachList(e, a.Script.Attachments)
		if a.Script.ParamLine != "" {
			setText(e.CreateElement("param-line"), a.Script.ParamLine)
		}
		return e, nil
	case workflows.ActionShell:
		if a.Shell == nil {
			break
		}
		setText(e.CreateElement("command"), a.Shell.Command)
		return e, nil
	case workflows.ActionSQL:
		if a.SQL == nil {
			break
		}
		writeDBRef(e, a.SQL.DB, "type")
		setText(e, a.SQL.Text)
		return e, nil
	case workflows.ActionTransfer:
		if a.Transfer == nil {
			break
		}
		writeTransfer(e, a.Transfer)
		return e, nil
	case workflows.ActionDataMonitor:
		if a.DataMonitor == nil {
			break
		}
		writeDataMonitor(e, a.DataMonitor)
		return e, nil
	case workflows.ActionFileMonitor:
		if a.FileMonitor == nil {
			break
		}
		writeFileMonitor(e, a.FileMonitor)
		return e, nil
	case workflows.ActionEmail:
		if a.Email == nil {
			break
		}
		return e, writeEmail(e, a.Email)
	case workflows.ActionFileExecutor:
		if a.FileExecutor == nil {
			break
		}
		setText(e.CreateElement("command"), a.FileExecutor.Command)
		writeAttachList(e, a.FileExecutor.Attachments)
		return e, nil
	case workflows.ActionMetadata:
		if a.Metadata == nil {
			break
		}
		writeMetadata(e, a.Metadata)
		return e, nil
	case workflows.ActionHTTP:
		if a.HTTP == nil {
			break
		}
		writeHTTP(e, a.HTTP)
		return e, nil
	case workflows.ActionSSH:
		if a.SSH == nil {
			break
		}
		attrs(e, "file-link", a.SSH.FileLink)
		setText(e, a.SSH.Command)
		return e, nil
	default:
		return nil, errors.New("unknown action type " + strconv.Quote(string(a.Type)))
	}
	return nil, errors.New("type " + string(a.Type) + " has no body")
}

func writeAttachList(e *etree.Element, files []string) {
	if len(files) == 0 {
		return
	}
	l := e.CreateElement("attach-list")
	for _, f := range files {
		setText(l.CreateElement("file"), f)
	}
}

// writeDBRef writes db-link, or the inline connection as the 2017 attributes (Parse warns
// about them, but there is no other way to keep an anonymous connection). typeAttr is the
// attribute that carries the database type.
func writeDBRef(e *etree.Element, ref workflows.DBLinkRef, typeAttr string) {
	attrs(e, "db-link", ref.Name)
	if in := ref.Inline; in != nil {
		attrs(e, typeAttr, in.Type, "jdbc-url", in.URL, "username", in.Username, "password", in.Password)
	}
}

func writeTransfer(e *etree.Element, t *workflows.TransferBody) {
	if t.Script != "" {
		setVerbatim(e.CreateElement("script"), t.Script)
	}
	if s := t.Source; s != nil {
		se := e.CreateElement("source")
		writeEndpoint(se, s.Kind, s.DB)
		attrs(se, "file-link", s.FileLink, "delimited", s.Delimiter, "header", boolText(s.Header))
		setText(se, s.Text)
	}
	if t := t.Target; t != nil {
		te := e.CreateElement("target")
		writeEndpoint(te, t.Kind, t.DB)
		attrs(te, "file-link", t.FileLink, "table", t.Table, "path", t.Path, "delimited", t.Delimiter,
			"header", boolText(t.Header), "is-pre-truncate", boolText(t.PreTruncate), "is-pre-del", boolText(t.PreDelete),
			"task-num", intText(t.TaskNum, 0))
		if t.Pre != "" {
			setText(te.CreateElement("pre"), t.Pre)
		}
		if t.After != "" {
			setText(te.CreateElement("after"), t.After)
		}
	}
}

// writeEndpoint writes a transfer end's type; an inline connection needs the 2017 form, where
// the type names the database.
func writeEndpoint(e *etree.Element, kind workflows.EndpointKind, db workflows.DBLinkRef) {
	if kind == workflows.EndpointDB && db.Inline != nil {
		writeDBRef(e, db, "type")
		return
	}
	attrs(e, "type", string(kind))
	writeDBRef(e, db, "type")
}

func writeDataMonitor(e *etree.Element, d *workflows.DataMonitorBody) {
	attrs(e, "category", d.Category, "source-name", d.SourceName,
		"recheck-delay", durationText(d.RecheckDelay, defaultRecheckDelay))
	if !d.ExceedError {
		e.CreateAttr("is-exceed-error", "false")
	}
	writeProbe(e.CreateElement("source"), d.Source)
	if d.Min != nil {
		writeProbe(e.CreateElement("min"), *d.Min)
	}
	if d.Max != nil {
		writeProbe(e.CreateElement("max"), *d.Max)
	}
	if d.WarnMsg != "" {
		setText(e.CreateElement("warn-msg"), d.WarnMsg)
	}
}

func writeProbe(e *etree.Element, p workflows.Probe) {
	if p.Kind == workflows.ProbeSQL && p.DB.Inline != nil {
		writeDBRef(e, p.DB, "type")
	} else {
		attrs(e, "type", string(p.Kind))
		if p.Kind == workflows.ProbeSQL {
			writeDBRef(e, p.DB, "type")
		}
	}
	setText(e, p.Text)
}

func writeFileMonitor(e *etree.Element, f *workflows.FileMonitorBody) {
	attrs(e, "wait", durationText(f.Wait, 0), "poll-interval", durationText(f.PollInterval, 0),
		"recheck-delay", durationText(f.RecheckDelay, defaultRecheckDelay))
	fe := e.CreateElement("file")
	attrs(fe, "file-link", f.FileLink, "min-num", intText(f.MinNum, 1))
	if f.MinEachSize != 0 {
		fe.CreateAttr("min-each-size", formatSize(f.MinEachSize))
	}
	setText(fe, f.Pattern)
	if f.WarnMsg != "" {
		setText(e.CreateElement("warn-msg"), f.WarnMsg)
	}
}

// writeEmail embeds the HTML as elements, the form akkaflow users write by hand.
func writeEmail(e *etree.Element, m *workflows.EmailBody) error {
	attrs(e, "subject", m.Subject, "to", strings.Join(m.To, ","))
	if m.HTML == "" {
		return nil
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{PreserveCData: true}
	if err := doc.ReadFromString(m.HTML); err != nil || doc.Root() == nil || len(doc.ChildElements()) != 1 {
		return errors.New("email HTML is not one well-formed XML element; it cannot be embedded in the workflow file")
	}
	for _, t := range doc.Child {
		if cd, ok := t.(*etree.CharData); ok && !isBlank(cd.Data) {
			return errors.New("email HTML has text outside its root element")
		}
	}
	e.AddChild(doc.Root())
	return nil
}

func writeMetadata(e *etree.Element, m *workflows.MetadataBody) {
	attrs(e, "table", m.Table)
	writeDBRef(e, m.DB, "type")
	attrs(e, "from", strings.Join(m.From, ","))
	for _, c := range m.ColumnComments {
		ce := e.CreateElement("column-comment")
		ce.CreateAttr("name", c.Name)
		setText(ce, c.Text)
	}
	if m.TableComment != "" {
		setText(e.CreateElement("table-comment"), m.TableComment)
	}
}

func writeHTTP(e *etree.Element, h *workflows.HTTPBody) {
	codes := make([]string, len(h.ExpectStatus))
	for i, c := range h.ExpectStatus {
		codes[i] = strconv.Itoa(c)
	}
	attrs(e, "method", h.Method, "url", h.URL, "expect-status", strings.Join(codes, ","),
		"timeout", durationText(h.Timeout, 0))
	for _, hd := range h.Headers {
		he := e.CreateElement("header")
		he.CreateAttr("name", hd.Name)
		attrs(he, "value", hd.Value)
	}
	if h.Body != "" {
		setVerbatim(e.CreateElement("body"), h.Body)
	}
}
