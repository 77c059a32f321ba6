package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func TestLatestFinishedIsTheNewestFinishedByCreation(t *testing.T) {
	s := openTemp(t)
	fail, ok, killed, running := workflows.InstanceFailed, workflows.InstanceSucceeded, workflows.InstanceKilled, workflows.InstanceRunning
	// alpha: succeeded, then failed, then one still running (skipped: not finished).
	a := createN(t, s, "alpha", "", 3, workflows.InstancePrep, t0)
	setStatus(t, s, a[0], running)
	setStatus(t, s, a[0], ok)
	setStatus(t, s, a[1], running)
	setStatus(t, s, a[1], fail)
	setStatus(t, s, a[2], running)
	// alphabet shares alpha's first letters (the separator must keep them apart): failed,
	// then killed last.
	b := createN(t, s, "alphabet", "", 2, workflows.InstancePrep, t0)
	setStatus(t, s, b[0], running)
	setStatus(t, s, b[0], fail)
	setStatus(t, s, b[1], running)
	setStatus(t, s, b[1], killed)
	// The order of finishing does not matter, creation does: gamma-1 (newer) succeeded
	// before gamma-0 failed.
	g := createN(t, s, "gamma", "", 2, workflows.InstancePrep, t0)
	setStatus(t, s, g[1], running)
	setStatus(t, s, g[1], ok)
	setStatus(t, s, g[0], running)
	setStatus(t, s, g[0], fail)
	createN(t, s, "queued", "", 2, workflows.InstancePrep, t0)

	got, err := s.LatestFinished([]string{"alpha", "alphabet", "gamma", "queued", "unknown"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]workflows.InstanceStatus{"alpha": fail, "alphabet": killed, "gamma": ok}
	if !maps.Equal(got, want) {
		t.Fatalf("LatestFinished = %v, want %v", got, want)
	}
}

// FileStatusCounts finds the status without decoding: a path or a problem that spells the
// field must not fool it, and the counts equal those of decoding every record.
func TestFileStatusCountsMatchesDecodingEveryRecord(t *testing.T) {
	s := openTemp(t)
	var cmds []Command
	for i := range 30 {
		pf := PutFile{Path: fmt.Sprintf("d/%d.xml", i), Status: FileLoaded, Workflow: fmt.Sprintf("w%d", i), At: t0}
		switch i % 3 {
		case 1:
			pf.Status = FileError
			pf.Problems = workflows.Problems{{Severity: workflows.SeverityError, Code: "xml",
				Message: `"status":"loaded" is not a tag`}}
		case 2:
			pf.Status = FileDisabled
		}
		if i%5 == 0 {
			pf.Path = fmt.Sprintf(`odd "status":"loaded" \ %d.xml`, i)
		}
		cmds = append(cmds, pf)
	}
	must(t, s, cmds...)

	got, err := s.FileStatusCounts()
	if err != nil {
		t.Fatal(err)
	}
	files, err := s.Files()
	if err != nil {
		t.Fatal(err)
	}
	want := map[FileStatus]int{}
	for _, f := range files {
		want[f.Status]++
	}
	if !maps.Equal(got, want) || want[FileError] != 10 || want[FileDisabled] != 10 || want[FileLoaded] != 10 {
		t.Fatalf("FileStatusCounts = %v, decoding every record gives %v (want 10 of each)", got, want)
	}
}

func TestFileStatusOfFallsBackWhenTheValueIsNotPlain(t *testing.T) {
	for _, tc := range []struct {
		json string
		want FileStatus
		ok   bool
	}{
		{`{"path":"a","status":"error","at":"x"}`, FileError, true},
		{`{"path":"a","status":"err\u006fr"}`, "", false}, // escaped: decode in full
		{`{"path":"a"}`, "", false},
		{`{"path":"a","status":"unterminated`, "", false},
	} {
		got, ok := fileStatusOf([]byte(tc.json))
		if got != tc.want || ok != tc.ok {
			t.Errorf("fileStatusOf(%s) = %q, %v; want %q, %v", tc.json, got, ok, tc.want, tc.ok)
		}
	}
	// The escaped form decodes to the same status, which the full decode then counts.
	var rec FileRecord
	if err := json.Unmarshal([]byte(`{"path":"a","status":"err\u006fr"}`), &rec); err != nil || rec.Status != FileError {
		t.Fatalf("decode = %q, %v", rec.Status, err)
	}
}

// FuzzFileStatusOf: on any record encoding/json writes, the fast path either finds the
// status the record holds or declines.
func FuzzFileStatusOf(f *testing.F) {
	f.Add("a.xml", "error", "w", `"status":"loaded"`)
	f.Add(`"status":"x`, "loaded", "", `\"`)
	f.Fuzz(func(t *testing.T, path, status, wf, msg string) {
		rec := PutFile{Path: path, Status: FileStatus(status), Workflow: wf,
			Problems: workflows.Problems{{Code: "c", Message: msg}}}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Skip()
		}
		var back FileRecord
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("round trip of %s: %v", b, err)
		}
		if got, ok := fileStatusOf(b); ok && got != back.Status {
			t.Fatalf("fileStatusOf(%s) = %q, the record holds %q", b, got, back.Status)
		}
	})
}

