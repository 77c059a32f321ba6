package params

import (
	"fmt"
	"maps"

	"github.com/actorflow/actorflow/workflows"
)

// EvalList evaluates a coordinator's param-list in document order and returns the instance's
// param map. Each value is expanded with the params defined above it, plus env.Params.
//
// env.Params are the caller's explicit params (a trigger with params, a backfill, a rerun's
// originals). They win over list entries of the same name, which are then not evaluated at all
// (so a broken default cannot block an explicit override), and they are inserted verbatim: they
// are values, not definitions. They are also visible to every list entry and are part of the
// result. Of duplicate list entries the later wins; it sees the earlier one's value, so
// dir=${param:dir}/sub extends it.
//
// An error is a *workflows.Error naming the param, with one Problem located at it.
func EvalList(list []workflows.Param, env Env) (map[string]string, error) {
	out := make(map[string]string, len(list)+len(env.Params))
	maps.Copy(out, env.Params)
	given := env.Params
	env.Params = out // entries see what is defined so far
	for _, p := range list {
		if _, ok := given[p.Name]; ok {
			continue
		}
		v, err := Expand(p.Value, env)
		if err != nil {
			return nil, paramError(p, err)
		}
		out[p.Name] = v
	}
	return out, nil
}

func paramError(p workflows.Param, err error) error {
	msg := fmt.Sprintf("param %q: %v", p.Name, err)
	if where := p.Pos.String(); where != "" {
		msg = fmt.Sprintf("param %q (%s): %v", p.Name, where, err)
	}
	return &workflows.Error{Code: workflows.CodeInvalid, Message: msg, Problems: workflows.Problems{{
		Pos: p.Pos, Severity: workflows.SeverityError, Code: "param-expansion",
		Message: fmt.Sprintf("param %q: %v", p.Name, err)}}}
}
