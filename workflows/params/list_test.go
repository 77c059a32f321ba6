package params_test

import (
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/params"
)

func plist(kv ...string) []workflows.Param {
	var out []workflows.Param
	for i := 0; i < len(kv); i += 2 {
		out = append(out, workflows.Param{Name: kv[i], Value: kv[i+1],
			Pos: workflows.Pos{File: "wf.xml", Line: 10 + i/2, Col: 5}})
	}
	return out
}

func TestEvalList(t *testing.T) {
	now := time.Date(2024, 3, 15, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		list  []workflows.Param
		given map[string]string
		want  map[string]string
	}{
		{"chained in order",
			plist("day", "${time.yesterday|yyyyMMdd}", "dir", "/data/${param:day}", "file", "${param:dir}/${param:day}.csv"),
			nil,
			map[string]string{"day": "20240314", "dir": "/data/20240314", "file": "/data/20240314/20240314.csv"}},
		{"caller params override verbatim and are visible",
			plist("day", "${time.yesterday|yyyyMMdd}", "dir", "/data/${param:day}/${param:region}"),
			map[string]string{"day": "${time.today}", "region": "eu"},
			map[string]string{"day": "${time.today}", "dir": "/data/${time.today}/eu", "region": "eu"}},
		{"an overridden entry is not evaluated",
			plist("day", "${param:nowhere}"), map[string]string{"day": "1"}, map[string]string{"day": "1"}},
		{"later duplicate wins and sees the earlier",
			plist("dir", "/data", "x", "${param:dir}", "dir", "${param:dir}/sub"),
			nil, map[string]string{"dir": "/data/sub", "x": "/data"}},
		{"values with markup stay intact",
			plist("q", "a < b && c ]]> d", "r", "[${param:q}]"),
			nil, map[string]string{"q": "a < b && c ]]> d", "r": "[a < b && c ]]> d]"}},
		{"empty list", nil, map[string]string{"a": "1"}, map[string]string{"a": "1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			given := maps.Clone(c.given)
			got, err := params.EvalList(c.list, params.Env{Params: c.given, Now: now})
			if err != nil || !maps.Equal(got, c.want) {
				t.Errorf("EvalList = %v, %v; want %v", got, err, c.want)
			}
			if !maps.Equal(c.given, given) {
				t.Errorf("caller's params changed: %v", c.given)
			}
		})
	}
}

func TestEvalListErrorNamesTheParam(t *testing.T) {
	// A param cannot see one defined below it.
	_, err := params.EvalList(plist("a", "1", "b", "${param:c}", "c", "3"), params.Env{})
	var e *workflows.Error
	if !errors.As(err, &e) || e.Code != workflows.CodeInvalid {
		t.Fatalf("err = %v, want a CodeInvalid *workflows.Error", err)
	}
	const want = `param "b" (wf.xml:11:5): ${param:c}: unknown param "c"`
	if e.Message != want {
		t.Errorf("message = %q, want %q", e.Message, want)
	}
	if len(e.Problems) != 1 || e.Problems[0].Pos.Line != 11 || e.Problems[0].Code != "param-expansion" {
		t.Errorf("problems = %+v", e.Problems)
	}
}
