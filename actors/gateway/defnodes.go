package gateway

import (
	"encoding/json"
	"strconv"

	"github.com/actorflow/actorflow/workflows"
)

// shape is what an instance's view needs to know about one node of the definition it runs.
type shape struct {
	kind string // start end kill fork join action
	typ  string // action type
}

// storedDef is the part of a stored instance definition (the JSON of the *workflows.Workflow
// it runs) that the views read. It is decoded here rather than into workflows.Workflow
// because NodeKind marshals as its name but has no UnmarshalText, so the full model does
// not decode; "kind" is accepted as a name or as a number.
type storedDef struct {
	Nodes []struct {
		Name   string          `json:"name"`
		Kind   json.RawMessage `json:"kind"`
		Action *struct {
			Type string `json:"type"`
		} `json:"action"`
	} `json:"nodes"`
}

// shapes maps node name → kind and type. A definition that does not decode yields nothing:
// the instance is still shown, without kinds.
func shapes(def json.RawMessage) map[string]shape {
	var d storedDef
	if len(def) == 0 || json.Unmarshal(def, &d) != nil || len(d.Nodes) == 0 {
		return nil
	}
	out := make(map[string]shape, len(d.Nodes))
	for _, n := range d.Nodes {
		s := shape{kind: kindName(n.Kind)}
		if n.Action != nil {
			s.typ = n.Action.Type
		}
		out[n.Name] = s
	}
	return out
}

func kindName(raw json.RawMessage) string {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return name
	}
	if n, err := strconv.Atoi(string(raw)); err == nil && n > 0 && n < 256 {
		return workflows.NodeKind(n).String()
	}
	return ""
}
