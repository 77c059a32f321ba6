package executors

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

// 8 goroutines × 50 scripts: writing a script and running it right away must never hit
// ETXTBSY (the file is never executed itself) and each run sees its own code.
func TestConcurrentScripts(t *testing.T) {
	t.Parallel()
	const workers, perWorker = 8, 50
	x := NewScript(testConfig(t))
	var wg sync.WaitGroup
	errs := make(chan string, workers*perWorker)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				task := scriptTask("#!/bin/sh\necho \"$1\"")
				task.Node = "n" + string(rune('a'+w))
				task.Action.Script.ParamLine = task.Node + "-" + string(rune('A'+i%26))
				var out capture
				r := x.Run(context.Background(), task, TaskIO{Stdout: &out})
				if r.Status != workflows.AttemptSucceeded || out.String() != task.Action.Script.ParamLine+"\n" {
					errs <- r.Status.String() + " " + r.Message + " stdout " + out.String()
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	var failures []string
	for e := range errs {
		failures = append(failures, e)
	}
	if len(failures) > 0 {
		t.Fatalf("%d of %d runs failed; first: %s (text file busy: %v)", len(failures), workers*perWorker,
			failures[0], strings.Contains(strings.Join(failures, "\n"), "text file busy"))
	}
}
