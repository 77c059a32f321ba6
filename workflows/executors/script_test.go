package executors

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/internal/testenv"
	"github.com/actorflow/actorflow/workflows"
)

func TestScriptExitCodes(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	cases := []struct {
		code   string
		status workflows.AttemptStatus
		exit   int
		msg    string
	}{
		{"true", workflows.AttemptSucceeded, 0, "exit code 0"},
		{"exit 3", workflows.AttemptFailed, 3, "exit code 3"},
		{"echo first >&2; echo 'it broke' >&2; exit 1", workflows.AttemptFailed, 1,
			"exit code 1\nlast stderr lines:\nfirst\nit broke"},
		{"kill -USR1 $$", workflows.AttemptFailed, -1, "terminated by signal SIGUSR1 (user defined signal 1)"},
	}
	for _, c := range cases {
		r, _, _ := runCaptured(t, x, context.Background(), scriptTask(c.code))
		if r.Status != c.status || r.ExitCode != c.exit || r.Message != c.msg {
			t.Errorf("%q: got %s exit %d %q, want %s exit %d %q", c.code, r.Status, r.ExitCode, r.Message, c.status, c.exit, c.msg)
		}
	}
}

func TestScriptStderrTailIsBounded(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	r, _, stderr := runCaptured(t, x, context.Background(),
		scriptTask("for i in $(seq 1 500); do echo \"error line $i\" >&2; done; exit 2"))
	if r.Status != workflows.AttemptFailed || !strings.HasSuffix(r.Message, "error line 500") {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
	_, tail, _ := strings.Cut(r.Message, "last stderr lines:\n")
	if len(tail) > maxTailMessage || !strings.HasPrefix(tail, "error line ") {
		t.Errorf("tail is %d bytes (max %d) and starts %q; want whole lines", len(tail), maxTailMessage, tail[:20])
	}
	if !strings.HasPrefix(stderr, "error line 1\n") || !strings.HasSuffix(stderr, "error line 500\n") {
		t.Errorf("stderr writer did not get the whole stream")
	}
}

func TestScriptInterpreters(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	cases := []struct {
		name, code, want string
	}{
		// No shebang: bash, so bash-only syntax works.
		{"default bash", "[[ -n $BASH_VERSION ]] && echo bash", "bash\n"},
		// /bin/sh is dash here: no BASH_VERSION.
		{"sh", "#!/bin/sh\necho \"sh:${BASH_VERSION:-none}\"", "sh:none\n"},
		// Shebang arguments are passed: -e stops at the first failure.
		{"bash -e", "#!/bin/bash -e\necho before\nfalse\necho after", "before\n"},
		// Blank lines before an indented shebang, as in akkaflow XML.
		{"indented", "\n\n    #!/bin/sh\n    echo \"indented:${BASH_VERSION:-none}\"", "indented:none\n"},
		{"env bash", "#!/usr/bin/env bash\necho \"$0\" | grep -q " + ScriptFileName + " && echo ok", "ok\n"},
	}
	for _, c := range cases {
		r, out, _ := runCaptured(t, x, context.Background(), scriptTask(c.code))
		if out != c.want {
			t.Errorf("%s: stdout %q (%s: %s), want %q", c.name, out, r.Status, r.Message, c.want)
		}
	}
}

// TestScriptPython also proves indentation is kept: the blocks would not parse otherwise.
func TestScriptPython(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("python3"); err != nil {
		testenv.Unavailable(t, "python3 is not installed")
	}
	x := NewScript(testConfig(t))
	code := `
#!/usr/bin/env python3
import os, sys

def total(args):
    s = 0
    for a in args:
        if a.isdigit():
            s += int(a)
        else:
            print("skip", a)
    return s

with open(os.environ["ACTORFLOW_OUTPUT"], "w") as f:
    f.write("sum=%d\n" % total(sys.argv[1:]))
`
	task := scriptTask(code)
	task.Action.Script.ParamLine = `1 2 'x y' 39`
	r, out, _ := runCaptured(t, x, context.Background(), task)
	if r.Status != workflows.AttemptSucceeded || r.Outputs["sum"] != "42" || out != "skip x y\n" {
		t.Fatalf("got %s %q outputs %v stdout %q", r.Status, r.Message, r.Outputs, out)
	}
}

func TestScriptPerl(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/usr/bin/perl"); err != nil {
		testenv.Unavailable(t, "perl is not installed")
	}
	x := NewScript(testConfig(t))
	task := scriptTask("#!/usr/bin/perl -w\nprint \"perl $ARGV[0]\\n\";")
	task.Action.Script.ParamLine = "ok"
	r, out, _ := runCaptured(t, x, context.Background(), task)
	if r.Status != workflows.AttemptSucceeded || out != "perl ok\n" {
		t.Fatalf("got %s %q stdout %q", r.Status, r.Message, out)
	}
}

