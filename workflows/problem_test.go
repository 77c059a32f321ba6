package workflows

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestProblemsJSONRoundTrip(t *testing.T) {
	in := Problems{
		{Pos: Pos{File: "a.xml", Line: 3, Col: 5}, Severity: SeverityError, Code: "unknown-node", Message: "m"},
		{Severity: SeverityWarning, Code: "alias", Message: "w"},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Problems
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip: got %+v, want %+v", out, in)
	}
	var s Severity
	if err := json.Unmarshal([]byte(`"fatal"`), &s); CodeOf(err) != CodeInvalid {
		t.Errorf("unknown severity: want invalid, got %v", err)
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{Pos: Pos{File: "w.xml", Line: 2, Col: 7}, Code: "unknown-node", Message: `"x" is not a node`}
	if got, want := p.String(), `w.xml:2:7: error: "x" is not a node (unknown-node)`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if err := (Problems{p}).Err(); CodeOf(err) != CodeInvalid {
		t.Errorf("Err: want invalid, got %v", err)
	}
	if (Problems{{Severity: SeverityWarning}}).Err() != nil {
		t.Error("warnings alone must not be an error")
	}
}
