package httpapi

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// akkaWorkflowActions serves /akkaflow/workflow/{name}?action=….
func (s *server) akkaWorkflowActions() map[string]akkaAction {
	return map[string]akkaAction{
		"get": {run: func(r *http.Request) (string, any, error) {
			// akkaflow always failed "no get method yet"; the definition is more useful.
			name := r.PathValue("name")
			d, err := s.b.GetWorkflow(r.Context(), name)
			return "workflow " + name, d, err
		}},
		"del": {mutates: true, run: func(r *http.Request) (string, any, error) {
			name := r.PathValue("name")
			return "deleted workflow " + name, nil, s.b.DeleteWorkflow(r.Context(), name)
		}},
		"run": {mutates: true, run: func(r *http.Request) (string, any, error) {
			name := r.PathValue("name")
			id, err := s.b.RunWorkflow(r.Context(), name, runParams(r))
			return fmt.Sprintf("created instance %s of workflow %s", id, name), id, err
		}},
		"reset": {mutates: true, run: func(r *http.Request) (string, any, error) {
			name := r.PathValue("name")
			return "reset the coordinator of workflow " + name, nil, s.b.ResetWorkflow(r.Context(), name)
		}},
		"trigger": {mutates: true, run: func(r *http.Request) (string, any, error) {
			name := r.PathValue("name")
			req := apiv1.TriggerRequest{IgnoreNodes: splitList(r.URL.Query().Get("ignore_node"))}
			id, err := s.b.TriggerWorkflow(r.Context(), name, req)
			return fmt.Sprintf("triggered workflow %s: instance %s", name, id), id, err
		}},
		"trigger-blood": {mutates: true, run: func(r *http.Request) (string, any, error) {
			name := r.PathValue("name")
			id, err := s.b.TriggerBlood(r.Context(), name)
			return fmt.Sprintf("started the downstream chain of workflow %s: instance %s", name, id), id, err
		}},
	}
}

// akkaDefinitionActions serves /akkaflow/workflow?action=add|check|del-dir.
func (s *server) akkaDefinitionActions() map[string]akkaAction {
	return map[string]akkaAction{
		"add":   {mutates: true, run: s.akkaAdd},
		"check": {run: s.akkaCheck},
		"del-dir": {mutates: true, run: func(*http.Request) (string, any, error) {
			return "", nil, unsupported("del-dir is not supported: actorflow keeps no directory " +
				"table, a workflow's directory is its xmlconfig path")
		}},
	}
}

// akkaWorkflowsActions serves /akkaflow/workflows?action=reset|today-trigger-left.
func (s *server) akkaWorkflowsActions() map[string]akkaAction {
	return map[string]akkaAction{
		"reset": {mutates: true, run: func(r *http.Request) (string, any, error) {
			return "reset every coordinator", nil, s.b.ResetAll(r.Context())
		}},
		"today-trigger-left": {run: func(r *http.Request) (string, any, error) {
			left, err := s.b.TodayTriggerLeft(r.Context(), s.now())
			if left == nil {
				left = map[string]int{}
			}
			return "fires left today per workflow", left, err
		}},
	}
}

// akkaAdd stores a definition from form field xml (2017: content); ?path= is its source file.
// data is the workflow's name, as in akkaflow.
func (s *server) akkaAdd(r *http.Request) (string, any, error) {
	xml, err := definitionXML(r, "xml", "content")
	if err != nil {
		return "", nil, err
	}
	res, err := s.b.PutWorkflow(r.Context(), xml, r.URL.Query().Get("path"))
	if err != nil {
		return "", nil, err
	}
	verb := "updated"
	if res.Created {
		verb = "added"
	}
	return fmt.Sprintf("%s workflow %s%s", verb, res.Name, warningsNote(res.Warnings)), res.Name, nil
}

func (s *server) akkaCheck(r *http.Request) (string, any, error) {
	xml, err := definitionXML(r, "xml", "content")
	if err != nil {
		return "", nil, err
	}
	res, err := s.b.CheckWorkflow(r.Context(), xml)
	if err != nil {
		return "", nil, err
	}
	msg := fmt.Sprintf("the definition of workflow %s is valid%s", res.Name, warningsNote(res.Warnings))
	if !res.Created {
		msg += "; a workflow of that name already exists"
	}
	return msg, res.Name, nil
}

// warningsNote tells how many warnings a definition has, if any.
func warningsNote(ws []apiv1.Problem) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return " (1 warning: " + ws[0].Message + ")"
	}
	return fmt.Sprintf(" (%d warnings)", len(ws))
}

// runParams turns every query parameter but action into an instance param (first value).
func runParams(r *http.Request) map[string]string {
	params := map[string]string{}
	for k, vs := range r.URL.Query() {
		if k != "action" && len(vs) > 0 {
			params[k] = vs[0]
		}
	}
	if len(params) == 0 {
		return nil
	}
	return params
}

// splitList splits "a, b,,c" into [a b c]; empty gives nil.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
