package gateway

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi"
)

// Lists running while the store changes and the gateway invalidates its snapshot: every
// answer is a consistent page, and the last list sees every definition.
func TestConcurrentListsWhileDefinitionsChange(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.ListMaxStale = -1 })
	ctx := context.Background()
	if err := f.gw.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				list, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 1000})
				if err == nil && len(list.Items) != list.Total {
					err = fmt.Errorf("page of %d rows, total %d", len(list.Items), list.Total)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := range 30 {
		name := fmt.Sprintf("wf%02d", i)
		f.apply(putDef(name, name+".xml", wfXML(wfSpec{name: name})))
		if i%3 == 0 {
			f.gw.catalog.invalidate()
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	list, err := f.gw.ListWorkflows(ctx, httpapi.WorkflowQuery{Limit: 1000})
	if err != nil || list.Total != 30 {
		t.Fatalf("final list: %d, %v", list.Total, err)
	}
}

func TestCommentsAreNotParamReferences(t *testing.T) {
	cases := map[string]string{
		"a<!-- ${param:x} -->b":                   "ab",
		"<![CDATA[<!-- kept ${param:y} -->]]>c":   "<![CDATA[<!-- kept ${param:y} -->]]>c",
		"a<!-- unterminated":                      "a",
		"<![CDATA[open":                           "<![CDATA[open",
		"x<!--1-->y<![CDATA[<!--2-->]]>z<!--3-->": "xy<![CDATA[<!--2-->]]>z",
	}
	for in, want := range cases {
		if got := stripComments([]byte(in)); got != want {
			t.Errorf("stripComments(%q) = %q, want %q", in, got, want)
		}
	}
}
