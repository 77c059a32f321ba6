package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/internal/testenv"
)

// renderClock runs in every page before the UI's own script. When app.js marks #main
// data-ready="1" (it does so once a view's data is in the DOM), it records performance.now()
// — milliseconds since navigation start — in the next animation frame, i.e. the frame that
// paints the data. Measuring in the page keeps the CDP round trips and the poll out of it.
const renderClock = `(() => {
  new MutationObserver((_, obs) => {
    const m = document.getElementById("main");
    if (!m || m.dataset.ready !== "1") return;
    obs.disconnect();
    requestAnimationFrame(() => { window.__afRenderedMs = performance.now(); });
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
})();`

// uiRenderView is one view of the web UI: the page to open and an element that exists only
// once the view shows its data (checked after each render, so a view that rendered an empty
// or failed page does not pass for a fast one).
type uiRenderView struct {
	name, path, marker string
}

// BenchmarkUIRender measures each web UI view in headless Chromium at scale (10,000
// workflows, 100,000 instances, 10,000 xmlconfig files; the store of BenchmarkUIViews):
// from navigation start (a full page load of the view's URL, assets in the browser cache)
// to the animation frame that paints the view's data, as ms/view. One iteration is one
// navigation, so run it with a small -benchtime (e.g. 5x). Each view is opened once before
// timing, to warm the server's caches as on a server that has been up a while. Skipped
// without Chromium (ACTORFLOW_TEST_CHROMIUM, see internal/testenv).
func BenchmarkUIRender(b *testing.B) {
	testenv.Chromium(b) // before seeding: a skip should be quick
	f := newFixture(b)
	start := time.Now()
	seedMany(b, f, 10000)
	seedHistory(b, f, 100000, 10000)
	seedFiles(f, 10000)
	b.Logf("seeded 10,000 definitions, 100,000 instances, 10,000 files in %s", time.Since(start))
	srv := httptest.NewServer(httpapi.New(f.gw, httpapi.Options{Logger: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return t0 }}))
	b.Cleanup(srv.Close) // registered first, so it runs after the browser has closed its connections
	ctx := startRenderBrowser(b)

	views := []uiRenderView{
		{"home", "/ui/", `#days-chart .bar`},
		{"workflows", "/ui/workflows?offset=5000", `#main tr[data-workflow="wf_05000"]`},
		{"workflow", "/ui/workflows/wf_05000", `#dag g[data-node="merge"]`},
		{"instances", "/ui/instances?offset=50000", `#main tbody tr a[href*="instances/i-"]`},
		{"instance", "/ui/instances/i-099900", `#dag g[data-node="merge"]`}, // #inst-id is in the same insert
		{"xmlconfig", "/ui/xmlconfig", `#main tr[data-path]`},
		{"cluster", "/ui/cluster", `#main tr[data-member]`},
	}
	for _, v := range views {
		renderOnce(b, ctx, srv.URL, v) // warm
		b.Run(v.name, func(b *testing.B) {
			var total float64
			for b.Loop() {
				total += renderOnce(b, ctx, srv.URL, v)
			}
			b.ReportMetric(total/float64(b.N), "ms/view")
		})
	}
}

// startRenderBrowser starts headless Chromium with renderClock installed in every new
// document; it closes when b ends.
func startRenderBrowser(b *testing.B) context.Context {
	b.Helper()
	install := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: renderClock})
		return err
	})
	return testenv.Browser(b, install)
}

// renderOnce opens v in a fresh page load and returns the milliseconds from navigation
// start to the frame that painted its data.
func renderOnce(b *testing.B, ctx context.Context, base string, v uiRenderView) float64 {
	b.Helper()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	err := chromedp.Do(ctx, chromedp.Navigate(base+v.path))
	var ms float64
	if err == nil {
		ms, err = chromedp.Run(ctx, chromedp.Poll[float64](`window.__afRenderedMs`, chromedp.WithPollingTimeout(30*time.Second)))
	}
	if err != nil {
		page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#main").innerText`))
		b.Fatalf("view %s (%s): waiting for its data: %v\n%s", v.name, v.path, err, page)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, v.marker)))
	if err != nil || n == 0 {
		page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#main").innerText`))
		b.Fatalf("view %s (%s) rendered without its data (no %s; err %v):\n%s", v.name, v.path, v.marker, err, page)
	}
	return ms
}
