package workflows

import (
	"fmt"
	"slices"
)

// Problem codes produced by Validate and ValidateCoordinator. They are part of the API (the CLI,
// the HTTP API and tests match on them), so a code, once published, keeps its meaning.
//
// Errors (the definition is rejected):
//
//	nil-workflow         Validate was given nil
//	nil-node             a nil entry in Workflow.Nodes
//	no-start             no <start> node
//	multiple-starts      more than one <start> node (reported at each extra one)
//	empty-node-name      a node without a name
//	duplicate-node       a second node with a name already used (message names the first's line)
//	bad-node-kind        Node.Kind is not one of the known kinds
//	missing-target       a required transition is empty: start/join "to", fork path "to", action "ok"
//	fork-without-paths   a fork with no <path>
//	unknown-node         a transition names a node that does not exist (with a "did you mean")
//	no-reachable-end     no <end> node can be reached from start
//	join-without-fork    a join that is not dominated by any fork (reachable around its fork)
//	action-body          action missing, unknown type, no body, several bodies, or body ≠ type
//	missing-field        a required value is empty (workflow name, sql text, db link, url, …)
//	out-of-range         a number outside its legal range (retry-times, interval, task-num, …)
//	bad-value            a value that is not one of the legal ones (backoff, mail-level, kinds, …)
//	unknown-output-node  ${output:NODE.KEY} names no action node of this workflow
//	self-output-node     ${output:NODE.KEY} in NODE's own body (its output cannot exist yet)
//	bad-output-ref       ${output:…} that is unterminated or lacks NODE or KEY
//	self-dependency      a coordinator waits for the workflow it triggers
//	bad-window           coordinator start time after its end time
//	no-targets           a standalone coordinator that triggers no workflow
//
// Warnings (the definition loads):
//
//	unreachable-node     a node that cannot be reached from start
//	ignored-field        a value that is set but has no effect (e.g. transfer script + source)
//	useless-mail-level   a mail-level status that never ends an instance (prep, running)
//	duplicate-dependency the same upstream workflow listed twice
//	duplicate-param      the same param name twice (the later one wins, as in akkaflow)
//	duplicate-target     the same target workflow listed twice in a standalone coordinator
const (
	vldNilWorkflow         = "nil-workflow"
	vldNilNode             = "nil-node"
	vldNoStart             = "no-start"
	vldMultipleStarts      = "multiple-starts"
	vldEmptyNodeName       = "empty-node-name"
	vldDuplicateNode       = "duplicate-node"
	vldBadNodeKind         = "bad-node-kind"
	vldMissingTarget       = "missing-target"
	vldForkWithoutPaths    = "fork-without-paths"
	vldUnknownNode         = "unknown-node"
	vldNoReachableEnd      = "no-reachable-end"
	vldJoinWithoutFork     = "join-without-fork"
	vldActionBody          = "action-body"
	vldMissingField        = "missing-field"
	vldOutOfRange          = "out-of-range"
	vldBadValue            = "bad-value"
	vldUnknownOutputNode   = "unknown-output-node"
	vldSelfOutputNode      = "self-output-node"
	vldBadOutputRef        = "bad-output-ref"
	vldSelfDependency      = "self-dependency"
	vldBadWindow           = "bad-window"
	vldNoTargets           = "no-targets"
	vldUnreachableNode     = "unreachable-node"
	vldIgnoredField        = "ignored-field"
	vldUselessMailLevel    = "useless-mail-level"
	vldDuplicateDependency = "duplicate-dependency"
	vldDuplicateParam      = "duplicate-param"
	vldDuplicateTarget     = "duplicate-target"
)

// Decisions where akkaflow or the rules were vague:
//   - Loops are legal (akkaflow's wf_loop_job). Only joins get a structural rule: some fork must
//     dominate each reachable join; which fork's paths meet there is the engine's business.
//   - One mistake, one error: unknown and missing transitions are left out of the graph, and
//     nodes already rejected (duplicate or blank name, extra start) get no "unreachable"
//     warning. Facts that follow from a typo but are true on their own (no end reachable) are
//     still reported.
//   - A problem without a known position sorts first (line 0); ties keep the order found.
//   - Numbers: 0 means "not set" for task-num, timeout and max-interval (no cap); negatives are
//     errors. Values still holding ${…} (NUM probes, http urls) are checked at run time.
//   - ${output:NODE.KEY} follows package params' grammar exactly (see validate_output.go); NODE
//     must be another action: a control node has no output, the node itself has none yet.
//   - A standalone coordinator's self-dependency is a dependency on one of its own targets.

// Validate checks a parsed workflow and returns every problem at once, in source order. An
// embedded coordinator is validated too (ValidateCoordinator with the workflow's name), so one
// call answers "may this definition load?". Loops are legal and never reported.
func Validate(w *Workflow) Problems {
	var r vldReport
	if w == nil {
		r.errorf(Pos{}, vldNilWorkflow, "no workflow to validate")
		return r.sorted()
	}
	vldWorkflowAttrs(&r, w)
	g := vldBuildGraph(&r, w)
	g.checkReachability(&r)
	g.checkJoins(&r)
	for _, n := range g.nodes {
		if n.Kind != KindAction {
			continue
		}
		vldAction(&r, n)
		if n.Action != nil {
			vldOutputRefs(&r, n, g)
		}
	}
	if w.Coordinator != nil {
		vldCoordinator(&r, w.Coordinator, w.Name, false)
	}
	return r.sorted()
}

// vldReport collects problems; sorting happens once at the end so that checks can run in
// whatever order is simplest (graph checks, then per-node checks).
type vldReport struct{ ps Problems }

func (r *vldReport) errorf(pos Pos, code, format string, args ...any) {
	r.ps = append(r.ps, Problem{Pos: pos, Severity: SeverityError, Code: code,
		Message: fmt.Sprintf(format, args...)})
}

func (r *vldReport) warnf(pos Pos, code, format string, args ...any) {
	r.ps = append(r.ps, Problem{Pos: pos, Severity: SeverityWarning, Code: code,
		Message: fmt.Sprintf(format, args...)})
}

// sorted orders by (line, col). The sort is stable so that problems at the same place (or all
// at an unknown place, for workflows built in Go) keep the order the checks found them in.
func (r *vldReport) sorted() Problems {
	slices.SortStableFunc(r.ps, func(a, b Problem) int {
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return a.Pos.Col - b.Pos.Col
	})
	return r.ps
}

// vldWorkflowAttrs checks the root element's attributes.
func vldWorkflowAttrs(r *vldReport, w *Workflow) {
	if vldBlank(w.Name) {
		r.errorf(w.Pos, vldMissingField, "workflow has no name")
	}
	if w.InstanceLimit < 1 {
		r.errorf(w.Pos, vldOutOfRange, "instance-limit is %d; it must be at least 1", w.InstanceLimit)
	}
	for _, s := range w.MailLevel {
		switch {
		case s.Terminal():
		case s == InstancePrep || s == InstanceRunning:
			// akkaflow accepts W_PREP and W_RUNNING, but the mail is sent when an instance
			// ends, so these never send anything.
			r.warnf(w.Pos, vldUselessMailLevel, "mail-level %s never sends mail: mail is sent when an instance ends", s.AkkaflowName())
		default:
			// %d, not %s: InstanceStatus.String recurses on unknown values (nameOr).
			r.errorf(w.Pos, vldBadValue, "mail-level %d is not a status (want W_SUCCESSED, W_FAILED or W_KILLED)", uint8(s))
		}
	}
}
