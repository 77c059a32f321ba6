package params

import "strings"

// placeholder is one ${…}: text[start:end] is "${" + body + "}".
type placeholder struct {
	start, end int
	body       string
}

// nextPlaceholder finds the first placeholder that starts at or after from. The body ends at
// the first "}" (non-greedy, no nesting); when the body itself contains "${", the match restarts
// at the last one, so that ${A:-${param:x}} finds ${param:x}. An unterminated "${" is not a
// placeholder, and nothing after it can be one either (no "}" follows).
func nextPlaceholder(text string, from int) (placeholder, bool) {
	i := strings.Index(text[from:], "${")
	if i < 0 {
		return placeholder{}, false
	}
	i += from
	j := strings.IndexByte(text[i+2:], '}')
	if j < 0 {
		return placeholder{}, false
	}
	j += i + 2
	if k := strings.LastIndex(text[i+2:j], "${"); k >= 0 {
		i += 2 + k
	}
	return placeholder{start: i, end: j + 1, body: text[i+2 : j]}, true
}

// form is what a placeholder body asks for.
type form int

const (
	formOther   form = iota // not ours: passes through untouched
	formParam               // arg: the param's name
	formOutput              // arg: "NODE.KEY" as written (trimmed)
	formTime                // arg: the whole trimmed body, "time.BASE|…"
	formBuiltin             // arg: the whole trimmed body, "instance.…" or "workflow.…"
)

// classify decides the form of a body. Prefixes are case-sensitive, so shell variables such as
// ${PARAM:-x} or ${TIME} are never taken for ours.
func classify(body string) (form, string) {
	b := strings.TrimSpace(body)
	if rest, ok := cutNamespace(b, "param"); ok {
		if shellModifier(rest) {
			return formOther, ""
		}
		return formParam, strings.TrimSpace(rest)
	}
	if rest, ok := cutNamespace(b, "output"); ok {
		if shellModifier(rest) {
			return formOther, ""
		}
		return formOutput, strings.TrimSpace(rest)
	}
	switch {
	case strings.HasPrefix(b, "time."):
		return formTime, b
	case strings.HasPrefix(b, "instance."), strings.HasPrefix(b, "workflow."):
		return formBuiltin, b
	}
	return formOther, ""
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
// expansion (${param:-default}, ${param:=x}, ${param:?msg}, ${param:+alt}) on a shell variable
// that happens to have that name.
func shellModifier(rest string) bool {
	r := strings.TrimLeft(rest, " \t")
	return r != "" && strings.ContainsRune("-=?+", rune(r[0]))
}

// splitOutputRef splits "NODE.KEY" at the first dot; both parts must be non-empty.
func splitOutputRef(arg string) (node, key string, ok bool) {
	node, key, ok = strings.Cut(arg, ".")
	node, key = strings.TrimSpace(node), strings.TrimSpace(key)
	return node, key, ok && node != "" && key != ""
}
