package sitetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/publish"
	"policysite/internal/browsertest"
	"policysite/internal/contract"
	"policysite/internal/htmlcheck"
)

// page is a kind of page of the demo and its path.
type page struct{ kind, path string }

// pages are one of each kind of page of the demo, built for 2026-11-26.
var pages = []page{
	{"home", ""},
	{"current", "personvern/"},
	{"archived", "personvern/2019-03-01/"},
	{"upcoming", "personvern/2027-01-15/"},
	{"diff", "personvern/2024-05-01/diff/"},
	{"compare", "personvern/compare/2019-03-01/2024-05-01/"},
	{"history", "personvern/history/"},
	{"history-material", "personvern/history/material/"},                           // without the editorial changes
	{"at", "personvern/at/"},                                                       // the version at a date
	{"section", "personvern/history/sections/hvor-lenge-vi-lagrer-opplysningene/"}, // one section's history: renumbered, moved, its tables changed
	{"rewritten", "informasjonskapsler/2023-01-10/diff/"},                          // most of the text changed
	{"first", "personvern/2021-02-10/first/"},                                      // a corrected revision's text as first published
	{"correction", "personvern/2021-02-10/correction/"},                            // what the correction changed
	{"translation", "en/personvern/"},
	{"english-home", "en/"},
	{"accessibility", "tilgjengelighetserklaering/"},
	{"not-found", "404.html"},
	{"preview", "preview/personvern/2027-06-01/"}, // build --preview: every page bannered
	{"serve", "serve/personvern/"},                // serve --drafts: the bar with its form, a draft's notice
}

var (
	demoOnce  sync.Once
	demoFiles map[string][]byte
	demoErr   error
)

// generate builds the site in source in memory as of 2026-11-26, as build
// does but for the writing.
func generate(source string, opts generator.GenerateOptions) (map[string][]byte, error) {
	day, _ := time.Parse(content.DateLayout, "2026-11-26")
	l, err := generator.LoadChecked(source, content.Clock{Day: day, Real: day})
	if err != nil {
		return nil, err
	}
	var out generator.Files
	_, err = generator.Generate(l, &out, opts)
	return out.Map(), err
}

// demo builds examples/demo once for all tests.
func demo(t *testing.T) map[string][]byte {
	t.Helper()
	demoOnce.Do(func() {
		demoFiles, demoErr = generate("../../examples/demo", generator.GenerateOptions{})
		if demoErr != nil {
			return
		}
		// The preview of a change, beside the site: links are relative.
		var preview map[string][]byte
		preview, demoErr = generate("../../examples/demo", generator.GenerateOptions{Preview: true})
		for name, data := range preview {
			demoFiles["preview/"+name] = data
		}
		if demoErr != nil {
			return
		}
		// serve --drafts's pages, but for the reload script it adds.
		var served map[string][]byte
		served, demoErr = generate("../../examples/demo", generator.GenerateOptions{DayForm: "/__policysite/day", Drafts: true})
		for name, data := range served {
			demoFiles["serve/"+name] = data
		}
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoFiles
}

type violation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target []any }
}

// TestHTMLValid runs the W3C Nu HTML checker over every page of the demo,
// and of content/ and, where present, the corpus but for their comparison
// and section history pages after the first (oneComparison): zero errors. It comes
// first, so that the checker, the longest of the tests, starts first and
// runs beside the browser's.
func TestHTMLValid(t *testing.T) {
	if testing.Short() { // as htmlcheck.Validate would, before building the sites for it
		t.Skip("HTML validation starts a Java virtual machine: skipped with -short")
	}
	t.Parallel()
	dirs := []string{}
	for _, src := range []string{"../../examples/demo", "../..", "../../../shared/corpora/github-privacy"} {
		if _, err := os.Stat(filepath.Join(src, "site.yaml")); err != nil {
			t.Logf("%s is absent: not validated", src)
			continue
		}
		started := time.Now()
		var files map[string][]byte
		if src == "../../examples/demo" {
			files = demo(t) // with a preview of a change and serve's pages
		} else {
			// Generate, not Build: a test never writes into a site folder.
			var err error
			if files, err = generate(src, generator.GenerateOptions{}); err != nil {
				t.Fatal(err)
			}
			files = oneComparison(files)
		}
		dest := filepath.Join(t.TempDir(), "public")
		if err := publish.Replace(dest, files); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s built in %s", src, time.Since(started).Round(time.Millisecond))
		dirs = append(dirs, dest)
	}
	htmlcheck.Validate(t, dirs...)
}

