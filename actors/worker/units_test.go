package worker

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows/executors"
)

func TestRecentSetForgetsOldestFirst(t *testing.T) {
	s := newRecentSet(3)
	for i := 1; i <= 4; i++ {
		s.add(refN("r", i))
	}
	s.add(refN("r", 4)) // a repeat takes no room
	if s.has(refN("r", 1)) || !s.has(refN("r", 2)) || !s.has(refN("r", 4)) || len(s.m) != 3 {
		t.Fatalf("set holds %v", s.m)
	}
	s.add(refN("r", 5))
	if s.has(refN("r", 2)) || !s.has(refN("r", 3)) || !s.has(refN("r", 5)) {
		t.Fatalf("set holds %v", s.m)
	}
}

func TestParseProcStat(t *testing.T) {
	// The command name may hold spaces and parentheses.
	line := "4242 (a (b) c) S 1 4240 4240 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1234 56 18446744073709551615\n"
	st, err := parseProcStat(4242, line)
	if err != nil || st.state != 'S' || st.pgrp != 4240 || st.start != 987654 || st.dead() {
		t.Fatalf("got %+v, %v", st, err)
	}
	if _, err := parseProcStat(1, "1 (x) S 0"); err == nil {
		t.Fatal("a short line parsed")
	}
}

func TestLogDirUsesSafeNames(t *testing.T) {
	got := LogDir("/logs", "inst/../x", "node a", 2)
	want := filepath.Join("/logs", executors.SafeName("inst/../x"), executors.SafeName("node a"), "2")
	if got != want || !strings.HasPrefix(got, "/logs/") || slices.Contains(strings.Split(got, "/"), "..") {
		t.Fatalf("LogDir = %q, want %q", got, want)
	}
	// The same layout as the working directory, so one attempt has one relative path.
	task := executors.Task{InstanceID: "inst/../x", Node: "node a", Attempt: 2}
	if rel, _ := filepath.Rel("/logs", got); rel != task.RelDir() {
		t.Fatalf("LogDir relative %q, RelDir %q", rel, task.RelDir())
	}
}

func TestPropsRequiresNameAndRoots(t *testing.T) {
	_, err := Props(Config{})
	for _, field := range []string{"Name", "WorkRoot", "LogRoot"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Fatalf("error %v does not mention %s", err, field)
		}
	}
	if _, err := Props(Config{Name: "w", WorkRoot: "/w", LogRoot: "/l"}); err != nil {
		t.Fatal(err)
	}
}

func TestWrapMirrorsUnwrap(t *testing.T) {
	for _, m := range []any{&messages.TaskStarted{}, &messages.TaskFinished{}, &messages.RunTaskRejected{},
		&messages.WorkerStatusResponse{}} {
		if got, env := unwrap(wrap(m, true)); got != m || !env {
			t.Errorf("%T: round trip gave %T (enveloped %v)", m, got, env)
		}
		if wrap(m, false) != m {
			t.Errorf("%T wrapped without asking", m)
		}
	}
	if m, env := unwrap(&messages.Envelope{}); m != nil || !env {
		t.Errorf("empty envelope unwrapped to %T", m)
	}
}
