package fileexec

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

func feTask(b workflows.FileExecutorBody, files ...executors.Attachment) executors.Task {
	return executors.Task{InstanceID: "i-1", Workflow: "wf", Node: "fe", Attempt: 1,
		Action: &workflows.Action{Type: workflows.ActionFileExecutor, FileExecutor: &b}, Attachments: files}
}

func run(t *testing.T, ctx context.Context, root string, task executors.Task) (executors.Result, string, string) {
	t.Helper()
	reg := executors.NewRegistry()
	Register(reg, executors.Config{WorkRoot: root, KillGrace: time.Second})
	var out, errOut bytes.Buffer
	res := reg.Run(ctx, task, executors.TaskIO{Stdout: &out, Stderr: &errOut})
	return res, out.String(), errOut.String()
}

func TestShippedScriptAndAttachmentsRunInTheWorkdir(t *testing.T) {
	root := t.TempDir()
	task := feTask(workflows.FileExecutorBody{
		Command:     "bash /opt/master/job.sh 2024-01-01 /opt/master/lookup.txt | tr a-z A-Z",
		Attachments: []string{"/opt/master/lookup.txt"},
	},
		executors.Attachment{Name: "job.sh", Data: []byte("echo run $1; cat \"$2\"; pwd\n")},
		executors.Attachment{Name: "lookup.txt", Data: []byte("k=v\n")})
	res, out, errOut := run(t, context.Background(), root, task)
	if res.Status != workflows.AttemptSucceeded {
		t.Fatalf("%s %q (stderr %q)", res.Status, res.Message, errOut)
	}
	dir := executors.AttemptDir(root, task)
	if want := "RUN 2024-01-01\nK=V\n" + strings.ToUpper(dir) + "\n"; out != want {
		t.Fatalf("stdout %q, want %q", out, want)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "lookup.txt")); err != nil || string(b) != "k=v\n" {
		t.Errorf("attachment in the workdir: %q, %v", b, err)
	}
}

func TestShippedProgramRunsThroughItsShebang(t *testing.T) {
	task := feTask(workflows.FileExecutorBody{Command: "/opt/master/run.sh 'two words'"},
		executors.Attachment{Name: "run.sh", Data: []byte("#!/bin/bash\necho \"[$1] $BASH_VERSION\" | cut -c1-12\n")})
	res, out, _ := run(t, context.Background(), t.TempDir(), task)
	if res.Status != workflows.AttemptSucceeded || !strings.HasPrefix(out, "[two words] ") {
		t.Fatalf("%s %q stdout %q, want bash to run it with the argument", res.Status, res.Message, out)
	}
}

func TestUnshippedPathRunsAsWritten(t *testing.T) {
	res, out, _ := run(t, context.Background(), t.TempDir(), feTask(workflows.FileExecutorBody{Command: "/bin/echo local"}))
	if res.Status != workflows.AttemptSucceeded || out != "local\n" {
		t.Fatalf("%s %q stdout %q", res.Status, res.Message, out)
	}
	res, _, _ = run(t, context.Background(), t.TempDir(), feTask(workflows.FileExecutorBody{Command: "bash /nonexistent/job.sh"}))
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, "/nonexistent/job.sh") {
		t.Fatalf("a script that was neither shipped nor present: %s %q", res.Status, res.Message)
	}
}

func TestBadAttachmentNameFails(t *testing.T) {
	res, _, _ := run(t, context.Background(), t.TempDir(), feTask(workflows.FileExecutorBody{Command: "true"},
		executors.Attachment{Name: "../evil", Data: []byte("x")}))
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, "path separator") {
		t.Fatalf("%s %q", res.Status, res.Message)
	}
}

