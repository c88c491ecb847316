package generator

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"policysite/generator/diff"
	"policysite/generator/diffview"
	"policysite/internal/browsertest"
)

// TestComparePageInBrowser: in Chromium, the history's form leads a pair
// with no diff page of its own (the demo's 1 March 2019 and 10 February
// 2021) to the compare page, the pair in its address, whose diff,
// compare.wasm's under the policy _headers gives that page, shows the
// same summary, sections and text as the Go diff of that pair; nothing is
// fetched from another host.
func TestComparePageInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	files := generate(t, "../examples/demo", "2026-11-26")
	base := browsertest.Serve(t, files)

	// What the Go diff makes of the pair, with the compare page's words.
	m := regexp.MustCompile(`data-words="([^"]*)"`).FindSubmatch(files["personvern/compare/index.html"])
	if m == nil {
		t.Fatal("the compare page passes no words to its diff")
	}
	var words diffview.Words
	var older, newer diffview.Text
	for v, data := range map[any][]byte{&words: []byte(html.UnescapeString(string(m[1]))),
		&older: files["personvern/2019-03-01/text.json"], &newer: files["personvern/2021-02-10/text.json"]} {
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatal(err)
		}
	}
	want := diffview.Compare(older, newer, diff.LabelsFrom(words), words.T("table"))
	if !want.Any || want.TOC == "" {
		t.Fatal("the demo's pair changes nothing: a test of nothing")
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"personvern/history/"), chromedp.WaitVisible(chromedp.CSS("#compare-form")),
		chromedp.SetValue(chromedp.CSS("#compare-from"), "2021-02-10"), chromedp.SetValue(chromedp.CSS("#compare-to"), "2019-03-01"),
		chromedp.Click(chromedp.CSS("#compare-form button")), chromedp.WaitReady(chromedp.CSS("#compare-status"))); err != nil {
		t.Fatal(err)
	}
	// Shown, or failed: the page's own signs, not a time.
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(done => {
  const check = () => {
    const r = document.getElementById("compare-result"), s = document.getElementById("compare-status");
    if (r && !r.hidden) return done("shown");
    if (s && s.textContent === document.getElementById("compare-form").dataset.failed) return done("failed");
    setTimeout(check, 20);
  };
  check();
})`, chromedp.EvalAwaitPromise))
	if err != nil || state != "shown" {
		t.Fatalf("the compare page did not show the diff: %s (%v)", state, err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || loc != base+"personvern/compare/#2019-03-01..2021-02-10" {
		t.Errorf("the history's form led to %s (%v)", loc, err)
	}

	// The browser writes out the page's HTML and the Go diff's alike,
	// for a comparison of the same markup.
	expect, _ := json.Marshal(map[string]string{"toc": want.TOC, "body": want.Body, "counts": want.Total + ".\n" + want.SectionCounts})
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
  const want = `+string(expect)+`;
  const as = h => { const t = document.createElement("template"); t.innerHTML = h; return t.innerHTML; };
  const q = s => document.querySelector("#compare-result " + s);
  return {
    toc: q(".diff-toc").innerHTML === as(want.toc),
    body: q("[data-diff-body]").innerHTML === as(want.body),
    counts: q(".counts").textContent === want.counts,
    countsText: q(".counts").textContent,
    sections: q(".diff-toc").children.length,
    shown: !q(".diff-changes").hidden && q(".no-changes").hidden,
    focus: document.activeElement.id,
    intro: q(".diff-versions").textContent,
    hosts: performance.getEntriesByType("resource").map(e => new URL(e.name).host).filter(h => h !== location.host),
  };
})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got["toc"] != true || got["body"] != true || got["shown"] != true {
		t.Errorf("the compare page's sections or text are not the Go diff's: %v", got)
	}
	if got["counts"] != true {
		t.Errorf("the compare page counts %q, the Go diff %q", got["countsText"], want.Total+".\n"+want.SectionCounts)
	}
	if n := strings.Count(want.TOC, "<li"); got["sections"] != float64(n) {
		t.Errorf("the compare page lists %v changed sections, the Go diff %d", got["sections"], n)
	}
	if got["intro"] != "Endringer fra versjonen av 1.\u00a0mars\u00a02019 til versjonen av 10.\u00a0februar\u00a02021." {
		t.Errorf("the compare page says %q", got["intro"])
	}
	if got["focus"] != "diff-summary-heading" {
		t.Errorf("the focus is on %q, not the summary's heading", got["focus"])
	}
	if hosts, _ := got["hosts"].([]any); len(hosts) > 0 {
		t.Errorf("requests went to %v", hosts)
	}
}
