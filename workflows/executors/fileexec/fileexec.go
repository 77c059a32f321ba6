package fileexec

import (
	"context"
	"strings"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Executor runs file-executor actions.
type Executor struct{ shell *executors.Shell }

// New returns the file-executor, running commands like the shell executor built from cfg.
func New(cfg executors.Config) *Executor { return &Executor{shell: executors.NewShell(cfg)} }

// Register adds the file-executor to reg.
func Register(reg *executors.Registry, cfg executors.Config) {
	reg.Register(workflows.ActionFileExecutor, New(cfg))
}

// Run implements executors.Executor.
func (e *Executor) Run(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	if t.Action == nil || t.Action.FileExecutor == nil {
		return executors.Result{Status: workflows.AttemptFailed, ExitCode: -1,
			Message: "task " + t.InstanceID + "/" + t.Node + " is not a file-executor action"}
	}
	b := t.Action.FileExecutor
	shellTask := t
	a := *t.Action
	a.Type, a.FileExecutor = workflows.ActionShell, nil
	a.Shell = &workflows.ShellBody{Command: Rewrite(b, t.Attachments)}
	shellTask.Action = &a
	return e.shell.Run(ctx, shellTask, tio)
}

// ScriptToken finds the script in a command, the word the master must ship: the only word
// containing '/', or, when several do, the first one after the program (the program is then
// an interpreter such as /usr/bin/python3). Options (-x, --out=/p) and assignments (a=/p)
// never count. ok is false when there is none.
func ScriptToken(command string) (token string, ok bool) {
	var cands []int
	words := strings.Fields(command)
	for i, w := range words {
		w = unquote(w)
		if strings.Contains(w, "/") && !strings.HasPrefix(w, "-") && !strings.Contains(w, "=") &&
			!strings.HasSuffix(w, "/") {
			cands = append(cands, i)
		}
	}
	switch {
	case len(cands) == 0:
		return "", false
	case len(cands) == 1 || cands[0] != 0:
		return unquote(words[cands[0]]), true
	}
	return unquote(words[cands[1]]), true
}

// MasterFiles lists the master paths whose contents the task must carry: the script
// (ScriptToken) and the attach-list, each once.
func MasterFiles(b *workflows.FileExecutorBody) []string {
	var out []string
	if s, ok := ScriptToken(b.Command); ok {
		out = append(out, s)
	}
	for _, a := range b.Attachments {
		if a = strings.TrimSpace(a); a != "" && !contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// unquote strips one pair of matching surrounding quotes.
func unquote(w string) string {
	if len(w) >= 2 && (w[0] == '\'' || w[0] == '"') && w[len(w)-1] == w[0] {
		return w[1 : len(w)-1]
	}
	return w
}
