package workflows

// Validate checks a parsed workflow's structure and returns every problem at once.
// (Stub: replaced by the validation work.)
func Validate(w *Workflow) Problems { return nil }
