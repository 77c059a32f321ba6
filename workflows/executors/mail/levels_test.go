package mail

import (
	"slices"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

func TestParseMailLevel(t *testing.T) {
	S, F, K := workflows.InstanceSucceeded, workflows.InstanceFailed, workflows.InstanceKilled
	for text, want := range map[string][]workflows.InstanceStatus{
		"W_FAILED":                {F},
		"w_successed, W_KILLED":   {S, K},
		"成功, 失败,杀死":               {S, F, K},
		"超时":                      {F},
		"succeeded,failed,failed": {S, F},
		"":                        nil,
		"失败，成功":                   {F, S},
		"W_SUCCESS":               {S},
		"Failed":                  {F},
		" killed ":                {K},
	} {
		got, err := ParseMailLevel(text)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseMailLevel(%q) = %v, %v; want %v", text, got, err, want)
		}
	}
	for _, bad := range []string{"W_RUNNING", "就绪", "sometimes", "W_FAILED,nope"} {
		if _, err := ParseMailLevel(bad); err == nil {
			t.Errorf("ParseMailLevel(%q) accepted it", bad)
		}
	}
}

func TestWantsMail(t *testing.T) {
	level := []workflows.InstanceStatus{workflows.InstanceFailed}
	if !WantsMail(level, workflows.InstanceFailed) || WantsMail(level, workflows.InstanceSucceeded) ||
		WantsMail([]workflows.InstanceStatus{workflows.InstanceRunning}, workflows.InstanceRunning) {
		t.Fatal("WantsMail disagrees with the level")
	}
}

func FuzzParseMailLevel(f *testing.F) {
	for _, s := range []string{"W_FAILED", "成功,失败", "超时", ",,", "w_killed , x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := ParseMailLevel(text)
		if err != nil {
			return
		}
		for i, s := range got {
			if !s.Terminal() || slices.Contains(got[:i], s) {
				t.Fatalf("ParseMailLevel(%q) = %v: non-final or repeated status", text, got)
			}
		}
	})
}
