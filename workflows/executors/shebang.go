package executors

import "strings"

// Interpreter returns the command that runs a script: the shebang's interpreter and its
// arguments, or def when there is none. Blank lines before the shebang and indentation of
// the shebang line are allowed, because akkaflow's XML usually indents CDATA code. The
// arguments are split on white space (as env -S and the BSDs do) rather than passed as
// one argument (as Linux does), so "#!/bin/bash -e -x" works.
func Interpreter(code string, def []string) []string {
	for rest := code; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "\uFEFF"))
		if line == "" {
			continue
		}
		if after, ok := strings.CutPrefix(line, "#!"); ok {
			if f := strings.Fields(after); len(f) > 0 {
				return f
			}
		}
		break
	}
	return append([]string(nil), def...)
}
