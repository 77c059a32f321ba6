package workflows

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Expand returns a deep copy of w in which the texts a user may parameterise are replaced by f's
// result: Desc, MailReceivers, and for every action its Host and every string and []string
// reachable from its type body (script code, SQL text, db-link names, inline link fields, probe
// texts, transfer ends, …). Names, transitions, kinds, action types, enums (named string types
// such as EndpointKind), numbers, durations and times are copied unchanged, because expanding
// them would change the graph or the meaning of the definition. Empty strings are not passed to
// f. f's node is the node's name ("" for workflow-level fields); its field is a dotted path
// built from the JSON keys, e.g. "sql.text", "transfer.target.pre", "email.to[1]",
// "mail_receivers[0]", "sql.db.inline.password". w itself is never modified, so a loaded
// definition can be expanded once per instance.
//
// A nil f only copies. A nil w yields nil. The first error stops the walk and is returned as an
// *Error that names the node and field, keeps the code of f's error (CodeInternal for a plain
// error) and carries one Problem located at the node (or the workflow).
func (w *Workflow) Expand(f func(node, field, text string) (string, error)) (*Workflow, error) {
	if w == nil {
		return nil, nil
	}
	cp := expandCopy(reflect.ValueOf(w)).Interface().(*Workflow)
	if f == nil {
		return cp, nil
	}
	x := textExpander{f: f, pos: w.Pos}
	if err := x.text(reflect.ValueOf(&cp.Desc).Elem(), "desc"); err != nil {
		return nil, err
	}
	if err := walkTexts(reflect.ValueOf(cp.MailReceivers), "mail_receivers", x.text); err != nil {
		return nil, err
	}
	for _, n := range cp.Nodes {
		if n == nil || n.Action == nil {
			continue
		}
		x.node, x.pos = n.Name, n.Pos
		if err := x.action(n.Action); err != nil {
			return nil, err
		}
	}
	return cp, nil
}

// Expand is Workflow.Expand for one action, for expansion at dispatch time (when the outputs of
// earlier nodes are known). node names the action's node in errors and in f's first argument.
func (a *Action) Expand(node string, f func(node, field, text string) (string, error)) (*Action, error) {
	if a == nil {
		return nil, nil
	}
	cp := expandCopy(reflect.ValueOf(a)).Interface().(*Action)
	if f == nil {
		return cp, nil
	}
	x := textExpander{f: f, node: node}
	if err := x.action(cp); err != nil {
		return nil, err
	}
	return cp, nil
}

// expandCopy copies pointers, slices, maps and structs recursively, so that nothing reachable
// from the result is shared with v (Node.RefPos included). Values of structs with unexported
// fields (time.Time) are copied as values; their internals (a *time.Location) are immutable and
// may be shared. Funcs and channels, which the model does not contain, would be shared.
func expandCopy(v reflect.Value) reflect.Value {
	t := v.Type()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		n := reflect.New(t.Elem())
		n.Elem().Set(expandCopy(v.Elem()))
		return n
	case reflect.Interface:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		n := reflect.New(t).Elem()
		n.Set(expandCopy(v.Elem()))
		return n
	case reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		n := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			n.Index(i).Set(expandCopy(v.Index(i)))
		}
		return n
	case reflect.Array:
		n := reflect.New(t).Elem()
		for i := range v.Len() {
			n.Index(i).Set(expandCopy(v.Index(i)))
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		n := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			n.SetMapIndex(expandCopy(it.Key()), expandCopy(it.Value()))
		}
		return n
	case reflect.Struct:
		n := reflect.New(t).Elem()
		n.Set(v) // copies every value field, unexported ones included (they cannot be set singly)
		for i := range n.NumField() {
			switch f := n.Field(i); f.Kind() {
			case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Array, reflect.Map, reflect.Struct:
				if f.CanSet() { // exported
					f.Set(expandCopy(v.Field(i)))
				}
			}
		}
		return n
	}
	return v
}

var expandStringType = reflect.TypeFor[string]()

// textExpander walks a freshly copied (hence addressable and unshared) value and rewrites its texts.
type textExpander struct {
	f    func(node, field, text string) (string, error)
	node string
	pos  Pos // where the current node is, for the Problem of an error
}

// action expands Host and every body.
func (x *textExpander) action(a *Action) error {
	return actionTexts(reflect.ValueOf(a).Elem(), x.text)
}

// actionTexts calls visit for Action.Host and every plain string of the action's bodies, with
// the field's path ("host", "sql.text", "transfer.target.pre"): exactly the texts parameters
// are expanded in. Bodies are recognised as Action's pointer-to-struct fields, so a body type
// added to the model later is covered without touching this file. a is an Action value; it
// must be addressable only if visit writes.
func actionTexts(a reflect.Value, visit func(v reflect.Value, path string) error) error {
	t := a.Type()
	if err := visit(a.FieldByName("Host"), "host"); err != nil {
		return err
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Type.Kind() != reflect.Pointer || sf.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		if err := walkTexts(a.Field(i), expandFieldName(sf), visit); err != nil {
			return err
		}
	}
	return nil
}

// walkTexts calls visit for every plain string reachable from v. Named string types are enums
// and are left alone; maps are not walked because no body contains one (a test guards this).
func walkTexts(v reflect.Value, path string, visit func(v reflect.Value, path string) error) error {
	switch v.Kind() {
	case reflect.String:
		if v.Type() == expandStringType {
			return visit(v, path)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return walkTexts(v.Elem(), path, visit)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := walkTexts(v.Index(i), fmt.Sprintf("%s[%d]", path, i), visit); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if sf := t.Field(i); sf.IsExported() {
				if err := walkTexts(v.Field(i), path+"."+expandFieldName(sf), visit); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// text calls f on one settable string.
func (x *textExpander) text(v reflect.Value, path string) error {
	s := v.String()
	if s == "" {
		return nil
	}
	out, err := x.f(x.node, path, s)
	if err != nil {
		return x.fail(path, err)
	}
	v.SetString(out)
	return nil
}

func (x *textExpander) fail(path string, err error) error {
	where := "field " + path
	if x.node != "" {
		where = fmt.Sprintf("node %q, %s", x.node, where)
	}
	msg := where + ": " + err.Error()
	e := &Error{Code: CodeOf(err), Message: msg,
		Problems: Problems{{Pos: x.pos, Severity: SeverityError, Code: "param-expansion", Message: msg}}}
	var inner *Error
	if errors.As(err, &inner) && len(inner.Problems) > 0 {
		e.Problems = append(e.Problems, inner.Problems...)
	}
	return e
}

// expandFieldName is the field's JSON key, so that paths read like the API's documents; a field kept
// out of JSON (InlineLink.Password) gets its Go name in snake case.
func expandFieldName(sf reflect.StructField) string {
	if name, _, _ := strings.Cut(sf.Tag.Get("json"), ","); name != "" && name != "-" {
		return name
	}
	var b strings.Builder
	for i, r := range sf.Name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