func TestScriptParamLine(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	task := scriptTask(`for a in "$@"; do printf '[%s]\n' "$a"; done`)
	task.Action.Script.ParamLine = `a 'b  c' "d \"e\" $HOME" f\ g '' *`
	r, out, _ := runCaptured(t, x, context.Background(), task)
	want := "[a]\n[b  c]\n[d \"e\" $HOME]\n[f g]\n[]\n[*]\n"
	if r.Status != workflows.AttemptSucceeded || out != want {
		t.Fatalf("got %s %q, stdout %q want %q", r.Status, r.Message, out, want)
	}

	bad := scriptTask("true")
	bad.Action.Script.ParamLine = `it's`
	r = x.Run(context.Background(), bad, TaskIO{})
	if r.Status != workflows.AttemptFailed || !strings.Contains(r.Message, "unterminated single quote") {
		t.Fatalf("bad param-line: got %s %q", r.Status, r.Message)
	}
}

func TestScriptEnvironment(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.BaseEnv = []string{"PATH=" + os.Getenv("PATH"), "INHERITED=yes", "ACTORFLOW_NODE=stale", "OVERRIDDEN=base"}
	x := NewScript(cfg)
	task := scriptTask(`env | grep -E '^(ACTORFLOW_|INHERITED|OVERRIDDEN|EXTRA)' | sort`)
	task.Workflow, task.Node = "daily", "load orders"
	task.Env = map[string]string{"EXTRA": "1", "OVERRIDDEN": "task", "ACTORFLOW_ATTEMPT": "99"}
	r, out, _ := runCaptured(t, x, context.Background(), task)
	dir := AttemptDir(cfg.WorkRoot, task)
	want := strings.Join([]string{
		"ACTORFLOW_ATTEMPT=" + strconv.Itoa(task.Attempt),
		"ACTORFLOW_INSTANCE_ID=inst1",
		"ACTORFLOW_NODE=load orders",
		"ACTORFLOW_OUTPUT=" + filepath.Join(dir, OutputFileName),
		"ACTORFLOW_WORKDIR=" + dir,
		"ACTORFLOW_WORKFLOW=daily",
		"EXTRA=1",
		"INHERITED=yes",
		"OVERRIDDEN=task",
	}, "\n") + "\n"
	if r.Status != workflows.AttemptSucceeded || out != want {
		t.Fatalf("got %s %q\nenv:\n%s\nwant:\n%s", r.Status, r.Message, out, want)
	}
}

func TestScriptRunsInItsWorkdir(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	x := NewScript(cfg)
	task := scriptTask(`echo "$PWD"; cat actorflow_script | head -1`)
	task.Action.Script.Code = "# first line\n" + task.Action.Script.Code
	_, out, _ := runCaptured(t, x, context.Background(), task)
	if want := AttemptDir(cfg.WorkRoot, task) + "\n# first line\n"; out != want {
		t.Fatalf("stdout %q, want %q", out, want)
	}
}

func TestScriptOutputs(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	code := `cat > "$ACTORFLOW_OUTPUT" <<'EOF'
# produced by the test
count=10

  name  = a value = with equals  
count=11
no equals here
EOF`
	r, _, _ := runCaptured(t, x, context.Background(), scriptTask(code))
	want := map[string]string{"count": "11", "name": " a value = with equals  "}
	if r.Status != workflows.AttemptSucceeded || len(r.Outputs) != 2 ||
		r.Outputs["count"] != want["count"] || r.Outputs["name"] != want["name"] {
		t.Fatalf("got %s %q outputs %q, want %q", r.Status, r.Message, r.Outputs, want)
	}
	if !strings.Contains(r.Message, "skipped 1 malformed line(s)") || !strings.Contains(r.Message, "line 6") {
		t.Errorf("message %q does not report the malformed line", r.Message)
	}

	r = x.Run(context.Background(), scriptTask("true"), TaskIO{})
	if r.Outputs != nil {
		t.Errorf("no output file: got outputs %v", r.Outputs)
	}
}

func TestScriptOutputsTooLarge(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	r := x.Run(context.Background(), scriptTask(`head -c 70000 /dev/zero | tr '\0' 'x' > "$ACTORFLOW_OUTPUT"`), TaskIO{})
	if r.Status != workflows.AttemptFailed || r.Outputs != nil ||
		!strings.Contains(r.Message, "larger than the 65536-byte limit (70000 bytes)") {
		t.Fatalf("got %s %q outputs %d", r.Status, r.Message, len(r.Outputs))
	}
}

