package master

import (
	"testing"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
	"github.com/actorflow/actorflow/workflows/xmlspec"
)

// A definition the sender already loaded (the xmlconfig scanner) is used as loaded: the
// master does not parse the bytes again. Shown by a Loaded result that the bytes alone would
// not give (a problem the scanner found), which the master must report as it came.
func TestPutLoadedDefinitionIsNotParsedAgain(t *testing.T) {
	h := newHarness(t, nil)
	xml := []byte(chainXML("scanned", 1, "", ""))
	def := xmlspec.Load("scanned.xml", xml)
	if def.Problems.HasErrors() {
		t.Fatal(def.Problems)
	}
	def.Problems = append(def.Problems, workflows.Problem{Severity: workflows.SeverityError,
		Code: "from-the-scanner", Message: "found while scanning"})
	r, err := h.client.PutLoadedDefinition(h.ctx(), xml, "scanned.xml", store.OriginFile, def)
	if codeOf(err) != workflows.CodeInvalid || r == nil || len(r.Problems) != 1 || r.Problems[0].Code != "from-the-scanner" {
		t.Fatalf("put loaded: %v %+v", err, r)
	}
	// Without Loaded the same bytes are parsed and accepted.
	if name := h.put(string(xml)); name != "scanned" {
		t.Fatalf("put: %q", name)
	}
}
