package workflows

import "strings"

// The ${…} grammar, in one place: package params resolves placeholders with it and Validate
// checks ${output:…} references with it, so the two can never disagree about what a
// placeholder is.

// Placeholder is one ${…} of a text: text[Start:End] is "${" + Body + "}".
type Placeholder struct {
	Start, End int
	Body       string
}

// NextPlaceholder finds the first placeholder that starts at or after from. The body ends at
// the first "}" (non-greedy, no nesting); when the body itself contains "${", the match restarts
// at the last one, so that ${A:-${param:x}} finds ${param:x}. An unterminated "${" is not a
// placeholder, and nothing after it can be one either (no "}" follows).
func NextPlaceholder(text string, from int) (Placeholder, bool) {
	i := strings.Index(text[from:], "${")
	if i < 0 {
		return Placeholder{}, false
	}
	i += from
	j := strings.IndexByte(text[i+2:], '}')
	if j < 0 {
		return Placeholder{}, false
	}
	j += i + 2
	if k := strings.LastIndex(text[i+2:j], "${"); k >= 0 {
		i += 2 + k
	}
	return Placeholder{Start: i, End: j + 1, Body: text[i+2 : j]}, true
}

// PlaceholderForm is what a placeholder body asks for.
type PlaceholderForm int

const (
	FormOther   PlaceholderForm = iota // not ours (a shell variable): passes through untouched
	FormParam                          // arg: the param's name
	FormOutput                         // arg: "NODE.KEY" as written (trimmed)
	FormTime                           // arg: the whole trimmed body, "time.BASE|…"
	FormBuiltin                        // arg: the whole trimmed body, "instance.…" or "workflow.…"
)

// ClassifyPlaceholder decides the form of a body and returns its argument. Prefixes are
// case-sensitive, so shell variables such as ${PARAM:-x} or ${TIME} are never taken for ours,
// and neither are shell modifiers on variables named param or output (${param:-default}).
func ClassifyPlaceholder(body string) (PlaceholderForm, string) {
	b := strings.TrimSpace(body)
	if rest, ok := cutNamespace(b, "param"); ok {
		if shellModifier(rest) {
			return FormOther, ""
		}
		return FormParam, strings.TrimSpace(rest)
	}
	if rest, ok := cutNamespace(b, "output"); ok {
		if shellModifier(rest) {
			return FormOther, ""
		}
		return FormOutput, strings.TrimSpace(rest)
	}
	switch {
	case strings.HasPrefix(b, "time."):
		return FormTime, b
	case strings.HasPrefix(b, "instance."), strings.HasPrefix(b, "workflow."):
		return FormBuiltin, b
	}
	return FormOther, ""
}

// SplitOutputRef splits "NODE.KEY" at the first dot; both parts, trimmed, must be non-empty.
// (So a node whose name contains a dot cannot be referenced.)
func SplitOutputRef(arg string) (node, key string, ok bool) {
	node, key, ok = strings.Cut(arg, ".")
	node, key = strings.TrimSpace(node), strings.TrimSpace(key)
	return node, key, ok && node != "" && key != ""
}

// cutNamespace matches "ns", optional blanks, ":" and returns what follows the colon.
func cutNamespace(b, ns string) (string, bool) {
	rest, ok := strings.CutPrefix(b, ns)
	if !ok {
		return "", false
	}
	return strings.CutPrefix(strings.TrimLeft(rest, " \t"), ":")
}

// shellModifier reports whether the text after "param:" / "output:" is a shell parameter
// expansion (${param:-default}, ${param:=x}, ${param:?msg}, ${param:+alt}).
func shellModifier(rest string) bool {
	r := strings.TrimLeft(rest, " \t")
	return r != "" && strings.ContainsRune("-=?+", rune(r[0]))
}