func TestKill(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	started := make(chan int, 1)
	reg := executors.NewRegistry()
	Register(reg, executors.Config{WorkRoot: t.TempDir(), KillGrace: time.Second})
	done := make(chan executors.Result, 1)
	go func() {
		done <- reg.Run(ctx, feTask(workflows.FileExecutorBody{Command: "sleep 60"}),
			executors.TaskIO{OnStart: func(pid int) { started <- pid }})
	}()
	<-started
	cancel(executors.ErrKilled)
	select {
	case res := <-done:
		if res.Status != workflows.AttemptKilled {
			t.Fatalf("%s %q", res.Status, res.Message)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("not killed")
	}
}

func TestScriptToken(t *testing.T) {
	for cmd, want := range map[string]string{
		"bash /opt/a/job.sh x":                   "/opt/a/job.sh",
		"/opt/a/run.sh --out=/tmp/x":             "/opt/a/run.sh",
		"/usr/bin/python3 /opt/a/x.py /data/in":  "/opt/a/x.py",
		"python3 -c 'print(1)' 'scripts/job.py'": "scripts/job.py",
		"sh -x ./local.sh":                       "./local.sh",
		"echo hello":                             "",
		"ls /tmp/":                               "",
	} {
		got, ok := ScriptToken(cmd)
		if got != want || ok != (want != "") {
			t.Errorf("ScriptToken(%q) = %q, %v; want %q", cmd, got, ok, want)
		}
	}
	b := &workflows.FileExecutorBody{Command: "bash /m/job.sh", Attachments: []string{"/m/a.txt", " /m/job.sh ", ""}}
	if got := MasterFiles(b); !slices.Equal(got, []string{"/m/job.sh", "/m/a.txt"}) {
		t.Errorf("MasterFiles = %q", got)
	}
}

func TestRewrite(t *testing.T) {
	att := func(names ...string) []executors.Attachment {
		var out []executors.Attachment
		for _, n := range names {
			data := ""
			if n == "x.py" {
				data = "#!/usr/bin/env python3\nprint(1)\n"
			}
			out = append(out, executors.Attachment{Name: n, Data: []byte(data)})
		}
		return out
	}
	for _, tc := range []struct {
		cmd     string
		attach  []string
		shipped []string
		want    string
	}{
		{"bash  /m/job.sh\targ", nil, []string{"job.sh"}, "bash  ./job.sh\targ"},
		{"/m/job.sh arg", nil, []string{"job.sh"}, "/bin/sh ./job.sh arg"},
		{"/m/x.py arg", nil, []string{"x.py"}, "/usr/bin/env python3 ./x.py arg"},
		{"bash /m/job.sh /m/data.csv > out", []string{"/m/data.csv"}, []string{"job.sh", "data.csv"},
			"bash ./job.sh ./data.csv > out"},
		{"bash /m/job.sh /other/data.csv", nil, []string{"job.sh", "data.csv"}, "bash ./job.sh /other/data.csv"},
		{"bash /m/job.sh", nil, nil, "bash /m/job.sh"},
		{"bash '/m/my job.sh'", nil, []string{"my job.sh"}, "bash '/m/my job.sh'"}, // split word: left alone
		{`bash "/m/j'b.sh"`, nil, []string{"j'b.sh"}, `bash ./'j'\''b.sh'`},
	} {
		got := Rewrite(&workflows.FileExecutorBody{Command: tc.cmd, Attachments: tc.attach}, att(tc.shipped...))
		if got != tc.want {
			t.Errorf("Rewrite(%q) = %q, want %q", tc.cmd, got, tc.want)
		}
	}
}

func FuzzRewrite(f *testing.F) {
	f.Add("bash /m/job.sh arg", "job.sh", "#!/bin/bash\n")
	f.Add("/m/x.py 'a b' | c", "x.py", "#!/usr/bin/env python3 -u\n")
	f.Add("\"/m/q\" x", "q", "")
	f.Fuzz(func(t *testing.T, cmd, name, data string) {
		b := &workflows.FileExecutorBody{Command: cmd}
		if got := Rewrite(b, nil); got != cmd {
			t.Fatalf("without attachments Rewrite changed %q to %q", cmd, got)
		}
		got := Rewrite(b, []executors.Attachment{{Name: name, Data: []byte(data)}})
		if strings.Count(got, "\n") < strings.Count(cmd, "\n") {
			t.Fatalf("Rewrite(%q) lost line breaks: %q", cmd, got)
		}
		if tok, ok := ScriptToken(cmd); !ok || filepath.Base(tok) != name {
			if got != cmd {
				t.Fatalf("Rewrite(%q) changed a command whose script was not shipped: %q", cmd, got)
			}
		}
	})
}
