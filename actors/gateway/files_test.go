package gateway

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/workflows/store"
)

// TestXMLFilesPages pages and filters the files by path, through the store's paged read and
// through the general one (every record, sliced), which must agree.
func TestXMLFilesPages(t *testing.T) {
	f := newFixture(t)
	var cmds []store.Command
	for i := range 30 {
		st := []store.FileStatus{store.FileLoaded, store.FileLoaded, store.FileError}[i%3]
		if i == 7 {
			st = store.FileDisabled
		}
		cmds = append(cmds, store.PutFile{Path: fmt.Sprintf("d/%02d.xml", i), Status: st, At: t0})
	}
	f.apply(cmds...)
	general := New(Config{Master: f.master, Store: generalReader{f.store}, Location: time.UTC, Logger: quiet})
	for _, tc := range []struct {
		q           httpapi.XMLFileQuery
		first, last string
		n, total    int
	}{
		{httpapi.XMLFileQuery{}, "d/00.xml", "d/29.xml", 30, 30},
		{httpapi.XMLFileQuery{Limit: 5, Offset: 25}, "d/25.xml", "d/29.xml", 5, 30},
		{httpapi.XMLFileQuery{Limit: 5, Offset: 28}, "d/28.xml", "d/29.xml", 2, 30},
		{httpapi.XMLFileQuery{Status: "error", Limit: 3, Offset: 1}, "d/05.xml", "d/11.xml", 3, 10},
		{httpapi.XMLFileQuery{Status: "disabled"}, "d/07.xml", "d/07.xml", 1, 1},
		{httpapi.XMLFileQuery{Status: "loaded", Offset: 100}, "", "", 0, 19},
	} {
		got, err := f.gw.ListXMLFiles(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Items) != tc.n || got.Total != tc.total ||
			(tc.n > 0 && (got.Items[0].Path != tc.first || got.Items[tc.n-1].Path != tc.last)) {
			t.Errorf("ListXMLFiles(%+v) = %d items (%+v), total %d; want %d from %s to %s, total %d",
				tc.q, len(got.Items), got.Items, got.Total, tc.n, tc.first, tc.last, tc.total)
		}
		want, err := general.ListXMLFiles(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ListXMLFiles(%+v): the store's page %+v differs from the general read %+v", tc.q, got, want)
		}
	}
}