func TestFilesPagePagesAndFiltersByPath(t *testing.T) {
	s := openTemp(t)
	var cmds []Command
	for i := range 25 {
		st := FileLoaded
		if i%5 == 0 {
			st = FileError
		}
		cmds = append(cmds, PutFile{Path: fmt.Sprintf("f%02d.xml", i), Status: st, At: t0})
	}
	must(t, s, cmds...)
	paths := func(recs []FileRecord) string {
		var out []string
		for _, r := range recs {
			out = append(out, r.Path)
		}
		return fmt.Sprint(out)
	}
	for _, tc := range []struct {
		q     FileQuery
		want  string
		total int
	}{
		{FileQuery{}, "", 25}, // checked by length below
		{FileQuery{Limit: 3, Offset: 10}, "[f10.xml f11.xml f12.xml]", 25},
		{FileQuery{Status: FileError}, "[f00.xml f05.xml f10.xml f15.xml f20.xml]", 5},
		{FileQuery{Status: FileError, Limit: 2, Offset: 3}, "[f15.xml f20.xml]", 5},
		{FileQuery{Status: FileError, Offset: 9}, "[]", 5},
		{FileQuery{Status: FileDisabled}, "[]", 0},
	} {
		got, total, err := s.FilesPage(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if total != tc.total || (tc.want != "" && paths(got) != tc.want) || (tc.want == "" && len(got) != 25) {
			t.Errorf("FilesPage(%+v) = %s, total %d; want %s, total %d", tc.q, paths(got), total, tc.want, tc.total)
		}
	}
}

// RecentWorkflows agrees with the general list, also for a name encoding/json escapes.
func TestRecentWorkflowsMatchesTheList(t *testing.T) {
	s := openTemp(t)
	var cmds []Command
	for i, wf := range []string{"alpha", "a<b&c", "beta", "alpha", "beta", "a<b&c", "gamma"} {
		cmds = append(cmds, create(inst(fmt.Sprintf("i-%d", i), wf, workflows.InstancePrep, t0.Add(time.Duration(i)*time.Minute))))
	}
	must(t, s, cmds...)
	failed := workflows.InstanceFailed
	list, _, err := s.Instances(InstanceQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range list {
		setStatus(t, s, rec.Instance.ID, workflows.InstanceRunning)
		setStatus(t, s, rec.Instance.ID, failed)
	}
	for _, limit := range []int{1, 3, 100} {
		got, err := s.RecentWorkflows(failed, limit)
		if err != nil {
			t.Fatal(err)
		}
		recs, _, err := s.Instances(InstanceQuery{Status: &failed, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, r := range recs {
			want = append(want, r.Instance.Workflow)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("RecentWorkflows(failed, %d) = %q, the list says %q", limit, got, want)
		}
	}
	if got, err := s.RecentWorkflows(workflows.InstanceKilled, 10); err != nil || len(got) != 0 {
		t.Errorf("RecentWorkflows(killed) = %q, %v; want none", got, err)
	}
}

// CountsBetween over day bounds equals CountsByDay, in a zone that is not UTC.
func TestCountsBetweenMatchesCountsByDay(t *testing.T) {
	s := openTemp(t)
	loc := time.FixedZone("UTC+8", 8*3600)
	statuses := []workflows.InstanceStatus{workflows.InstancePrep, workflows.InstanceSucceeded, workflows.InstanceFailed}
	var cmds []Command
	for i := range 200 {
		in := inst(fmt.Sprintf("i-%03d", i), "wf", statuses[i%3], t0.Add(time.Duration(i)*37*time.Minute))
		cmds = append(cmds, create(in))
	}
	must(t, s, cmds...)
	y, m, d := t0.In(loc).Date()
	var bounds []time.Time
	for i := range 5 {
		bounds = append(bounds, time.Date(y, m, d+i, 0, 0, 0, 0, loc))
	}
	got, err := s.CountsBetween(bounds)
	if err != nil {
		t.Fatal(err)
	}
	byDay, err := s.CountsByDay(bounds[0], loc)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for i := range len(bounds) - 1 {
		want := byDay[bounds[i].Format(time.DateOnly)]
		if want == nil {
			want = map[workflows.InstanceStatus]int{}
		}
		if !maps.Equal(got[i], want) {
			t.Errorf("day %s: CountsBetween %v, CountsByDay %v", bounds[i].Format(time.DateOnly), got[i], want)
		}
		for _, n := range got[i] {
			total += n
		}
	}
	if total == 0 || total == 200 {
		t.Fatalf("the window should hold some instances, not all: %d", total)
	}
	if _, err := s.CountsBetween([]time.Time{bounds[1], bounds[0]}); workflows.CodeOf(err) != workflows.CodeInvalid {
		t.Fatalf("descending bounds = %v, want CodeInvalid", err)
	}
}

// FuzzHeaderWorkflowField: on any instance header encoding/json writes, the fast read of the
// workflow either finds the instance's workflow or declines.
func FuzzHeaderWorkflowField(f *testing.F) {
	f.Add("i-1", "daily", "k", `"workflow":"x"`)
	f.Add(`"workflow":"evil`, "a<b", `\`, "")
	f.Fuzz(func(t *testing.T, id, wf, key, value string) {
		h := header{Instance: workflows.Instance{ID: id, Workflow: wf, Params: map[string]string{key: value}}, Group: value}
		b, err := json.Marshal(h)
		if err != nil {
			t.Skip()
		}
		var back header
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("round trip of %s: %v", b, err)
		}
		if got, ok := plainStringField(b, workflowField); ok && got != back.Instance.Workflow {
			t.Fatalf("plainStringField(%s) = %q, the header holds %q", b, got, back.Instance.Workflow)
		}
	})
}
