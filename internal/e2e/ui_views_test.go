//go:build linux

package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const uiToken = "ui-secret-token"

// uiFlowXML is drawn with every kind of edge: fork paths, joins, ok and error. Node a waits
// for gate, so the test sees the graph while a runs before it turns green.
func uiFlowXML(gate string) string {
	wait := fmt.Sprintf(`for i in $(seq 600); do [ -e %q ] && break; sleep 0.05; done; echo "node a passed the gate"`, gate)
	return workflow("ui_flow", `desc="browser test flow" dir="/ui/tests"`, "",
		`<start name="start" to="split"/>`,
		`<fork name="split"><path to="a"/><path to="b"/></fork>`,
		action("a", "", wait, "merge", "fail"),
		action("b", "", `echo "hello from node b"`, "merge", "fail"),
		`<join name="merge" to="c"/>`,
		action("c", "", `echo "node c done"`, "end", "fail"),
		`<kill name="fail"><message>ui_flow failed</message></kill>`,
		`<end name="end"/>`)
}

// TestUIViews drives the web UI of a real standalone server in Chromium: every view loads,
// a workflow triggered from the UI turns green node by node, its log follows live, a running
// instance is killed from the UI, a broken file shows its error with file:line:col, the API
// token is asked for once, and the labels switch to Chinese. Screenshots of each view are
// written to a temporary directory, or to $ACTORFLOW_UI_SCREENSHOTS.
func TestUIViews(t *testing.T) {
	b := newBrowser(t)
	xml := filepath.Join(t.TempDir(), "xmlconfig")
	examples, _ := filepath.Glob(filepath.Join(repoRoot, "xmlconfig", "example", "*.xml"))
	for _, f := range examples {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(xml, "example", filepath.Base(f)), string(data))
	}
	gate := filepath.Join(t.TempDir(), "gate")
	writeFile(t, filepath.Join(xml, "ui", "ui_flow.xml"), uiFlowXML(gate))
	writeFile(t, filepath.Join(xml, "ui", "ui_slow.xml"), workflow("ui_slow", `dir="/ui/tests"`, "",
		`<start name="start" to="sleepy"/>`, action("sleepy", "", "echo sleeping; exec sleep 300", "end", ""), `<end name="end"/>`))
	s := startServer(t, withXMLConfig(xml), withArgs("--api-token", uiToken))
	base := s.url()

	// / sends a browser to the UI; curl keeps the text index.
	if resp, err := http.Get(base + "/"); err != nil || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("GET / without Accept: text/html = %v %v, want the text index", resp, err)
	} else {
		resp.Body.Close()
	}

	b.do("home", 30*time.Second, chromedp.Navigate(base+"/"), ready(), visible(`#days-chart`))
	url, text := get(b, "location", chromedp.Location()), b.text(`#master-name`)
	if !strings.HasSuffix(url, "/ui/") || text == "" || text == "—" {
		t.Errorf("home: url %s, master %q; want /ui/ and the master's name", url, text)
	}

	// Workflows: the tree, the search.
	b.do("workflows", 30*time.Second, click(`#nav-workflows`), ready(),
		visible(`#dir-tree a[title="ui/tests"]`),
		visible(`tr[data-workflow="daily_etl"]`))
	b.screenshot("workflows")
	b.do("search", 30*time.Second, chromedp.SetValue(chromedp.CSS(`#wf-search`), "ui_"),
		click(`#wf-search + button`),
		visible(`tr[data-workflow="ui_slow"]`),
		chromedp.WaitNotPresent(chromedp.CSS(`tr[data-workflow="daily_etl"]`)))

	// Workflow detail: the graph with every kind of edge.
	b.do("workflow graph", 30*time.Second, click(`tr[data-workflow="ui_flow"] a`), ready(),
		visible(`#dag g[data-node="merge"]`))
	for _, kind := range []string{"fork", "join", "ok", "error", "next"} {
		n := get(b, "count "+kind+" edges",
			chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('#dag g.edge[data-kind=%q]').length`, kind)))
		if n == 0 {
			t.Errorf("the graph draws no %s edge", kind)
		}
	}
	b.screenshot("workflow")

	// Trigger from the UI: confirm, then the token is asked for (the server has one).
	b.do("trigger", 30*time.Second, click(`#btn-trigger`),
		click(`#modal-ok`),
		visible(`#token-input`),
		chromedp.SendKeys(chromedp.CSS(`#token-input`), uiToken),
		click(`#modal-ok`),
		visible(`#inst-id`),
		visible(`#dag g[data-node="a"][data-status="running"]`),
		visible(`#dag g[data-node="b"][data-status="succeeded"]`))
	id := b.text(`#inst-id`)
	if inst := s.instance(id); inst.Workflow != "ui_flow" {
		t.Fatalf("the UI shows instance %s of %s, want ui_flow", id, inst.Workflow)
	}
	touch(t, gate)
	b.do("nodes turn green", 60*time.Second,
		visible(`#dag g[data-node="a"][data-status="succeeded"]`),
		visible(`#dag g[data-node="c"][data-status="succeeded"]`),
		visible(`#inst-status [data-status="succeeded"]`),
		visible(`#gantt`))
	// The log followed live (SSE) and ended with the instance.
	b.do("log", 30*time.Second, visible(`#log[data-ended="1"]`))
	text = b.text(`#log`)
	for _, want := range []string{"node a passed the gate", "hello from node b", "node c done"} {
		if !strings.Contains(text, want) {
			t.Errorf("the log lacks %q:\n%s", want, text)
		}
	}
	b.screenshot("instance")
	b.do("one node's log", 30*time.Second, click(`tr[data-node="b"] a.log-link`),
		visible(`#log[data-ended="1"]`))
	text = b.text(`#log`)
	if !strings.Contains(text, "hello from node b") || strings.Contains(text, "node c done") {
		t.Errorf("node b's log is %q", text)
	}

	// The runs grid.
	b.do("runs grid", 30*time.Second, chromedp.Navigate(base+"/ui/workflows/ui_flow?tab=runs"), ready(),
		visible(`#runs-grid .sq[data-status="succeeded"]`))
	b.screenshot("workflow-runs")

	// Kill a running instance from the UI: the token is not asked for again.
	b.do("start the slow one", 30*time.Second, chromedp.Navigate(base+"/ui/workflows/ui_slow"), ready(),
		click(`#btn-trigger`), click(`#modal-ok`),
		visible(`#inst-id`),
		visible(`#dag g[data-node="sleepy"][data-status="running"]`))
	id = b.text(`#inst-id`)
	b.do("kill", 30*time.Second, click(`#btn-kill`), visible(`#modal-ok`))
	prompts := get(b, "token prompts", chromedp.Evaluate[int](`document.querySelectorAll('#token-input').length`))
	b.do("confirm kill", 30*time.Second, click(`#modal-ok`),
		visible(`#inst-status [data-status="killed"]`))
	if prompts != 0 {
		t.Errorf("the token was asked for again")
	}
	if inst := s.waitFor(id, "killed", 20*time.Second); inst.Status != "killed" {
		t.Errorf("instance %s is %s after the UI's kill", id, inst.Status)
	}

	// A broken file shows its error, located.
	writeFile(t, filepath.Join(xml, "ui", "broken.xml"), "<work-flow name=\"broken\">\n  <start name=\"start\" to=\"nowhere\"/>\n")
	eventually(t, 45*time.Second, func() bool { return s.xmlFile("broken.xml").Status == "error" },
		"broken.xml was not reported in error: %+v", s.xmlFile("broken.xml"))
	b.do("xmlconfig", 30*time.Second, chromedp.Navigate(base+"/ui/xmlconfig"), ready())
	text = b.text(`tr[data-status="error"] td.problems`)
	if !regexp.MustCompile(`broken\.xml:\d+:\d+`).MatchString(text) {
		t.Errorf("the error row says %q, want file:line:col", text)
	}
	b.screenshot("xmlconfig")

	b.do("cluster", 30*time.Second, click(`#nav-cluster`), ready())
	text = b.text(`#cluster-leader`)
	if text == "" || text == "—" {
		t.Errorf("the cluster view names no leader")
	}
	if row := b.text(`tr[data-member="standalone"]`); !strings.Contains(row, "standalone") || !strings.Contains(row, "alive") {
		t.Errorf("the cluster view's member row says %q", row)
	}
	b.screenshot("cluster")

	b.do("instances", 30*time.Second, click(`#nav-instances`), ready(),
		visible(`#main tbody tr`))
	b.screenshot("instances")

	// Home again, now with history: the chart, the recent finishes.
	b.do("home with history", 30*time.Second, click(`#nav-home`), ready(), visible(`#days-chart i`))
	b.screenshot("home")

	// 中文: the toggle relabels the page and is remembered.
	b.do("chinese", 30*time.Second, click(`#lang-btn`), ready())
	text = b.text(`#nav-home`)
	if text != "首页" {
		t.Errorf("after the toggle the home link reads %q, want 首页", text)
	}
	b.do("home zh", 30*time.Second, click(`#nav-home`), ready(),
		visible(`#days-chart`))
	b.screenshot("home-zh")
}

// TestUIAssets: the UI's page and assets are served with their types and cache rules, client
// routes get the page, and a missing asset is a 404.
func TestUIAssets(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(s.url() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	resp, page := get("/ui/instances/some-id")
	if resp.StatusCode != 200 || !strings.Contains(page, `<main id="main"`) || resp.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("client route = %d %q %q", resp.StatusCode, resp.Header.Get("Cache-Control"), page)
	}
	i := strings.Index(page, `src="/ui/app.`)
	if i < 0 {
		t.Fatalf("the page references no hashed app.js:\n%s", page)
	}
	js := page[i+5 : i+5+strings.IndexByte(page[i+5:], '"')]
	resp, _ = get(js)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("GET %s = %d %q %q", js, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
	if resp, _ := get("/ui/nothing.js"); resp.StatusCode != 404 {
		t.Errorf("a missing asset = %d, want 404", resp.StatusCode)
	}
}
