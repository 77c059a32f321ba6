package fileexec

import (
	"path/filepath"
	"strings"
	"unicode"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// Rewrite returns b's command with every word that names a shipped master path (one of
// MasterFiles(b) whose base name is among attachments) replaced by ./<base name>; the
// program word also gets its interpreter (see the package doc). Everything else, blanks
// included, is kept byte for byte.
func Rewrite(b *workflows.FileExecutorBody, attachments []executors.Attachment) string {
	shipped := map[string][]byte{}
	for _, a := range attachments {
		shipped[a.Name] = a.Data
	}
	paths := map[string]bool{}
	for _, p := range MasterFiles(b) {
		if _, ok := shipped[filepath.Base(p)]; ok {
			paths[p] = true
		}
	}
	if len(paths) == 0 {
		return b.Command
	}
	var out strings.Builder
	cmd := b.Command
	first := true
	for i := 0; i < len(cmd); {
		if isBlank(cmd[i]) {
			out.WriteByte(cmd[i])
			i++
			continue
		}
		j := i
		for j < len(cmd) && !isBlank(cmd[j]) {
			j++
		}
		word := cmd[i:j]
		if p := unquote(word); paths[p] {
			base := filepath.Base(p)
			local := "./" + shellQuote(base)
			if first {
				argv := executors.Interpreter(string(shipped[base]), []string{"/bin/sh"})
				for k := range argv {
					argv[k] = shellQuote(argv[k])
				}
				local = strings.Join(argv, " ") + " " + local
			}
			word = local
		}
		out.WriteString(word)
		first = false
		i = j
	}
	return out.String()
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// shellQuote quotes s for /bin/sh unless it is made of characters that need none.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-/+=:,@%", r))) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
