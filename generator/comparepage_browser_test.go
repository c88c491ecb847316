package generator

import (
	"encoding/json"
	"html"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"policysite/generator/diff"
	"policysite/generator/diffview"
	"policysite/internal/browsertest"
	"policysite/internal/sitegen"
)

// listItems is a script's function of a list's items (the HTML inside an
// ol) and the address they were written for: the outer HTML of each item,
// its links made absolute, so that lists of two pages compare.
const listItems = `(h, base) => {
    const t = document.createElement("template");
    t.innerHTML = h;
    t.content.querySelectorAll("a").forEach(a => a.setAttribute("href", new URL(a.getAttribute("href"), base).href));
    return Array.from(t.content.children, li => li.outerHTML);
  }`

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
	// Shown, or failed: the page's own signs, not a time. The pair in the
	// form tells a diff just shown from the one shown before it.
	shown := func(from, to string) {
		t.Helper()
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(done => {
  const check = () => {
    const r = document.getElementById("compare-result"), s = document.getElementById("compare-status"), f = document.getElementById("compare-form");
    if (r && !r.hidden && f.elements.from.value === "`+from+`" && f.elements.to.value === "`+to+`") return done("shown");
    if (s && s.textContent === f.dataset.failed) return done("failed");
    setTimeout(check, 20);
  };
  check();
})`, chromedp.EvalAwaitPromise))
		if err != nil || state != "shown" {
			t.Fatalf("the compare page did not show the diff of %s and %s: %s (%v)", from, to, state, err)
		}
	}
	shown("2019-03-01", "2021-02-10")
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

	// The revisions whose changes a pair shows, as the static page
	// comparing 1 March 2019 with the current revision lists them (its
	// links resolved from its own address): the first two of its four for
	// the pair above, all four for its own pair named the other way round,
	// none for neighbours.
	static := "personvern/compare/2019-03-01/2024-05-01/"
	m = regexp.MustCompile(`(?s)<p>([^<]*)</p>\n<ol class="between">(.*?)</ol>`).FindSubmatch(files[static+"index.html"])
	if m == nil {
		t.Fatalf("%s lists no revisions between", static)
	}
	staticList, _ := json.Marshal(map[string]string{"intro": html.UnescapeString(string(m[1])), "items": string(m[2]), "base": base + static})
	between := func() map[string]any {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
  const want = `+string(staticList)+`;
  const items = `+listItems+`;
  const list = document.querySelector("#compare-result .between-list");
  return {
    hidden: list.hidden,
    intro: list.querySelector("p").textContent,
    items: items(list.querySelector("ol.between").innerHTML, location.href),
    want: items(want.items, want.base),
    wantIntro: want.intro,
  };
})()`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	list := between()
	want4, _ := list["want"].([]any)
	if len(want4) != 4 {
		t.Fatalf("%s lists %d revisions between, want 4: %v", static, len(want4), want4)
	}
	if items, _ := list["items"].([]any); list["hidden"] != false || list["intro"] != "Endringene kom i disse 2 versjonene:" || !reflect.DeepEqual(items, want4[:2]) {
		t.Errorf("the compare page of 1 March 2019 and 10 February 2021 lists, hidden %v, %q\n%v\nwant the static page's first two\n%v", list["hidden"], list["intro"], items, want4[:2])
	}

	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`location.hash = "#2024-05-01..2019-03-01"`)); err != nil {
		t.Fatal(err)
	}
	shown("2019-03-01", "2024-05-01")
	list = between()
	if items, _ := list["items"].([]any); list["hidden"] != false || list["intro"] != list["wantIntro"] || !reflect.DeepEqual(items, want4) {
		t.Errorf("the compare page of the newer and the older revision lists, hidden %v, %q\n%v\nwant the static page's %q\n%v", list["hidden"], list["intro"], items, list["wantIntro"], want4)
	}

	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`location.hash = "#2021-02-10..2020-09-01"`)); err != nil {
		t.Fatal(err)
	}
	shown("2020-09-01", "2021-02-10")
	if list = between(); list["hidden"] != true || len(list["items"].([]any)) != 0 {
		t.Errorf("the compare page of neighbours lists revisions between: hidden %v, %v", list["hidden"], list["items"])
	}
}

// TestCompareBetweenLongInBrowser: of a pair with more than 21 revisions
// between, the compare page lists what the static page comparing them
// lists: the first and last ten, numbered as in the whole list, and a line
// for the rest that links to the history.
func TestCompareBetweenLongInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := filepath.Join(t.TempDir(), "site")
	bodies := []string{"Første versjon.\n"}
	for len(bodies) < 40 {
		bodies = append(bodies, sitegen.Edit(bodies[len(bodies)-1]))
	}
	if err := sitegen.WriteRevisions(dir, bodies...); err != nil {
		t.Fatal(err)
	}
	files := generate(t, dir, "2100-01-01")
	base := browsertest.Serve(t, files)
	static := "personvern/compare/2000-01-01/2039-01-01/"
	m := regexp.MustCompile(`(?s)<ol class="between">(.*?)</ol>`).FindSubmatch(files[static+"index.html"])
	if m == nil {
		t.Fatalf("%s lists no revisions between", static)
	}
	want, _ := json.Marshal(map[string]string{"items": string(m[1]), "base": base + static})
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"personvern/compare/#2039-01-01..2000-01-01")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`new Promise(done => {
  const want = `+string(want)+`;
  const items = `+listItems+`;
  const check = () => {
    const list = document.querySelector("#compare-result .between-list");
    const failed = document.getElementById("compare-status").textContent === document.getElementById("compare-form").dataset.failed;
    if (!failed && (!list || list.hidden)) return setTimeout(check, 20);
    done({
      failed: failed,
      items: list ? items(list.querySelector("ol.between").innerHTML, location.href) : [],
      want: items(want.items, want.base),
    });
  };
  check();
})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	wantItems, _ := got["want"].([]any)
	if len(wantItems) != 21 {
		t.Fatalf("%s lists %d lines, want 21: %v", static, len(wantItems), wantItems)
	}
	if got["failed"] == true || !reflect.DeepEqual(got["items"], got["want"]) {
		t.Errorf("the compare page lists (failed %v)\n%v\nwant the static page's\n%v", got["failed"], got["items"], wantItems)
	}
}
