package generator

import (
	"encoding/json"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"policysite/generator/diff"
	"policysite/generator/diffview"
	"policysite/generator/headers"
	"policysite/generator/pages"
	"policysite/generator/theme"
)

// TestCompareWasmSameDiff: the compare page's diff (compare.wasm runs
// diffview.Compare on two text.json files, with the words its page passes)
// is byte for byte the static diff page's of the same pair: run here
// natively, the same code path, on the demo's diff pages and its pages
// comparing with the current revision.
func TestCompareWasmSameDiff(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	page := string(files["personvern/compare/index.html"])
	m := regexp.MustCompile(`data-words="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the compare page passes no words to its diff")
	}
	var words diffview.Words
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &words); err != nil {
		t.Fatalf("the compare page's words: %v", err)
	}
	if words.Lang != "nb" || words.T("table") != "Tabell" {
		t.Errorf("the compare page's words are %q's, table %q", words.Lang, words.T("table"))
	}
	text := func(date string) diffview.Text {
		var tx diffview.Text
		if err := json.Unmarshal(files["personvern/"+date+"/text.json"], &tx); err != nil {
			t.Fatalf("personvern/%s/text.json: %v", date, err)
		}
		if len(tx.Parts) == 0 || tx.Parts[0] != 0 {
			t.Errorf("personvern/%s/text.json has parts %v", date, tx.Parts)
		}
		return tx
	}
	for _, c := range []struct{ page, old, new string }{
		{"personvern/2020-09-01/diff/index.html", "2019-03-01", "2020-09-01"},
		{"personvern/2024-05-01/diff/index.html", "2022-08-01", "2024-05-01"},
		{"personvern/compare/2019-03-01/2024-05-01/index.html", "2019-03-01", "2024-05-01"},
		{"personvern/compare/2021-02-10/2024-05-01/index.html", "2021-02-10", "2024-05-01"},
	} {
		static := string(files[c.page])
		got := diffview.Compare(text(c.old), text(c.new), diff.LabelsFrom(words), words.T("table"))
		if want := "<div class=\"diff-body\" data-diff-body>\n" + got.Body + "\n</div>"; !strings.Contains(static, want) {
			t.Errorf("%s: the diff body is not the compare page's diff of %s and %s", c.page, c.old, c.new)
		}
		if want := "<ul class=\"diff-toc\">" + got.TOC + "\n</ul>"; !got.Any || !strings.Contains(static, want) {
			t.Errorf("%s: the list of changed sections is not the compare page's", c.page)
		}
		counts := regexp.MustCompile(`(?s)<p class="counts">(.*?)</p>`).FindStringSubmatch(static)
		if counts == nil || html.UnescapeString(counts[1]) != got.Total+".\n"+got.SectionCounts {
			t.Errorf("%s: the counts are %q, the compare page's %q", c.page, counts, got.Total+".\n"+got.SectionCounts)
		}
		if got.Rewritten != strings.Contains(static, "notice-rewritten") || got.Degraded != strings.Contains(static, "notice-degraded") {
			t.Errorf("%s: rewritten %v, degraded %v: not the page's", c.page, got.Rewritten, got.Degraded)
		}
	}
}

// TestComparePage: a document of two or more revisions in a language has
// a compare page, with the form, the words, the revisions it may list as
// between a pair, and each revision's text.json,
// which only it may run WebAssembly on; its history's form leads to it.
func TestComparePage(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	page := string(files["personvern/compare/index.html"])
	for _, want := range []string{
		`<option value="2020-09-01" data-page="../../personvern/2020-09-01/" data-text="../../personvern/2020-09-01/text.json">`,
		`data-wasm="../../compare.wasm"`,
		`<script src="../../wasm_exec.js" defer></script>`,
		`<script src="../../compare.js" defer></script>`,
		`<p id="compare-noscript">Denne siden sammenligner to versjoner i nettleseren din`,
		// The revisions between a pair, as its script lists them: one
		// item for each, as the static compare pages write it.
		`data-between="Endringene kom i disse %d versjonene:"`,
		`<template id="compare-between">` + "\n" + `<li><a href="../../personvern/2019-03-01/"><time datetime="2019-03-01">`,
		`<span class="reason reason-editorial">(Redaksjonell endring)</span>: Vi har rettet noen skrivefeil`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the compare page does not have %s", want)
		}
	}
	if _, ok := files["en/personvern/compare/index.html"]; ok {
		t.Error("a document of one revision in English has a compare page")
	}
	if !strings.Contains(string(files["personvern/history/index.html"]), `data-compare="../../personvern/compare/"`) {
		t.Error("the history's form does not lead to the compare page")
	}
	for _, name := range []string{"compare.wasm", "wasm_exec.js", "personvern/2019-03-01/text.json"} {
		if len(files[name]) == 0 {
			t.Errorf("%s is not in the output", name)
		}
	}
	h := string(files["_headers"])
	wasm := "script-src 'self' 'wasm-unsafe-eval'"
	if strings.Count(h, wasm) != 4 || !strings.Contains(h, "/personvern/compare/\n  ! Content-Security-Policy\n  Content-Security-Policy: default-src 'none'; "+wasm) {
		t.Errorf("_headers does not allow WebAssembly on the compare pages alone:\n%s", h)
	}
}

// TestNginxComparePolicy: examples/nginx.conf gives the compare pages the
// theme's policy with WebAssembly allowed, as _headers does, and every
// other page the theme's own.
func TestNginxComparePolicy(t *testing.T) {
	conf, err := os.ReadFile("../examples/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	theme, err := os.ReadFile("../templates/_headers")
	if err != nil {
		t.Fatal(err)
	}
	policy := headers.Parse(theme).For("/").Get("Content-Security-Policy")
	wasm, ok := pages.WasmPolicy(policy)
	if !ok || !strings.Contains(wasm, "script-src 'self' 'wasm-unsafe-eval';") {
		t.Fatalf("the theme's policy %q has no script-src for WebAssembly", policy)
	}
	for _, want := range []string{`add_header Content-Security-Policy "` + policy + `" always;`, "compare/(index\\.html)?$ {\n        add_header Content-Security-Policy \"" + wasm + `" always;`} {
		if strings.Count(string(conf), want) != 1 {
			t.Errorf("examples/nginx.conf lacks\n%s", want)
		}
	}
}

// TestDiffWordsAsTheme: the words a compare page passes to its diff give
// the theme's, each plural form included, in every language of the theme.
func TestDiffWordsAsTheme(t *testing.T) {
	th, err := theme.Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		s := th.Strings(lang)
		w := diffview.Words{Lang: lang, Words: s.Words}
		for key := range s.Words {
			if w.T(key) != s.T(key) {
				t.Errorf("%s %s: %q, the theme's %q", lang, key, w.T(key), s.T(key))
			}
			for n := range 4 {
				if w.N(key, n) != s.N(key, n) {
					t.Errorf("%s %s for %d: %q, the theme's %q", lang, key, n, w.N(key, n), s.N(key, n))
				}
			}
		}
	}
}
