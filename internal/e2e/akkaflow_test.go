//go:build linux

package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// akkaflow's GET /akkaflow/workflow/{name}?action=run answers {"result":"success","data":id}
// and the instance runs.
func TestAkkaflowRunRoute(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	trace := filepath.Join(t.TempDir(), "trace")
	s.add(workflow("akka_run", "", "",
		`<start name="start" to="work"/>`,
		action("work", "", fmt.Sprintf(`echo "ran ${param:day}" >> %q`, trace), "end", ""),
		`<end name="end"/>`))

	resp, err := http.Get(s.url() + "/akkaflow/workflow/akka_run?action=run&day=2024-05-01")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d: %s", resp.StatusCode, body)
	}
	var got struct {
		Result string `json:"result"`
		Msg    any    `json:"msg"`
		Data   any    `json:"data"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("not akkaflow's JSON envelope: %v\n%s", err, body)
	}
	id, ok := got.Data.(string)
	if got.Result != "success" || !ok || id == "" {
		t.Fatalf(`want {"result":"success","data":"<id>"}, got %s`, body)
	}

	inst := s.waitFor(id, "succeeded", 30*time.Second)
	if inst.Workflow != "akka_run" || inst.Trigger != "run" {
		t.Errorf("instance %s is a %s of %s, want a run of akka_run", id, inst.Trigger, inst.Workflow)
	}
	if lines := lines(t, trace); !slices.Equal(lines, []string{"ran 2024-05-01"}) {
		t.Errorf("the task saw %v, want the query parameter day=2024-05-01 as a param", lines)
	}
}
