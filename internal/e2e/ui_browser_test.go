//go:build linux

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/actorflow/actorflow/internal/testenv"
)

// browser is one headless Chromium with a fresh profile, closed when the test ends.
type browser struct {
	t    *testing.T
	ctx  context.Context
	shot string // directory the screenshots go to
}

// newBrowser starts Chromium (testenv.Chromium: skipped, or failed under
// ACTORFLOW_TEST_SERVERS=required, when there is none). TestMain keeps the test settings
// (ACTORFLOW_TEST_*, ACTORFLOW_UI_SCREENSHOTS) in the environment.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	bctx := testenv.Browser(t)
	shot := os.Getenv("ACTORFLOW_UI_SCREENSHOTS")
	if shot == "" {
		shot = t.TempDir()
	} else if err := os.MkdirAll(shot, 0o755); err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, ctx: bctx, shot: shot}
}

// do performs actions with a deadline; a failure names the step and shows the page.
func (b *browser) do(step string, timeout time.Duration, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.fatal(step, err)
	}
}

// get runs one action that returns a value, with a deadline.
func get[T any](b *browser, step string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.fatal(step, err)
	}
	return v
}

// text is the text of the first element css matches (waiting for it to be visible).
func (b *browser) text(css string) string {
	b.t.Helper()
	return get(b, "read "+css, chromedp.Text(chromedp.CSS(css)))
}

func (b *browser) fatal(step string, err error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	url, _ := chromedp.Run(ctx, chromedp.Location())
	page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#main").innerText`))
	b.t.Fatalf("%s: %v (page %s)\n%s", step, err, url, page)
}

// ready waits until the current view has rendered (main[data-ready="1"]).
func ready() chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(`#main[data-ready="1"]`))
}

// visible waits until css matches a visible element.
func visible(css string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(css))
}

// click clicks the first element css matches.
func click(css string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(css)) }

// screenshot saves the whole page as name.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png := get(b, "screenshot "+name, chromedp.FullScreenshot(100))
	path := filepath.Join(b.shot, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", path)
}