// oneComparison is files without their comparison pages but the first,
// and without their sections' history pages but the first: in a long
// history those are most of the bytes (half the corpus's), and each is a
// template of the demo's over parts of the diffs the diff pages hold
// whole, for another pair or section.
func oneComparison(files map[string][]byte) map[string][]byte {
	out := maps.Clone(files)
	for _, folder := range []string{"/compare/", "/history/sections/"} {
		var pages []string
		for name := range files {
			if strings.Contains(name, folder) && strings.HasSuffix(name, ".html") {
				pages = append(pages, name)
			}
		}
		slices.Sort(pages)
		for _, name := range pages[min(1, len(pages)):] {
			delete(out, name)
		}
	}
	return out
}

// eachPage loads each of list (pages, or some of them) from base in turn, in a new
// tab that setup has prepared, and runs check on each as a subtest; it
// returns the tab. The pages share the tab, and with it a renderer, which a tab of
// their own would start anew for each; tests and their variants run in
// parallel instead.
func eachPage(t *testing.T, base string, setup []chromedp.Action[chromedp.Void], list []page, check func(t *testing.T, ctx context.Context, p page, base string)) context.Context {
	t.Helper()
	ctx := browsertest.Browser(t)
	if err := chromedp.Do(ctx, setup...); err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		t.Run(p.kind, func(t *testing.T) {
			started := time.Now()
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p.path)); err != nil {
				t.Fatal(err)
			}
			t.Logf("/%s loaded in %s", p.path, time.Since(started).Round(time.Millisecond))
			check(t, ctx, p, base)
		})
	}
	return ctx
}

// screen is a size of the browser's window.
type screen struct {
	name          string
	width, height int64
}

var (
	phone   = screen{"phone", 360, 640}
	desktop = screen{"desktop", 1280, 900}
)

