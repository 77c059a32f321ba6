package gateway

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// generalReader hides the store's dashboard reads, so a gateway over it takes the general
// list queries: the reference the fast path must agree with.
type generalReader struct{ store.Reader }

// TestFrontFastReadsAgreeWithGeneralOnes builds a random history (statuses in any order,
// unfinished instances after finished ones, undefined workflows among the failures, files in
// every status) and checks that the dashboard over the store's indexed reads equals the
// dashboard over its general lists.
func TestFrontFastReadsAgreeWithGeneralOnes(t *testing.T) {
	for seed := range uint64(5) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			f := newFixture(t)
			rng := rand.New(rand.NewPCG(seed, 7))
			var cmds []store.Command
			for i := range 12 {
				name := fmt.Sprintf("wf_%02d", i)
				cmds = append(cmds, putDef(name, name+".xml", wfXML(wfSpec{name: name, cron: "0 1 * * *"})))
			}
			def := definitionJSON(t, wfXML(wfSpec{name: "wf_00"}))
			statuses := []workflows.InstanceStatus{workflows.InstancePrep, workflows.InstanceRunning,
				workflows.InstanceSucceeded, workflows.InstanceFailed, workflows.InstanceFailed, workflows.InstanceKilled}
			for i := range 300 {
				wf := fmt.Sprintf("wf_%02d", rng.IntN(15)) // 12…14 are not defined
				st := statuses[rng.IntN(len(statuses))]
				in := instanceOfWF(fmt.Sprintf("i-%04d", i), wf, st, t0.Add(-time.Duration(300-i)*37*time.Minute)) // 7.7 days
				cmds = append(cmds, store.CreateInstance{Instance: in, Definition: def, Version: 1})
			}
			for i := range 40 {
				st := []store.FileStatus{store.FileLoaded, store.FileError, store.FileDisabled}[rng.IntN(3)]
				cmds = append(cmds, store.PutFile{Path: fmt.Sprintf("f%02d.xml", i), Status: st, At: t0})
			}
			f.apply(cmds...)

			fast, err := f.gw.Front(context.Background(), t0)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := f.gw.cfg.Store.(frontReader); !ok {
				t.Fatal("the fixture's store does not have the dashboard reads: the test compares nothing")
			}
			general := New(Config{Master: f.master, Store: generalReader{f.store}, Location: time.UTC,
				Now: func() time.Time { return t0 }, Logger: quiet})
			want, err := general.Front(context.Background(), t0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(fast, want) {
				t.Fatalf("fast dashboard differs from the general one:\nfast    failing %v, file errors %d, days %v\ngeneral failing %v, file errors %d, days %v",
					fast.Failing, fast.FileErrors, fast.Days, want.Failing, want.FileErrors, want.Days)
			}
			days := 0
			for _, d := range want.Days {
				if len(d.Counts) > 0 {
					days++
				}
			}
			if len(want.Failing) == 0 || want.FileErrors == 0 || days < 6 {
				t.Fatalf("the history should have failing workflows, files in error and most days counted: %v, %d, %d days",
					want.Failing, want.FileErrors, days)
			}
		})
	}
}
