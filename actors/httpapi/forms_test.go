package httpapi

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"reflect"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// TestPutWorkflowMultipart: a browser form or `curl -F xml=@file.xml` works, as a value or as
// a file part.
func TestPutWorkflowMultipart(t *testing.T) {
	t.Parallel()
	for _, asFile := range []bool{false, true} {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if asFile {
			fw, _ := mw.CreateFormFile("xml", "daily.xml")
			_, _ = fw.Write([]byte("<work-flow/>"))
		} else {
			_ = mw.WriteField("xml", "<work-flow/>")
		}
		_ = mw.Close()
		hs := newHarness(t, Options{})
		rec := hs.do(req{method: "POST", target: "/api/v1/workflows", body: body.String(),
			contentType: mw.FormDataContentType()})
		if rec.Code != http.StatusCreated {
			t.Fatalf("file=%v: status %d %s", asFile, rec.Code, rec.Body)
		}
		want := call{"PutWorkflow", []any{"<work-flow/>", ""}}
		if calls := hs.fake.seen(); len(calls) != 1 || !reflect.DeepEqual(calls[0], want) {
			t.Errorf("file=%v: calls %v", asFile, calls)
		}
	}
}

// TestPutWorkflowReplaces: replacing an existing definition is 200 without a Location.
func TestPutWorkflowReplaces(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	hs.fake.created = false
	rec := hs.do(req{method: "POST", target: "/api/v1/workflows", body: "<work-flow/>"})
	if rec.Code != http.StatusOK || rec.Header().Get("Location") != "" {
		t.Fatalf("status %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}
	assertJSON(t, rec, apiv1.PutWorkflowResponse{Name: "daily"})
}

// TestLocationEscapesIDs: an id with reserved characters stays one path segment.
func TestLocationEscapesIDs(t *testing.T) {
	t.Parallel()
	if got := instanceURL("a/b c"); got != "/api/v1/instances/a%2Fb%20c" {
		t.Errorf("instanceURL = %q", got)
	}
	if got := workflowURL("etl/daily"); got != "/api/v1/workflows/etl%2Fdaily" {
		t.Errorf("workflowURL = %q", got)
	}
}