// TestPages loads every kind of page in two tabs, a desktop's and a
// phone's, and checks each with axe-core: no violation of WCAG 2.1 A and AA.
//
//   - On a desktop, in light mode: the page also loads cleanly
//     (loadsCleanly). axe's rules of colour are left to the phone, where
//     they are stricter: the theme's colours depend on the scheme alone
//     (TestColoursIgnoreWidth), and a phone's smaller headings must meet
//     the contrast of normal text where a desktop's large ones need less.
//   - On a phone, in light mode: every rule, since a table that scrolls
//     sideways on a phone must be reachable from the keyboard, which at
//     desktop width it need not be; and no page scrolls sideways (WCAG
//     1.4.10, which axe does not check).
//   - On the same phone, the page switched to dark mode as it is shown (as
//     when the system's setting changes): the rules of colour only, since a
//     page's structure does not depend on the scheme. Dark mode on a
//     desktop would add nothing, as above.
func TestPages(t *testing.T) {
	t.Parallel()
	axe, err := os.ReadFile(browsertest.Tool(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	const wcag = `{type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}`
	type pass struct {
		scheme  string
		options string // axe.run's
	}
	for _, variant := range []struct {
		screen
		passes []pass // in turn, on the page as loaded
	}{
		{desktop, []pass{{"light", `{runOnly: ` + wcag + `, rules: {"color-contrast": {enabled: false}, "link-in-text-block": {enabled: false}}}`}}},
		{phone, []pass{
			{"light", `{runOnly: ` + wcag + `}`},
			{"dark", `{runOnly: {type: "rule", values: ["color-contrast", "link-in-text-block"]}}`},
		}},
	} {
		size := variant.screen
		t.Run(size.name, func(t *testing.T) {
			t.Parallel()
			var (
				loaded func(t *testing.T, ctx context.Context, p page, base string)
				base   string
			)
			setup := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(size.width, size.height)}
			if size == desktop {
				var (
					listen  chromedp.Action[chromedp.Void]
					missing func(path string)
				)
				listen, missing, loaded = loadsCleanly()
				setup = append(setup, listen)
				base = browsertest.ServeObserved(t, demo(t), missing)
			} else {
				base = browsertest.Serve(t, demo(t))
			}
			// axe in every page the tab loads: compiled once, not at each
			// page as an evaluated script is.
			setup = append(setup, browsertest.Call(cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: string(axe)}))
			scheme := func(name string) chromedp.Action[chromedp.Void] {
				return browsertest.Call(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: name}},
				})
			}
			// Each page is loaded in light mode; the phone's dark pass
			// switches the page to dark, and back once checked.
			setup = append(setup, scheme("light"))
			ctx := eachPage(t, base, setup, pages, func(t *testing.T, ctx context.Context, p page, base string) {
				if loaded != nil {
					loaded(t, ctx, p, base)
				}
				if size == phone {
					widths, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
					if err != nil {
						t.Fatal(err)
					}
					if widths[0] > widths[1] {
						t.Errorf("%s page is %d pixels wide on a %d-pixel screen", p.kind, widths[0], widths[1])
					}
				}
				for _, pass := range variant.passes {
					if err := chromedp.Do(ctx, scheme(pass.scheme)); err != nil {
						t.Fatal(err)
					}
					if on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`matchMedia("(prefers-color-scheme: `+pass.scheme+`)").matches`)); err != nil || !on {
						t.Fatalf("the page is not in %s mode (%v)", pass.scheme, err)
					}
					// Only the violations: axe then keeps no list of the
					// elements that pass each rule, a sixth of its time.
					raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](
						`axe.run(document, Object.assign(`+pass.options+`, {resultTypes: ["violations"]})).then(r => r.violations)`,
						chromedp.EvalAwaitPromise))
					if err != nil {
						t.Fatal(err)
					}
					var vs []violation
					if err := json.Unmarshal(raw, &vs); err != nil {
						t.Fatal(err)
					}
					for _, v := range vs {
						t.Errorf("%s page (%s, %s mode, %d pixels wide): %s (%s): %s, at %v", p.kind, p.path, pass.scheme, size.width, v.ID, v.Impact, v.Help, v.Nodes)
					}
				}
				if err := chromedp.Do(ctx, scheme("light")); err != nil {
					t.Fatal(err)
				}
			})
			if loaded != nil {
				cookies, err := chromedp.Run(ctx, chromedp.Action[int](func(ctx context.Context, tg *chromedp.Target) (int, error) {
					res, err := cdp.Call(ctx, tg, storage.GetCookies, storage.GetCookiesParams{})
					return len(res.Cookies), err
				}))
				if err != nil || cookies != 0 {
					t.Errorf("%d cookies (%v)", cookies, err)
				}
			}
		})
	}
}

// TestColoursIgnoreWidth: no rule of the theme's stylesheet for a width
// of screen sets a colour, so that TestPages's contrast checks in
// dark mode on a phone hold on a desktop too.
func TestColoursIgnoreWidth(t *testing.T) {
	css, err := os.ReadFile("../../templates/style.css")
	if err != nil {
		t.Fatal(err)
	}
	colour := regexp.MustCompile(`(?:^|[;{\s])(color|background[a-z-]*|[a-z-]*-color|fill|stroke|--[a-z-]+)\s*:|var\(--`)
	widths := 0
	for rest := string(css); ; {
		i := strings.Index(rest, "@media")
		if i < 0 {
			break
		}
		rest = rest[i:]
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			t.Fatal("an @media rule without a block")
		}
		query := rest[:open]
		depth, end := 0, -1
		for j := open; j < len(rest) && end < 0; j++ {
			switch rest[j] {
			case '{':
				depth++
			case '}':
				if depth--; depth == 0 {
					end = j
				}
			}
		}
		if end < 0 {
			t.Fatalf("%s: the block is not closed", query)
		}
		if strings.Contains(query, "width") {
			widths++
			if m := colour.FindString(rest[open:end]); m != "" {
				t.Errorf("%s sets a colour (%q): test dark mode at that width too (TestPages)", strings.TrimSpace(query), strings.TrimSpace(m))
			}
		}
		rest = rest[end:]
	}
	if widths == 0 {
		t.Error("no @media rule for a width found: has the stylesheet moved?")
	}
}

