package apiv1

// Dir is one directory of the workflow tree (a definition's dir attribute, without leading
// or trailing slashes; "" is the root) and how many definitions it holds, subdirectories
// included.
type Dir struct {
	Path      string `json:"path"`
	Workflows int    `json:"workflows"`
}
