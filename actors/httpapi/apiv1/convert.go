package apiv1

import "github.com/actorflow/actorflow/workflows"

// ProblemsOf converts the domain's findings to the wire shape (nil for none).
func ProblemsOf(ps workflows.Problems) []Problem {
	if len(ps) == 0 {
		return nil
	}
	out := make([]Problem, len(ps))
	for i, p := range ps {
		out[i] = Problem{File: p.Pos.File, Line: p.Pos.Line, Col: p.Pos.Col,
			Severity: p.Severity.String(), Code: p.Code, Message: p.Message}
	}
	return out
}