// TestWithoutJavaScript: every page shows its content with scripts off,
// and the history page says how to compare versions without them. A page
// that runs no script is the same with scripts off: its <main> is read
// from the page as built; the others are loaded with scripts off.
func TestWithoutJavaScript(t *testing.T) {
	t.Parallel()
	files := demo(t)
	var scripted []page
	for _, p := range pages {
		data, ok := files[fileOf(p.path)]
		if !ok {
			t.Fatalf("%s page: no %s in the demo", p.kind, fileOf(p.path))
		}
		if runsScript(data) {
			scripted = append(scripted, p)
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var main *html.Node
		for n := range doc.Descendants() {
			if n.Type == html.ElementNode && n.Data == "main" {
				main = n
				break
			}
		}
		if main == nil || len(strings.Fields(contract.Text(main))) < 10 {
			t.Errorf("%s page shows almost nothing: no <main> with words", p.kind)
		}
	}
	if len(scripted) == 0 {
		t.Fatal("no page of the demo runs a script: has the theme lost its scripts, or this test its way of finding them?")
	}
	noScripts := browsertest.Call(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	base := browsertest.Serve(t, demo(t))
	ctx := eachPage(t, base, []chromedp.Action[chromedp.Void]{noScripts}, scripted, func(t *testing.T, ctx context.Context, p page, _ string) {
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if len(strings.Fields(text)) < 10 {
			t.Errorf("%s page shows almost nothing without JavaScript: %q", p.kind, text)
		}
	})
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"personvern/history/")); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[document.getElementById("compare-noscript").offsetParent !== null, document.getElementById("compare-form").offsetParent !== null]`))
	if err != nil || !shown[0] || shown[1] {
		t.Errorf("without JavaScript the history page should explain, not show the form: %v %v", shown, err)
	}
	// Collapsed sections of a diff open without JavaScript.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"personvern/2024-05-01/diff/"), chromedp.Click(chromedp.CSS("details > summary"))); err != nil {
		t.Fatal(err)
	}
	open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("details").open`))
	if err != nil || !open {
		t.Errorf("a collapsed section did not open: %v", err)
	}
}

// fileOf is the file of the build that a page's path is served from.
func fileOf(path string) string {
	if path == "" || strings.HasSuffix(path, "/") {
		return path + "index.html"
	}
	return path
}

// script is a script element's start tag.
var script = regexp.MustCompile(`<script\b[^>]*>`)

// runsScript reports whether page has a script element that runs: one
// that is not a data block (JSON-LD).
func runsScript(page []byte) bool {
	for _, tag := range script.FindAll(page, -1) {
		if !bytes.Contains(tag, []byte(`type="application/ld+json"`)) {
			return true
		}
	}
	return false
}

// loadsCleanly returns an action that listens to a tab's events, and a
// check that fails a page on anything the browser would show in red in its
// console since the last page checked: an error written to it, an
// exception, an entry of its log at the level of an error, a request that
// failed or was answered with an error, the icon the page names included.
// No page asks another host for anything or stores anything in the
// browser. The server calls missing with every path it has no file for:
// what the browser asks for by itself (an icon when the page names none)
// the page's own events may not show.
func loadsCleanly() (listen chromedp.Action[chromedp.Void], missing func(path string), check func(t *testing.T, ctx context.Context, p page, base string)) {
	var (
		mu       sync.Mutex
		problems []string // since the last page was checked
	)
	note := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	// Listen's func sees each event before the reply to any command that
	// follows it, so once the page is loaded and a script has run, every
	// event of the page's loading has been noted.
	missing = func(path string) { note("no file for %s", path) }
	listen = chromedp.Action[chromedp.Void](func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		return chromedp.Void{}, chromedp.Listen(ctx, func(ev any) {
			switch e := ev.(type) {
			case *runtime.EventConsoleAPICalled:
				if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
					note("console.%s", e.Type)
				}
			case *runtime.EventExceptionThrown:
				note("an exception: %s", e.ExceptionDetails.Text)
			case *log.EventEntryAdded:
				if e.Entry.Level == log.EntryLevelError {
					note("%s: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
				}
			case *network.EventLoadingFailed:
				note("a request failed: %s", e.ErrorText)
			case *network.EventResponseReceived:
				if e.Response.Status >= 400 {
					note("%s answered %d", e.Response.URL, e.Response.Status)
				}
			}
		})
	})
	check = func(t *testing.T, ctx context.Context, p page, base string) {
		// The page names an icon that is there, so the browser does
		// not ask for /favicon.ico, which is not.
		icon, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
			const l = document.querySelector('link[rel~="icon"]');
			if (!l) return "no <link rel=icon>";
			const r = await fetch(l.href);
			return r.ok && r.headers.get("Content-Length") !== "0" ? "" : l.href + " answered " + r.status;
		})()`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if icon != "" {
			note("the icon: %s", icon)
		}
		u, _ := url.Parse(base)
		hosts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(e => new URL(e.name).host)`))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hosts {
			if h != u.Host {
				note("a request to %s", h)
			}
		}
		stored, err := chromedp.Run(ctx, chromedp.Evaluate[int](`localStorage.length + sessionStorage.length`))
		if err != nil {
			t.Fatal(err)
		}
		if stored != 0 {
			note("%d items stored", stored)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, pr := range problems {
			t.Errorf("%s page (%s): %s", p.kind, p.path, pr)
		}
		problems = nil
	}
	return listen, missing, check
}

