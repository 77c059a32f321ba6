package mail

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"
)

// maxLogTail bounds the log excerpt in a completion mail; the full log is in the UI.
const maxLogTail = 64 << 10

const timeLayout = "2006-01-02 15:04:05"

var funcs = template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(timeLayout)
	},
	"span": func(a, b time.Time) string {
		if a.IsZero() || b.IsZero() || b.Before(a) {
			return ""
		}
		return b.Sub(a).Round(time.Millisecond).String()
	},
}

var completionTmpl = template.Must(template.New("completion").Funcs(funcs).Parse(`<html><body>
<h3>Workflow {{.Workflow}} {{.Status}}</h3>
<table border="1" cellspacing="0" cellpadding="4">
<tr><th align="left">instance</th><td>{{.InstanceID}}</td></tr>
<tr><th align="left">workflow</th><td>{{.Workflow}}</td></tr>
<tr><th align="left">status</th><td>{{.Status}}</td></tr>
{{if .Trigger}}<tr><th align="left">trigger</th><td>{{.Trigger}}</td></tr>{{end}}
<tr><th align="left">start</th><td>{{when .Start}}</td></tr>
<tr><th align="left">end</th><td>{{when .End}}</td></tr>
<tr><th align="left">duration</th><td>{{span .Start .End}}</td></tr>
{{if .Params}}<tr><th align="left">params</th><td>{{range $k, $v := .Params}}{{$k}}={{$v}}<br>{{end}}</td></tr>{{end}}
{{if .Desc}}<tr><th align="left">description</th><td>{{.Desc}}</td></tr>{{end}}
</table>
<h4>Nodes</h4>
<table border="1" cellspacing="0" cellpadding="4">
<tr><th>name</th><th>type</th><th>status</th><th>attempts</th><th>start</th><th>end</th><th>duration</th><th>message</th></tr>
{{range .Nodes}}<tr><td>{{.Name}}</td><td>{{.Type}}</td><td>{{.Status}}</td><td>{{.Attempts}}</td><td>{{when .Start}}</td><td>{{when .End}}</td><td>{{span .Start .End}}</td><td>{{.Message}}</td></tr>
{{end}}</table>
{{if .Downstream}}<h4>Affected downstream workflows</h4><ul>{{range .Downstream}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .LogTail}}<h4>Log (last lines)</h4><pre>{{.LogTail}}</pre>{{end}}
</body></html>`))

var retryTmpl = template.Must(template.New("retry").Parse(`<html><body>
<h3>{{if .Succeeded}}Node {{.Node}} succeeded after retries{{else}}Node {{.Node}} failed; it will be retried{{end}}</h3>
<table border="1" cellspacing="0" cellpadding="4">
<tr><th align="left">instance</th><td>{{.InstanceID}}</td></tr>
<tr><th align="left">workflow</th><td>{{.Workflow}}</td></tr>
<tr><th align="left">node</th><td>{{.Node}}</td></tr>
<tr><th align="left">type</th><td>{{.ActionType}}</td></tr>
<tr><th align="left">attempt</th><td>{{.Attempt}} of {{.MaxAttempts}}</td></tr>
{{if not .Succeeded}}<tr><th align="left">next retry in</th><td>{{.NextRetryIn}}</td></tr>{{end}}
<tr><th align="left">message</th><td>{{.Message}}</td></tr>
</table>
</body></html>`))

// CompletionMessage renders the completion mail of r (recipients included).
func CompletionMessage(prefix string, r InstanceReport) (Message, error) {
	if len(r.LogTail) > maxLogTail {
		cut := r.LogTail[len(r.LogTail)-maxLogTail:]
		if i := strings.IndexByte(cut, '\n'); i >= 0 {
			cut = cut[i+1:] // start on a whole line
		}
		r.LogTail = fmt.Sprintf("[… %d earlier bytes not shown]\n", len(r.LogTail)-len(cut)) + cut
	}
	var b bytes.Buffer
	if err := completionTmpl.Execute(&b, r); err != nil {
		return Message{}, fmt.Errorf("cannot render the completion mail of %s: %w", r.InstanceID, err)
	}
	return Message{
		To:      Recipients(r.Receivers...),
		Subject: fmt.Sprintf("%sworkflow %s %s (instance %s)", prefix, r.Workflow, r.Status, r.InstanceID),
		HTML:    b.String(),
	}, nil
}

// RetryMessage renders a node retry alert.
func RetryMessage(prefix string, a RetryAlert) (Message, error) {
	var b bytes.Buffer
	if err := retryTmpl.Execute(&b, a); err != nil {
		return Message{}, fmt.Errorf("cannot render the retry alert of %s/%s: %w", a.InstanceID, a.Node, err)
	}
	what := fmt.Sprintf("failed (attempt %d of %d), retrying", a.Attempt, a.MaxAttempts)
	if a.Succeeded {
		what = fmt.Sprintf("succeeded at attempt %d of %d", a.Attempt, a.MaxAttempts)
	}
	return Message{
		To:      Recipients(a.Receivers...),
		Subject: fmt.Sprintf("%s%s node %s.%s %s", prefix, a.ActionType, a.Workflow, a.Node, what),
		HTML:    b.String(),
	}, nil
}
