package params_test

import (
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows/params"
)

func FuzzExpand(f *testing.F) {
	for _, s := range []string{"", "plain", "${param:dt}", "${ param : dt }", "${time.today|yyyyMMdd|-1 day}",
		"${time.last_month|yyyy-MM-dd'T'HH|+2 Months}", "${instance.scheduled_time|u w D|3 weeks}",
		"${output:a.b}", "${HOME} ${1:-x} $ ${", "${A:-${param:dt}}", "${param:-x}", "${time.today|'a''b|1 year}"} {
		f.Add(s)
	}
	env := testEnv(f)
	env.Outputs = func(node, key string) (string, bool) { return node + key, node != "" }
	f.Fuzz(func(t *testing.T, text string) {
		out, err := params.Expand(text, env)
		if !strings.Contains(text, "${") && (err != nil || out != text) {
			t.Fatalf("Expand(%q) = %q, %v; want the input back", text, out, err)
		}
		if !strings.Contains(text, "output") {
			if got, err := params.ResolveOutputs(text, env.Outputs); err != nil || got != text {
				t.Fatalf("ResolveOutputs(%q) = %q, %v; want the input back", text, got, err)
			}
		}
		params.Referenced(text)
		params.OutputRefs(text)
	})
}

func FuzzFormatJava(f *testing.F) {
	for _, s := range []string{"yyyy-MM-dd", "GyYMwDduEaHkKhmsSzZX", "'x''y'", "XXXX", "'", "年MMMM EEEE"} {
		f.Add(s, int64(1710464707), 8*3600)
	}
	f.Fuzz(func(t *testing.T, pattern string, unix int64, offset int) {
		at := time.Unix(unix, unix%1e9).In(time.FixedZone("f", offset%(18*3600)))
		out, err := params.FormatJava(at, pattern)
		if err == nil && !strings.ContainsAny(pattern, "'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") && out != pattern {
			t.Fatalf("FormatJava(%q) = %q; a pattern without letters or quotes is literal", pattern, out)
		}
	})
}
