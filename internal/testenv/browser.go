package testenv

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// Browser starts headless Chromium (Chromium(t)) with a fresh profile and the flags this
// closed network needs (no background networking, sync or component updates, which would
// try to reach Google), runs first (actions to install before any page loads, e.g. scripts
// to evaluate on every new document; they also start the browser), and returns the
// browser's context. The browser is closed when t ends.
func Browser(t testing.TB, first ...chromedp.Action[chromedp.Void]) context.Context {
	t.Helper()
	exe := Chromium(t)
	if exe == "" {
		return nil
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000))
	ctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(ctx, first...); err != nil { // starts the browser now, so failures say so
		t.Fatalf("testenv: starting Chromium %s: %v", exe, err)
	}
	return ctx
}
