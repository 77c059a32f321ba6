package params

import "github.com/actorflow/actorflow/workflows"

// ExpandWorkflow returns a deep copy of w with its parameterisable texts expanded by Expand
// (see workflows.Workflow.Expand for which fields). It is the creation-time pass: leave
// env.Outputs nil so that ${output:…} survives until dispatch.
func ExpandWorkflow(w *workflows.Workflow, env Env) (*workflows.Workflow, error) {
	return w.Expand(func(_, _, text string) (string, error) { return Expand(text, env) })
}

// ResolveActionOutputs returns a copy of a with every ${output:NODE.KEY} resolved: the
// dispatch-time pass, for an action already expanded at creation. node names it in errors.
func ResolveActionOutputs(a *workflows.Action, node string, outputs func(node, key string) (string, bool)) (*workflows.Action, error) {
	return a.Expand(node, func(_, _, text string) (string, error) { return ResolveOutputs(text, outputs) })
}