// TestFirstScreen: on a phone (360 × 640), the first screen of the current
// policy during a notice period shows the first line of the notice and the
// policy's title with the day it applies from, not only the header and the
// navigation. The demo is built for 2026-11-26, while the change of
// 2027-01-15 is announced. (Before the header was made compact on phones,
// the title ended at 620 pixels and its day below the first screen.)
func TestFirstScreen(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Browser(t)
	base := browsertest.Serve(t, demo(t))
	for _, path := range []string{"personvern/"} {
		t.Run(path, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(phone.width, phone.height), chromedp.Navigate(base+path)); err != nil {
				t.Fatal(err)
			}
			// The bottom of the h1, the top of the first notice, the
			// bottom of the notice's first line of text and the bottom of
			// the revision's dates, in pixels from the top of the page;
			// -1 for what is not there.
			at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
				const h1 = document.querySelector("h1");
				const n = document.querySelector("[data-notice]");
				const dates = document.querySelector(".policy-head .dates");
				if (!h1 || !n || !dates) return [-1, -1, -1, -1];
				const walker = document.createTreeWalker(n, NodeFilter.SHOW_TEXT, t => t.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP);
				const range = document.createRange();
				range.selectNodeContents(walker.nextNode());
				const y = window.scrollY;
				return [h1.getBoundingClientRect().bottom + y, n.getBoundingClientRect().top + y, range.getClientRects()[0].bottom + y, dates.getBoundingClientRect().bottom + y];
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("on a %d × %d screen: the h1 ends at %.0f, the notice starts at %.0f, its first line ends at %.0f, the dates end at %.0f", phone.width, phone.height, at[0], at[1], at[2], at[3])
			if at[0] < 0 {
				t.Fatal("the page has no h1, no notice or no dates: the demo should announce a change on 2026-11-26")
			}
			if at[0] > float64(phone.height) {
				t.Errorf("the policy's title ends %.0f pixels down, below the first screen of %d", at[0], phone.height)
			}
			if at[2] > float64(phone.height) {
				t.Errorf("the notice's first line ends %.0f pixels down, below the first screen of %d", at[2], phone.height)
			}
			if at[3] > float64(phone.height) {
				t.Errorf("the day the policy applies from ends %.0f pixels down, below the first screen of %d", at[3], phone.height)
			}
		})
	}
}

// TestScreenshots saves each kind of page at phone and desktop width, for
// people to look at: make screenshots. It is not part of make test, where
// taking them was a sixth of the suite's processor time.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("POLICYSITE_SCREENSHOTS")
	if dir == "" {
		t.Skip("POLICYSITE_SCREENSHOTS is not set: make screenshots sets it")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// A full-page PNG, as FullScreenshot(100) takes, encoded for speed
	// rather than size: the compression, not the page, took most of the
	// time.
	shot := func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, tg, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
			CaptureBeyondViewport: ptr(true),
			FromSurface:           ptr(true),
			Format:                cdppage.CaptureScreenshotFormatPng,
			OptimizeForSpeed:      ptr(true),
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
	for _, size := range []screen{phone, desktop} {
		t.Run(size.name, func(t *testing.T) {
			t.Parallel()
			eachPage(t, browsertest.Serve(t, demo(t)), []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(size.width, size.height)}, pages, func(t *testing.T, ctx context.Context, p page, _ string) {
				png, err := chromedp.Run(ctx, shot)
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Join(dir, fmt.Sprintf("%s-%s.png", p.kind, size.name))
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
				if len(png) < 1000 {
					t.Errorf("%s: an empty screenshot", name)
				}
			})
		})
	}
}

func ptr[T any](v T) *T { return &v }
