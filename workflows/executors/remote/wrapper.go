package remote

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows/executors"
)

// wrapperScript runs "$1" in the login shell and ties its process group to the session's
// stdin; "$2" is the kill grace in whole seconds.
//
// The watcher (the { } block) holds the session's stdin and nothing else: its output goes to
// /dev/null, so it never keeps the session open. On end of file it sends SIGTERM to the
// group, waits the grace, then sends SIGKILL; it ignores SIGTERM itself so that it lives to
// do the second step. When the command ends by itself, the wrapper sends SIGTERM to the rest
// of the group and exits with the command's status; the watcher stays blocked on stdin until
// the session is closed and then sweeps whatever is left.
//
// Group signals (kill 0) are used only when the wrapper leads its process group, as under
// sshd, which starts each command with setsid; otherwise (no ps, or a server that does not
// setsid) only the command itself is signalled, so that the server is never hit.
const wrapperScript = `exec 3<&0 </dev/null
"${SHELL:-/bin/sh}" -c "$1" 3<&- &
c=$!
t=$c
[ "$(ps -o pgid= -p $$ 2>/dev/null | tr -d ' ')" = "$$" ] && t=0
{ trap '' TERM; while read -r _; do :; done; kill -TERM $t; sleep "$2"; kill -KILL $t; } <&3 >/dev/null 2>&1 &
exec 3<&-
trap '' TERM
wait "$c"
rc=$?
kill -TERM $t 2>/dev/null
exit "$rc"`

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// wrapCommand is the command line sent to sshd for t: exports, then the wrapper.
func wrapCommand(t executors.Task, command string, grace time.Duration) string {
	env := map[string]string{}
	for k, v := range t.Env {
		if envName.MatchString(k) {
			env[k] = v
		}
	}
	env["ACTORFLOW_INSTANCE_ID"] = t.InstanceID
	env["ACTORFLOW_WORKFLOW"] = t.Workflow
	env["ACTORFLOW_NODE"] = t.Node
	env["ACTORFLOW_ATTEMPT"] = strconv.Itoa(t.Attempt)
	var b strings.Builder
	b.WriteString("export")
	for _, k := range slices.Sorted(maps.Keys(env)) {
		b.WriteString(" " + k + "=" + shellQuote(env[k]))
	}
	secs := max(1, int(math.Ceil(grace.Seconds())))
	b.WriteString("; exec /bin/sh -c " + shellQuote(wrapperScript) + " actorflow-ssh " +
		shellQuote(command) + " " + strconv.Itoa(secs))
	return b.String()
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
