package executors

import (
	"context"
	"fmt"
	"path/filepath"
)

// Script runs a <script> action: the code is written to ScriptFileName in the working
// directory and run as `<interpreter> [shebang args] <file> <param-line args>`. The
// interpreter comes from the shebang (see Interpreter), else Config.Interpreter. The code
// is written exactly as given, indentation included; the shebang line stays in the file,
// where bash, sh, python and perl read it as a comment.
type Script struct{ cfg Config }

// NewScript returns the script executor.
func NewScript(cfg Config) *Script { return &Script{cfg: cfg} }

// Run implements Executor.
func (s *Script) Run(ctx context.Context, t Task, tio TaskIO) Result {
	if t.Action == nil || t.Action.Script == nil {
		return failed("task %s/%s is not a script action", t.InstanceID, t.Node)
	}
	body := t.Action.Script
	// Split before touching the disk, so a bad param-line leaves nothing behind.
	args, err := SplitWords(body.ParamLine)
	if err != nil {
		return failed("param-line %q: %v", body.ParamLine, err)
	}
	return runAttempt(ctx, s.cfg, t, tio, func(dir string) ([]string, error) {
		file := filepath.Join(dir, ScriptFileName)
		// 0644: the file is an argument to its interpreter, never executed itself (ETXTBSY).
		if err := writeFile(file, []byte(body.Code), 0o644); err != nil {
			return nil, fmt.Errorf("cannot write the script: %w", err)
		}
		argv := Interpreter(body.Code, s.cfg.interpreter())
		argv = append(argv, file)
		return append(argv, args...), nil
	})
}
