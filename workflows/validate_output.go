package workflows

import (
	"fmt"
	"reflect"
)

// vldOutputRefs checks every ${output:NODE.KEY} written in the action's body (and its host,
// which is expanded too): NODE must be another action of this workflow. Each bad reference is
// reported once per node.
func vldOutputRefs(r *vldReport, n *Node, g *vldGraph) {
	c := vldActionCheck{r, n}
	var seen map[string]bool // node names (and malformed texts) already checked
	visit := func(s string) {
		for from := 0; ; {
			p, ok := NextPlaceholder(s, from) // the grammar params resolves with
			if !ok {
				return
			}
			from = p.End
			if form, ref := ClassifyPlaceholder(p.Body); form == FormOutput {
				if seen == nil {
					seen = map[string]bool{}
				}
				c.checkOutputRef(ref, g, seen)
			}
		}
	}
	// The texts parameters are expanded in (so also where ${output:…} is resolved at dispatch).
	_ = actionTexts(reflect.ValueOf(n.Action).Elem(), func(v reflect.Value, _ string) error {
		visit(v.String())
		return nil
	})
}

// checkOutputRef checks one "NODE.KEY" argument, unless its node (or, when malformed, its
// text) is in seen already: ten uses of a missing node are one mistake.
func (c vldActionCheck) checkOutputRef(ref string, g *vldGraph, seen map[string]bool) {
	name, _, ok := SplitOutputRef(ref)
	shown := "${output:" + vldShorten(ref) + "}"
	if !ok {
		if !seen["\x00"+ref] {
			seen["\x00"+ref] = true
			c.errorf(vldBadOutputRef, "%s must be written ${output:NODE.KEY}", shown)
		}
		return
	}
	if seen[name] {
		return
	}
	seen[name] = true
	j, exists := g.index[name]
	switch {
	case name == c.n.Name:
		c.errorf(vldSelfOutputNode, "%s refers to this node's own output, which does not exist while it runs", shown)
	case !exists:
		msg := "names no node of this workflow"
		if s := g.sugg.closest(name); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		c.errorf(vldUnknownOutputNode, "%s %s", shown, msg)
	case g.nodes[j].Kind != KindAction:
		c.errorf(vldUnknownOutputNode, "%s names the %s node %q; only actions have output", shown, vldKind(g.nodes[j].Kind), name)
	}
}

// vldShorten keeps messages readable when a malformed reference is long.
func vldShorten(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}
