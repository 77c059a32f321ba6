package workflows

import (
	"net/url"
	"strconv"
	"strings"
)

// transfer: a legacy script, or both a source and a target. akkaflow runs the script and
// ignores source/target when both are written, so that is a warning, not an error.
func (c vldActionCheck) transfer(t *TransferBody) {
	hasScript := !vldBlank(t.Script)
	switch {
	case hasScript && (t.Source != nil || t.Target != nil):
		c.warnf(vldIgnoredField, "transfer has a script, so its source and target are ignored")
	case !hasScript && (t.Source == nil || t.Target == nil):
		c.errorf(vldMissingField, "transfer needs a script, or both a source and a target")
	}
	if hasScript {
		return
	}
	if s := t.Source; s != nil {
		switch s.Kind {
		case EndpointDB:
			c.db(s.DB, "transfer source")
			c.require(s.Text, "transfer source table or query")
		case EndpointFile:
			c.require(s.Text, "transfer source file path")
		default:
			c.errorf(vldBadValue, "transfer source type %q is not one of DB, FILE", s.Kind)
		}
	}
	if tg := t.Target; tg != nil {
		switch tg.Kind {
		case EndpointDB:
			c.db(tg.DB, "transfer target")
			c.require(tg.Table, "transfer target table")
		case EndpointFile:
			c.require(tg.Path, "transfer target path")
		default:
			c.errorf(vldBadValue, "transfer target type %q is not one of DB, FILE", tg.Kind)
		}
		// 0 means "not set" (one writer); akkaflow rejects task-num ≤ 0 when written.
		if tg.TaskNum < 0 {
			c.errorf(vldOutOfRange, "transfer task-num is %d; it must be at least 1", tg.TaskNum)
		}
	}
}

func (c vldActionCheck) dataMonitor(d *DataMonitorBody) {
	c.probe(&d.Source, "data-monitor source")
	if d.Min != nil {
		c.probe(d.Min, "data-monitor min")
	}
	if d.Max != nil {
		c.probe(d.Max, "data-monitor max")
	}
	if d.RecheckDelay < 0 {
		c.errorf(vldOutOfRange, "data-monitor recheck delay is %s; it must not be negative", d.RecheckDelay)
	}
}

// probe: a SQL probe needs a database; a literal NUM must be a number unless it still holds
// a ${…} placeholder (parameters are expanded per instance, after validation).
func (c vldActionCheck) probe(p *Probe, what string) {
	switch p.Kind {
	case "":
		c.errorf(vldMissingField, "%s has no type (SQL, COMMAND or NUM)", what)
		return
	case ProbeSQL:
		c.db(p.DB, what)
	case ProbeCommand:
	case ProbeNum:
		text := strings.TrimSpace(p.Text)
		if text != "" && !strings.Contains(text, "${") {
			if _, err := strconv.ParseFloat(text, 64); err != nil {
				c.errorf(vldBadValue, "%s is NUM but %q is not a number", what, text)
			}
		}
	default:
		c.errorf(vldBadValue, "%s type %q is not one of SQL, COMMAND, NUM", what, p.Kind)
		return
	}
	c.require(p.Text, what+" text")
}

func (c vldActionCheck) fileMonitor(f *FileMonitorBody) {
	c.require(f.Pattern, "file-monitor pattern")
	c.nonNegative(int64(f.MinNum), "file-monitor min-num")
	c.nonNegative(f.MinEachSize, "file-monitor min-each-size")
	for _, d := range []struct {
		v    int64
		what string
	}{{int64(f.RecheckDelay), "recheck delay"}, {int64(f.Wait), "wait"}, {int64(f.PollInterval), "poll interval"}} {
		if d.v < 0 {
			c.errorf(vldOutOfRange, "file-monitor %s must not be negative", d.what)
		}
	}
}

// http: method and URL are required; a URL without placeholders must already be an absolute
// http(s) URL, so a typo is caught at load time rather than at 3 a.m.
func (c vldActionCheck) http(h *HTTPBody) {
	c.require(h.Method, "http method")
	if strings.ContainsAny(strings.TrimSpace(h.Method), " \t\r\n") {
		c.errorf(vldBadValue, "http method %q contains spaces", h.Method)
	}
	c.require(h.URL, "http url")
	if u := strings.TrimSpace(h.URL); u != "" && !strings.Contains(u, "${") {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			c.errorf(vldBadValue, "http url %q is not an absolute http or https URL", h.URL)
		}
	}
	for _, hd := range h.Headers {
		c.require(hd.Name, "an http header name")
	}
	for _, s := range h.ExpectStatus {
		if s < 100 || s > 599 {
			c.errorf(vldOutOfRange, "http expected status %d is not an HTTP status (100–599)", s)
		}
	}
	if h.Timeout < 0 {
		c.errorf(vldOutOfRange, "http timeout is %s; it must not be negative", h.Timeout)
	}
}
