package workflows

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestPlanPredecessorsAndJoins(t *testing.T) {
	p := engNew("w").start("s", "f").fork("f", "a", "b", "j").
		act("a", "j", "j").act("b", "j", "h").act("h", "e", "").join("j", "e").end("e").plan(t)
	want := []Predecessor{{"f", EdgePath}, {"a", EdgeOk}, {"a", EdgeError}, {"b", EdgeOk}}
	if got := p.Predecessors("j"); !slices.Equal(got, want) {
		t.Errorf("Predecessors(j) = %v, want %v", got, want)
	}
	if got := p.Expected("j"); got != 3 {
		t.Errorf("Expected(j) = %d, want 3 (f, a and b; a once although it has two edges)", got)
	}
	if got := p.Predecessors("e"); !slices.Equal(got, []Predecessor{{"h", EdgeOk}, {"j", EdgeTo}}) {
		t.Errorf("Predecessors(e) = %v", got)
	}
	if p.Len() != 7 || p.Node("h") == nil || p.Node("zz") != nil || p.Workflow().Name != "w" {
		t.Errorf("accessors: len %d", p.Len())
	}
	b, _ := json.Marshal(want[2])
	if string(b) != `{"from":"a","edge":"error"}` {
		t.Errorf("predecessor JSON %s", b)
	}
}

func TestPlanRefusesWhatCannotRun(t *testing.T) {
	tests := []struct {
		name string
		b    *engB
		want string
	}{
		{"no start", engNew("w").act("a", "e", "").end("e"), "no start"},
		{"duplicate", engNew("w").start("s", "a").act("a", "e", "").act("a", "e", "").end("e"), "used twice"},
		{"unknown ok", engNew("w").start("s", "a").act("a", "nope", "").end("e"), `unknown node "nope"`},
		{"unknown error", engNew("w").start("s", "a").act("a", "e", "nope").end("e"), `unknown node "nope"`},
		{"unknown path", engNew("w").start("s", "f").fork("f", "e", "nope").end("e"), `unknown node "nope"`},
		{"empty fork", engNew("w").start("s", "f").fork("f").end("e"), "no path"},
		{"action without attributes", engNew("w").start("s", "a").add(&Node{Name: "a", Kind: KindAction}).end("e"), "no attributes"},
		{"nil node", engNew("w").start("s", "e").add(nil).end("e"), "nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewPlan(tc.b.w)
			if CodeOf(err) != CodeInvalid || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewPlan: %v, want invalid mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := NewPlan(nil); CodeOf(err) != CodeInvalid {
		t.Errorf("NewPlan(nil): %v", err)
	}
}

func TestEngineKindsRenderAsWords(t *testing.T) {
	b, err := json.Marshal(struct {
		E  EventKind
		F  EffectKind
		T  Timer
		ED EdgeKind
	}{EventTaskLost, EffectCancelTimer, Timer{Kind: TimerTimeout, Node: "a", Visit: 2}, EdgeOk})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"E":"task_lost","F":"cancel_timer","T":{"kind":"timeout","node":"a","visit":2},"ED":"ok"}`
	if string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
	var tm Timer
	if err := json.Unmarshal([]byte(`{"kind":"retry","node":"a","visit":1,"attempt":2}`), &tm); err != nil ||
		tm != (Timer{Kind: TimerRetry, Node: "a", Visit: 1, Attempt: 2}) {
		t.Errorf("timer round trip: %+v %v", tm, err)
	}
	for _, e := range []Event{Start{}, TaskStarted{}, TaskSucceeded{}, TaskFailed{}, TaskLost{}, TimerFired{}, KillRequested{}} {
		if strings.HasPrefix(e.Kind().String(), "unknown") {
			t.Errorf("%T has no kind name", e)
		}
	}
	for _, e := range []Effect{Dispatch{}, CancelTask{}, SetTimer{}, CancelTimer{}, Finished{}} {
		if strings.HasPrefix(e.Kind().String(), "unknown") {
			t.Errorf("%T has no kind name", e)
		}
	}
}

func TestEngineViewCopiesState(t *testing.T) {
	p := engNew("w").start("s", "a").act("a", "e", "").end("e").plan(t)
	h := engHarness(t, NewRun(p, InstanceSpec{ID: "i", Params: map[string]string{"x": "1"}}))
	h.start()
	h.succeed("a", "k", "v")
	v := h.run.View()
	if len(v.Nodes) != 3 || v.Nodes[1].Name != "a" || v.Nodes[1].Kind != KindAction || v.Nodes[1].Type != ActionShell {
		t.Fatalf("view nodes %+v", v.Nodes)
	}
	v.Nodes[1].Outputs["k"] = "changed"
	v.Nodes[1].Attempts[0].Status = AttemptFailed
	v.Params["x"] = "2"
	if h.run.Outputs("a")["k"] != "v" || h.node("a").Attempts[0].Status != AttemptSucceeded || h.run.Instance().Params["x"] != "1" {
		t.Error("the view aliases the engine's state")
	}
	b, err := json.Marshal(v.Nodes[1])
	if err != nil || !strings.Contains(string(b), `"name":"a"`) || !strings.Contains(string(b), `"kind":"action"`) {
		t.Errorf("node view JSON %s %v", b, err)
	}
}
