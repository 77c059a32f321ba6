package params

import "github.com/actorflow/actorflow/workflows"

// Referenced returns the names text uses through ${param:…}, each once, in order of first use
// (akkaflow's informational "params" column; also lets the UI ask for them). Shell modifiers
// such as ${param:-x} are not references.
func Referenced(text string) []string {
	var names []string
	seen := map[string]bool{}
	each(text, func(f workflows.PlaceholderForm, arg string) {
		if f == workflows.FormParam && arg != "" && !seen[arg] {
			seen[arg] = true
			names = append(names, arg)
		}
	})
	return names
}

// OutputRefs returns the (node, key) pairs text uses through ${output:NODE.KEY}, each once, in
// order of first use. Malformed references are left out; Expand reports them.
func OutputRefs(text string) [][2]string {
	var refs [][2]string
	seen := map[[2]string]bool{}
	each(text, func(f workflows.PlaceholderForm, arg string) {
		if f != workflows.FormOutput {
			return
		}
		node, key, ok := workflows.SplitOutputRef(arg)
		if r := [2]string{node, key}; ok && !seen[r] {
			seen[r] = true
			refs = append(refs, r)
		}
	})
	return refs
}

// each calls visit for every placeholder of text, with the same scanning as Expand.
func each(text string, visit func(workflows.PlaceholderForm, string)) {
	for from := 0; ; {
		p, ok := workflows.NextPlaceholder(text, from)
		if !ok {
			return
		}
		from = p.End
		visit(workflows.ClassifyPlaceholder(p.Body))
	}
}
