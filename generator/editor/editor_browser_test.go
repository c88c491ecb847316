package editor_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/editor"
	"policysite/internal/browsertest"
)

// TestEditorCreatesRevision proposes a change as a legal editor would, in
// the web editor's own interface, against its in-browser test repository
// filled with the demo's content: a new revision of personvern, which
// starts as a copy of the newest, gets its day, summary and one changed
// sentence, and is saved. The file it writes must pass check and build.
//
// The page and its Content-Security-Policy are the build's own. The
// editor's script comes from the test tools (the npm package of the pinned
// release), handed to the browser at its unpkg.com address, so the
// browser checks the page's integrity hash against the real bytes; every
// other request to another host is refused and logged.
func TestEditorCreatesRevision(t *testing.T) {
	script, err := os.ReadFile(browsertest.Tool(t, "@sveltia/cms/dist/sveltia-cms.js"))
	if err != nil {
		t.Fatal(err)
	}
	dir := demoWithEditor(t, "editor:\n  backend: github\n  repo: fjordvarme/personvern\n")
	day, _ := time.Parse(content.DateLayout, "2026-11-26")
	clock := content.Clock{Day: day, Real: day}
	l, err := generator.LoadChecked(dir, clock)
	if err != nil {
		t.Fatal(err)
	}
	var built generator.Files
	if _, err := generator.Generate(l, &built, generator.GenerateOptions{}); err != nil {
		t.Fatal(err)
	}
	files := built.Map()
	if files["admin/config.yml"], err = editor.Config(l.Site(), editor.Options{Backend: editor.TestBackend}); err != nil {
		t.Fatal(err)
	}

	base := browsertest.Serve(t, files) // with _headers: the editor under its own policy

	ctx := browsertest.Browser(t)
	var mu sync.Mutex
	var refused []string
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for e, err := range paused {
			if err != nil {
				return
			}
			switch {
			case e.Request.URL == editor.ScriptURL:
				chromedp.Do(ctx, browsertest.Call(fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: e.RequestID, ResponseCode: 200, Body: script,
					ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/javascript"}, {Name: "Access-Control-Allow-Origin", Value: "*"}}}))
			case strings.HasPrefix(e.Request.URL, base) || strings.HasPrefix(e.Request.URL, "data:") || strings.HasPrefix(e.Request.URL, "blob:"):
				chromedp.Do(ctx, browsertest.Call(fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: e.RequestID}))
			default:
				mu.Lock()
				refused = append(refused, e.Request.URL)
				mu.Unlock()
				chromedp.Do(ctx, browsertest.Call(fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: network.ErrorReasonBlockedByClient}))
			}
		}
	}()

	// The test repository lives in the origin's private file system:
	// fill it with the site's content from a page of the same origin.
	repo := map[string]string{}
	if err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		repo[filepath.ToSlash(rel)] = string(data)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := chromedp.Do(ctx,
		browsertest.Call(fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}),
		browsertest.Call(page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`}),
		chromedp.Navigate(base+"404.html"),
		chromedp.Evaluate[chromedp.Void](`(async files => {
			const root = await (await navigator.storage.getDirectory()).getDirectoryHandle("sveltia-cms-test", {create: true});
			for (const [p, text] of Object.entries(files)) {
				const parts = p.split("/");
				let dir = root;
				for (const d of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(d, {create: true});
				const w = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
				await w.write(text);
				await w.close();
			}
		})(`+jsValue(repo)+`)`, chromedp.EvalAwaitPromise),
		chromedp.Navigate(base+"admin/"),
	); err != nil {
		t.Fatal(err)
	}
	// The pinned script ran (its integrity held) when the sign-in page is
	// there; the test repository needs no sign-in.
	until(t, ctx, `(b => b ? (b.click(), true) : false)([...document.querySelectorAll("button")].find(b => b.innerText.includes("Test Repository")))`)
	t.Logf("the editor started in %s", time.Since(start).Round(time.Millisecond))
	until(t, ctx, `document.querySelector('[role=treeitem][data-label="Personvernerklæring for Fjordvarme AS"]') !== null`)

	// A new revision: the editor's own "new entry" page for the document.
	newest := series(t, l.Site()).Revisions[len(series(t, l.Site()).Revisions)-1]
	chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`location.hash = "#/collections/personvern/new"`))
	// Fields below the fold are made as they scroll into view.
	until(t, ctx, `(() => { [...document.querySelectorAll('[data-key-path]')].at(-1)?.scrollIntoView(); return document.querySelector('[data-key-path="body"] textarea') !== null })()`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector('[data-key-path="title"] input').value, document.querySelector('[data-key-path="body"] textarea').value]`))
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != newest.Title || strings.TrimSpace(got[1]) != strings.TrimSpace(string(newest.Body)) {
		t.Fatalf("a new entry does not start as a copy of the newest revision (%s):\ntitle %q\nbody starts %q", newest.File, got[0], got[1][:min(len(got[1]), 80)])
	}
	const effective = "2027-09-01"
	const summary = "Vi tar vare på innloggingene dine i seks måneder, ikke tre, for å oppdage misbruk over lengre tid."
	old := "Innloggingene lagrer vi i tre måneder"
	if !strings.Contains(got[1], old) {
		t.Fatalf("the newest revision no longer says %q: choose another sentence to change", old)
	}
	set(t, ctx, `[data-key-path="effective"] input[type=date]`, effective)
	set(t, ctx, `[data-key-path="summary"] textarea`, summary)
	edited := strings.Replace(got[1], old, "Innloggingene lagrer vi i seks måneder", 1)
	set(t, ctx, `[data-key-path="body"] textarea`, edited)
	until(t, ctx, `(() => { const b = document.querySelector('button[data-label="Save"]'); if (!b || b.getAttribute("aria-disabled") === "true") return false; b.click(); return true })()`)
	saved := until(t, ctx, `(async () => {
		try {
			const root = await (await navigator.storage.getDirectory()).getDirectoryHandle("sveltia-cms-test");
			const d = await (await root.getDirectoryHandle("content")).getDirectoryHandle("personvern");
			return await (await (await d.getFileHandle("`+effective+`.md")).getFile()).text();
		} catch { return false }
	})()`)
	t.Logf("the editor saved content/personvern/%s.md %s after it started:\n%s", effective, time.Since(start).Round(time.Millisecond), saved)

	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp`))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range violations {
		// The editor asks unpkg.com for its newest version, to offer an
		// update; the site pins its release, and the policy refuses.
		if v != "connect-src https://unpkg.com/@sveltia/cms/package.json" {
			t.Errorf("the editor's Content-Security-Policy refused what it needs: %s", v)
		}
	}
	mu.Lock()
	t.Logf("requests to other hosts, refused by the test: %q", refused)
	mu.Unlock()

	// The proposal, as the pull request would carry it, passes check and
	// builds, and says what the editor was told.
	file := filepath.Join(dir, "content", "personvern", effective+".md")
	if err := os.WriteFile(file, []byte(saved), 0o644); err != nil {
		t.Fatal(err)
	}
	findings, err := generator.Check(dir, clock)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		// The demo has English pages: a new revision in bokmål alone is
		// rightly told that its translation is still to come.
		if f.Level == diag.Error || f.File == file && f.Message.ID != "content.untranslated" {
			t.Errorf("check: %s", f)
		}
	}
	l, err = generator.LoadChecked(dir, clock)
	if err != nil {
		t.Fatal(err)
	}
	site := l.Site()
	var rev *content.Revision
	for _, r := range series(t, site).Revisions {
		if content.Date(r.Effective) == effective {
			rev = r
		}
	}
	if rev == nil || rev.Summary != summary || rev.Reason != content.ReasonProcessing || !strings.Contains(string(rev.Body), "i seks måneder") {
		t.Fatalf("the saved revision is not what the editor was given: %+v", rev)
	}
	// The editor writes the text as it was typed: a Markdown written
	// back in another style would show every line as changed.
	if strings.TrimSpace(string(rev.Body)) != strings.TrimSpace(edited) {
		t.Errorf("the editor rewrote the text beyond the one sentence changed:\n%s", rev.Body)
	}
	var preview generator.Files
	if _, err := generator.Generate(l, &preview, generator.GenerateOptions{Drafts: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(preview.Map()["personvern/"+effective+"/index.html"]), "i seks måneder") {
		t.Errorf("the preview has no page for the new revision with its text")
	}
}

// series is the demo's personvern in bokmål.
func series(t *testing.T, site *content.Site) *content.Series {
	t.Helper()
	for _, s := range site.Series {
		if s.Doc == "personvern" && s.Lang == "nb" {
			return s
		}
	}
	t.Fatal("the demo has no personvern in bokmål")
	return nil
}

// until evaluates expr, a JavaScript expression that may be a promise,
// until it gives something other than false, null or undefined, and
// returns that as text. It waits on the page, not on a clock: a busy
// machine makes it slower, not wrong; the test's deadline is the limit.
func until(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[any](`(async () => {
		for (;;) {
			const v = await (`+expr+`);
			if (v !== false && v !== null && v !== undefined) return v;
			await new Promise(r => setTimeout(r, 50));
		}
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("waiting for %s: %v", expr, err)
	}
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// set types value into the field sel as a person would: the editor hears
// the input event.
func set(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	until(t, ctx, `(() => {
		const el = document.querySelector(`+jsValue(sel)+`);
		if (!el) return false;
		const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
		Object.getOwnPropertyDescriptor(proto, "value").set.call(el, `+jsValue(value)+`);
		el.dispatchEvent(new Event("input", {bubbles: true}));
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
}

func jsValue(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// demoWithEditor is a copy of examples/demo with block added to its
// site.yaml.
func demoWithEditor(t *testing.T, block string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "examples", "demo")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "site.yaml" {
			data = append(data, block...)
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