func TestScriptStaleOutputsAreNotReused(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	task := scriptTask(`echo a=1 > "$ACTORFLOW_OUTPUT"`)
	if r := x.Run(context.Background(), task, TaskIO{}); r.Outputs["a"] != "1" {
		t.Fatalf("first run: %v %q", r.Outputs, r.Message)
	}
	task.Action.Script.Code = "true" // same attempt again, e.g. a redelivered task
	if r := x.Run(context.Background(), task, TaskIO{}); r.Outputs != nil {
		t.Fatalf("second run read the first run's outputs: %v", r.Outputs)
	}
}

func TestScriptAttachments(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	task := scriptTask(`cat data.txt; ./helper.sh`)
	task.Attachments = []Attachment{
		{Name: "data.txt", Data: []byte("attached data\n")},
		{Name: "helper.sh", Data: []byte("#!/bin/sh\necho helper ran\n")},
	}
	r, out, _ := runCaptured(t, x, context.Background(), task)
	if r.Status != workflows.AttemptSucceeded || out != "attached data\nhelper ran\n" {
		t.Fatalf("got %s %q stdout %q", r.Status, r.Message, out)
	}

	for _, name := range []string{"../escape", "a/b", `a\b`, "", "..", ScriptFileName} {
		bad := scriptTask("true")
		bad.Attachments = []Attachment{{Name: name, Data: []byte("x")}}
		r := x.Run(context.Background(), bad, TaskIO{})
		if r.Status != workflows.AttemptFailed || !strings.Contains(r.Message, "attachment name") {
			t.Errorf("attachment %q: got %s %q", name, r.Status, r.Message)
		}
	}
}

func TestScriptUnwritableRoot(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	x := NewScript(Config{WorkRoot: filepath.Join(file, "root")})
	task := scriptTask("true")
	r := x.Run(context.Background(), task, TaskIO{})
	dir := AttemptDir(filepath.Join(file, "root"), task)
	if r.Status != workflows.AttemptFailed || r.ExitCode != -1 ||
		!strings.Contains(r.Message, "cannot create working directory "+dir) ||
		!strings.Contains(r.Message, "not a directory") {
		t.Fatalf("got %s %d %q", r.Status, r.ExitCode, r.Message)
	}
}

func TestScriptMissingInterpreter(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	r := x.Run(context.Background(), scriptTask("#!/no/such/interpreter\nwhatever"), TaskIO{})
	if r.Status != workflows.AttemptFailed || r.ExitCode != -1 ||
		!strings.Contains(r.Message, "cannot start /no/such/interpreter") {
		t.Fatalf("got %s %d %q", r.Status, r.ExitCode, r.Message)
	}
}

func TestScriptInvalidTasks(t *testing.T) {
	t.Parallel()
	x := NewScript(testConfig(t))
	noScript := scriptTask("true")
	noScript.Action.Script = nil
	zeroAttempt := scriptTask("true")
	zeroAttempt.Attempt = 0
	noInstance := scriptTask("true")
	noInstance.InstanceID = ""
	for name, task := range map[string]Task{"no script": noScript, "attempt 0": zeroAttempt, "no instance": noInstance} {
		if r := x.Run(context.Background(), task, TaskIO{}); r.Status != workflows.AttemptFailed || r.Message == "" {
			t.Errorf("%s: got %s %q", name, r.Status, r.Message)
		}
	}
}

func TestUnicodeNodeNames(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	x := NewScript(cfg)
	seen := map[string]string{}
	for _, node := range []string{"导入订单", "导入/订单", "导入_订单", "..", "load orders", "čšž-ñ"} {
		task := scriptTask(`printf '%s' "$ACTORFLOW_NODE"; pwd >&2`)
		task.Node = node
		task.Attempt = 1
		r, out, stderr := runCaptured(t, x, context.Background(), task)
		if r.Status != workflows.AttemptSucceeded || out != node {
			t.Fatalf("%q: got %s %q, ACTORFLOW_NODE %q", node, r.Status, r.Message, out)
		}
		dir := strings.TrimSpace(stderr)
		rel, err := filepath.Rel(cfg.WorkRoot, dir)
		if err != nil || strings.HasPrefix(rel, "..") || strings.Count(rel, string(filepath.Separator)) != 2 {
			t.Fatalf("%q: workdir %s is not <root>/<instance>/<node>/<attempt>", node, dir)
		}
		if other, dup := seen[dir]; dup {
			t.Fatalf("%q and %q share the workdir %s", node, other, dir)
		}
		seen[dir] = node
	}
	if _, err := os.Stat(filepath.Join(cfg.WorkRoot, "inst1", "导入订单", "1")); err != nil {
		t.Errorf("a plain unicode name should be kept as is: %v", err)
	}
}
