package workflows

import (
	"fmt"
	"strings"
)

// vldBody is one of an Action's type bodies, for the "exactly one, matching Type" rule and for
// scanning bodies generically (output references).
type vldBody struct {
	typ  ActionType
	body any // the typed pointer, possibly nil
	set  bool
}

// vldBodies lists every body field of a in ActionTypes order (an array: no allocation, this
// runs twice per action).
func vldBodies(a *Action) [11]vldBody {
	return [...]vldBody{
		{ActionScript, a.Script, a.Script != nil},
		{ActionShell, a.Shell, a.Shell != nil},
		{ActionSQL, a.SQL, a.SQL != nil},
		{ActionTransfer, a.Transfer, a.Transfer != nil},
		{ActionDataMonitor, a.DataMonitor, a.DataMonitor != nil},
		{ActionFileMonitor, a.FileMonitor, a.FileMonitor != nil},
		{ActionEmail, a.Email, a.Email != nil},
		{ActionFileExecutor, a.FileExecutor, a.FileExecutor != nil},
		{ActionMetadata, a.Metadata, a.Metadata != nil},
		{ActionHTTP, a.HTTP, a.HTTP != nil},
		{ActionSSH, a.SSH, a.SSH != nil},
	}
}

// vldActionCheck reports the problems of one action node; every message starts with the node.
type vldActionCheck struct {
	r *vldReport
	n *Node
}

func (c vldActionCheck) errorf(code, format string, args ...any) {
	c.r.errorf(c.n.Pos, code, "action %q: %s", c.n.Name, fmt.Sprintf(format, args...))
}

func (c vldActionCheck) warnf(code, format string, args ...any) {
	c.r.warnf(c.n.Pos, code, "action %q: %s", c.n.Name, fmt.Sprintf(format, args...))
}

// require reports a blank required value.
func (c vldActionCheck) require(value, what string) {
	if vldBlank(value) {
		c.errorf(vldMissingField, "%s is empty", what)
	}
}

// nonNegative reports a negative number.
func (c vldActionCheck) nonNegative(v int64, what string) {
	if v < 0 {
		c.errorf(vldOutOfRange, "%s is %d; it must not be negative", what, v)
	}
}

// vldAction checks an action node's attributes and its body. Transitions are checked with the
// graph (vldBuildGraph).
func vldAction(r *vldReport, n *Node) {
	c := vldActionCheck{r, n}
	a := n.Action
	if a == nil {
		c.errorf(vldActionBody, "the node has no action")
		return
	}
	c.attrs(a)
	if c.bodyShape(a) {
		c.body(a)
	}
}

func (c vldActionCheck) attrs(a *Action) {
	c.nonNegative(int64(a.RetryTimes), "retry-times")
	if a.Interval < 0 {
		c.errorf(vldOutOfRange, "interval is %s; it must not be negative", a.Interval)
	}
	if a.Timeout < 0 {
		c.errorf(vldOutOfRange, "timeout is %s; it must not be negative (0 means none)", a.Timeout)
	}
	if a.MaxInterval < 0 {
		c.errorf(vldOutOfRange, "max-interval is %s; it must not be negative (0 means no cap)", a.MaxInterval)
	}
	switch a.Backoff {
	case "", BackoffFixed:
	case BackoffExponential:
		// MaxInterval 0 means "no cap" (see RetryDelay); a cap below the first wait is a typo.
		if a.MaxInterval > 0 && a.MaxInterval < a.Interval {
			c.errorf(vldOutOfRange, "max-interval %s is shorter than interval %s", a.MaxInterval, a.Interval)
		}
	default:
		c.errorf(vldBadValue, "backoff %q is not one of fixed, exponential", a.Backoff)
	}
}

// bodyShape enforces "exactly one body, the one Type names" and reports whether the body can
// be checked further.
func (c vldActionCheck) bodyShape(a *Action) bool {
	known := false
	for _, t := range ActionTypes {
		known = known || t == a.Type
	}
	var set []string
	matches := false
	for _, b := range vldBodies(a) {
		if b.set {
			set = append(set, string(b.typ))
			matches = matches || b.typ == a.Type
		}
	}
	switch {
	case !known:
		c.errorf(vldActionBody, "unknown action type %q", a.Type)
	case len(set) == 0:
		c.errorf(vldActionBody, "type %s but no %s body", a.Type, a.Type)
	case len(set) > 1:
		c.errorf(vldActionBody, "several bodies (%s); an action has exactly one", strings.Join(set, ", "))
	case !matches:
		c.errorf(vldActionBody, "type %s but the body is %s", a.Type, set[0])
	default:
		return true
	}
	return false
}

// body checks the type-specific required fields and ranges.
func (c vldActionCheck) body(a *Action) {
	switch a.Type {
	case ActionScript:
		c.require(a.Script.Code, "script code")
	case ActionShell:
		c.require(a.Shell.Command, "shell command")
	case ActionSQL:
		c.require(a.SQL.Text, "sql text")
		c.db(a.SQL.DB, "sql")
	case ActionTransfer:
		c.transfer(a.Transfer)
	case ActionDataMonitor:
		c.dataMonitor(a.DataMonitor)
	case ActionFileMonitor:
		c.fileMonitor(a.FileMonitor)
	case ActionEmail:
		c.require(a.Email.HTML, "email html")
		for _, to := range a.Email.To {
			c.require(to, "an email recipient")
		}
	case ActionFileExecutor:
		c.require(a.FileExecutor.Command, "file-executor command")
	case ActionMetadata:
		c.db(a.Metadata.DB, "metadata")
		c.require(a.Metadata.Table, "metadata table")
		for _, cc := range a.Metadata.ColumnComments {
			c.require(cc.Name, "a column-comment name")
		}
	case ActionHTTP:
		c.http(a.HTTP)
	case ActionSSH:
		c.require(a.SSH.FileLink, "ssh file-link")
		c.require(a.SSH.Command, "ssh command")
	}
}

// db requires a registered link name or an inline connection, not both.
func (c vldActionCheck) db(ref DBLinkRef, where string) {
	switch {
	case ref.Name == "" && ref.Inline == nil:
		c.errorf(vldMissingField, "%s has no db-link", where)
	case ref.Name != "" && ref.Inline != nil:
		c.errorf(vldBadValue, "%s names db-link %q and also has an inline connection; give one", where, ref.Name)
	case ref.Inline != nil:
		c.require(ref.Inline.Type, where+" inline connection type")
		c.require(ref.Inline.URL, where+" inline connection url")
	}
}
