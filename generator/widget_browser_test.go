package generator

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"policysite/internal/browsertest"
)

// TestWidgetInBrowser puts notice.js on a page of a "main website" and
// checks, in Chromium, that the banner shows the day's notice, that closing
// it is remembered, that no cookie is set and that nothing is fetched from
// anywhere but the page's own host.
func TestWidgetInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	files := generate(t, "testdata/basic", "2026-02-01")
	files["main/index.html"] = []byte(`<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Forside</title></head>
<body><h1>Eksempel AS</h1><div data-policysite-notice></div><script src="../notice.js" defer></script></body></html>`)
	base := browsertest.Serve(t, files)

	banner := chromedp.CSS(".policysite-notice")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"main/"), chromedp.WaitVisible(banner)); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(banner))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Vi endrer hvordan vi behandler personopplysninger fra 1. mars 2026:") || !strings.Contains(text, "Vi lagrer nå også telefonnummeret ditt") {
		t.Errorf("banner says %q", text)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".policysite-notice a").href`))
	if err != nil || href != "https://example.no/personvern/personvern/2026-03-01/diff/" {
		t.Errorf("banner links to %q (%v)", href, err)
	}

	// Closing is remembered on the next visit.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".policysite-notice button")), chromedp.WaitNotPresent(banner)); err != nil {
		t.Fatal(err)
	}
	// The deferred script has run once the page has loaded: wait for that,
	// not for a time.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.Evaluate[chromedp.Void](
		`new Promise(done => document.readyState === "complete" ? done() : addEventListener("load", () => done()))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".policysite-notice").length`))
	if err != nil || shown != 0 {
		t.Errorf("%d banners after closing and reloading (%v)", shown, err)
	}

	cookies, err := chromedp.Run(ctx, chromedp.Action[int](func(ctx context.Context, tg *chromedp.Target) (int, error) {
		res, err := cdp.Call(ctx, tg, storage.GetCookies, storage.GetCookiesParams{})
		return len(res.Cookies), err
	}))
	if err != nil || cookies != 0 {
		t.Errorf("%d cookies (%v)", cookies, err)
	}
	hosts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(e => new URL(e.name).host).concat([location.host])`))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hosts {
		if h != hosts[len(hosts)-1] {
			t.Errorf("a request went to %s", h)
		}
	}
}
