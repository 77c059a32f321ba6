package params

import (
	"fmt"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// Expand replaces every placeholder of text, scanning left to right; see the package doc for
// the forms and for what passes through. Values are inserted verbatim and not re-scanned.
func Expand(text string, env Env) (string, error) {
	return expand(text, &env, false)
}

// ResolveOutputs resolves only ${output:NODE.KEY}: the dispatch-time pass, run when earlier
// nodes' outputs exist. Everything else, including texts that look like other placeholders,
// stays as it is. A nil outputs leaves the text unchanged.
func ResolveOutputs(text string, outputs func(node, key string) (string, bool)) (string, error) {
	return expand(text, &Env{Outputs: outputs}, true)
}

func expand(text string, env *Env, outputsOnly bool) (string, error) {
	if !strings.Contains(text, "${") {
		return text, nil
	}
	var b strings.Builder
	last := 0 // text[:last] is already in b
	for from := 0; ; {
		p, ok := workflows.NextPlaceholder(text, from)
		if !ok {
			break
		}
		from = p.End
		val, keep, err := resolve(p.Body, env, outputsOnly)
		if err != nil {
			return "", workflows.Errorf(workflows.CodeInvalid, "%s: %v", text[p.Start:p.End], err)
		}
		if keep {
			continue
		}
		if last == 0 {
			b.Grow(len(text) + len(val))
		}
		b.WriteString(text[last:p.Start])
		b.WriteString(val)
		last = p.End
	}
	if last == 0 {
		return text, nil
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

// resolve computes one placeholder's value; keep reports that it stays as written.
func resolve(body string, env *Env, outputsOnly bool) (val string, keep bool, err error) {
	f, arg := workflows.ClassifyPlaceholder(body)
	if outputsOnly && f != workflows.FormOutput {
		return "", true, nil
	}
	switch f {
	case workflows.FormParam:
		if arg == "" {
			return "", false, fmt.Errorf("empty param name")
		}
		v, ok := env.Params[arg]
		if !ok {
			return "", false, fmt.Errorf("unknown param %q", arg)
		}
		return v, false, nil
	case workflows.FormOutput:
		node, key, ok := workflows.SplitOutputRef(arg)
		if !ok {
			return "", false, fmt.Errorf("output reference %q is not NODE.KEY", arg)
		}
		if env.Outputs == nil {
			return "", true, nil
		}
		v, ok := env.Outputs(node, key)
		if !ok {
			return "", false, fmt.Errorf("no output %s.%s", node, key)
		}
		return v, false, nil
	case workflows.FormTime:
		v, err := evalTime(arg, env)
		return v, false, err
	case workflows.FormBuiltin:
		v, err := evalBuiltin(arg, env)
		return v, false, err
	}
	return "", true, nil
}
