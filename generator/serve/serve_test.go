package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/generator/redirects"
	"policysite/internal/browsertest"
)

const site = "title: Test\nbaseURL: https://example.no/personvern/\n"

// testDay is the day the tests build for.
func testDay() content.Clock {
	// The real day too, which the record goes by: the tests pass on any day.
	return content.Clock{Day: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Real: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)}
}

func revision(summary, text string) string {
	return "---\ntitle: Personvern\nsummary: " + summary + "\n---\n## 1 Om oss\n\n" + text + "\n"
}

// start serves a new site folder and watches it until the test ends.
func start(t *testing.T) (dir, url string) {
	t.Helper()
	return startWith(t, site, nil)
}

// startWith is start with siteYAML for site.yaml and other files beside
// the revision (name to text).
func startWith(t *testing.T, siteYAML string, files map[string]string) (dir, url string) {
	t.Helper()
	dir = t.TempDir()
	write(t, dir, "site.yaml", siteYAML)
	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Første tekst."))
	for name, text := range files {
		write(t, dir, name, text)
	}
	s := New(Options{Source: dir, Clock: testDay})
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.watching = make(chan struct{})
	go func() { s.Watch(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; srv.CloseClientConnections(); srv.Close() })
	started := time.Now()
	select {
	case <-s.watching:
		t.Logf("watching after %s", time.Since(started).Round(time.Millisecond))
	case <-done:
		t.Fatal("the watcher stopped before it began")
	}
	return dir, srv.URL
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	// Write a new file and rename it over the old one, as many editors do.
	tmp := p + ".tmp~"
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitFor waits until the page at url contains want, and logs how long
// that took: it asks for the page once the server's event stream is open,
// and again after each rebuild the stream announces, so a rebuild between
// two looks is never missed. The deadline is only a safety net against a
// change that never shows: a busy machine makes the rebuild slow, not
// wrong.
func waitFor(t *testing.T, url, want string) (int, string) {
	t.Helper()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stream := rebuilds(t, ctx, url)
	var code int
	var body string
	for range stream {
		if code, body = get(t, url); strings.Contains(body, want) {
			t.Logf("%q shown after %s", want, time.Since(start).Round(time.Millisecond))
			break
		}
	}
	return code, body
}

// rebuilds follows the event stream of the server that serves page until
// ctx ends: one value when the stream is open, then one for each rebuild.
func rebuilds(t *testing.T, ctx context.Context, page string) <-chan struct{} {
	t.Helper()
	u, err := url.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	u.Path, u.RawQuery = eventsPath, ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		lines := bufio.NewScanner(resp.Body)
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "data: ") {
				select {
				case ch <- struct{}{}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return ch
}

func TestServeEditBreakFix(t *testing.T) {
	dir, url := start(t)
	page := url + "/personvern/personvern/"
	if code, body := get(t, page); code != 200 || !strings.Contains(body, "Første tekst.") || !strings.Contains(body, "/__policysite/reload.js") {
		t.Fatalf("%d %s", code, body)
	}

	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Endret tekst."))
	if _, body := waitFor(t, page, "Endret tekst."); !strings.Contains(body, "Endret tekst.") {
		t.Fatal("the edit did not show")
	}

	write(t, dir, "content/personvern/2026-01-01.md", "---\ntitle: Personvern\nsumary: typo\n---\nTekst.\n")
	code, body := waitFor(t, page, "could not be built")
	if code != 500 || !strings.Contains(body, "2026-01-01.md:3: unknown key") || !strings.Contains(body, "/__policysite/reload.js") {
		t.Fatalf("no error page: %d\n%s", code, body)
	}

	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Rettet tekst."))
	if code, body := waitFor(t, page, "Rettet tekst."); code != 200 || !strings.Contains(body, "Rettet tekst.") {
		t.Fatalf("the site did not come back: %d", code)
	}

	// A new document in a new folder is picked up too.
	write(t, dir, "content/vilkar/2026-01-01.md", revision("Vilkår.", "Vilkårstekst."))
	if _, body := waitFor(t, url+"/personvern/vilkar/", "Vilkårstekst."); !strings.Contains(body, "Vilkårstekst.") {
		t.Fatal("a new folder was not watched")
	}
}

// The error page is in the reader's language, its own words and each
// problem's, and keeps the problem's file and line.
func TestServeErrorPageLanguage(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "site.yaml", site)
	write(t, dir, "content/personvern/2026-01-01.md", "---\ntitle: Personvern\nsumary: typo\n---\nTekst.\n")
	for _, tt := range []struct {
		lang msg.Lang
		want []string
	}{
		{msg.English, []string{`<html lang="en">`, "<title>policysite: the site has errors</title>", "<h1>The site could not be built</h1>", "Fix the problems below",
			"2026-01-01.md:3: unknown key &#34;sumary&#34; in the front matter — did you mean &#34;summary&#34;?", "2026-01-01.md:2: summary is missing"}},
		{msg.Bokmal, []string{`<html lang="nb">`, "<title>policysite: nettstedet har feil</title>", "<h1>Nettstedet kunne ikke bygges</h1>", "Rett feilene nedenfor og lagre",
			"2026-01-01.md:3: ukjent nøkkel «sumary» i toppen av filen (mellom linjene med ---) — mente du «summary»?", "2026-01-01.md:2: summary mangler"}},
	} {
		s := New(Options{Source: dir, Clock: testDay, Messages: tt.lang})
		if _, err := s.Rebuild(); err == nil {
			t.Fatal("a site with errors was built")
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/personvern/", nil))
		for _, want := range tt.want {
			if rec.Code != 500 || !strings.Contains(rec.Body.String(), want) {
				t.Errorf("%s: the error page lacks %q:\n%s", tt.lang.Code(), want, rec.Body.String())
			}
		}
	}
}

// Nothing outside the build is served, and no folder is listed.
func TestServeOnlyTheSite(t *testing.T) {
	dir, url := start(t)
	write(t, dir, "secret.txt", "not for the web")
	for _, p := range []string{
		"/personvern/../secret.txt", "/personvern/%2e%2e/secret.txt", "/secret.txt", "/personvern/content/",
		"/personvern/site.yaml", "/personvern/personvern/2026-01-01/../../../secret.txt", "/etc/passwd",
	} {
		req, _ := http.NewRequest("GET", url, nil)
		req.URL.RawPath, req.URL.Path = "", p
		req.URL.Opaque = p // sent as it is, without the client cleaning it
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 || strings.Contains(string(body), "not for the web") || strings.Contains(string(body), "baseURL") {
			t.Errorf("%s: %d\n%s", p, resp.StatusCode, body)
		}
	}
	if code, _ := get(t, url+"/"); code != 200 { // redirected to /personvern/
		t.Errorf("root: %d", code)
	}
	// A redirect never leads to another host.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", url, nil)
	req.URL.Opaque = "//personvern/personvern"
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, "//") {
		t.Errorf("redirected to %q", loc)
	}
}

// The event stream announces each rebuild.
func TestServeEvents(t *testing.T) {
	dir, url := start(t)
	resp, err := http.Get(url + eventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	next := func() string {
		for lines.Scan() {
			if l := lines.Text(); strings.HasPrefix(l, "data: ") {
				return l
			}
		}
		return ""
	}
	if got := next(); got != "data: 1" {
		t.Fatalf("first event %q", got)
	}
	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Ny tekst."))
	if got := next(); got != "data: 2" {
		t.Fatalf("after an edit %q", got)
	}
}

// In a real browser, an open page shows an edit by itself after saving.
func TestServeReloadsBrowser(t *testing.T) {
	dir, url := start(t)
	ctx := browsertest.Browser(t) // closed first, before the server it is connected to
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/personvern/personvern/"), chromedp.WaitVisible(chromedp.CSS("[data-policy-body]"))); err != nil {
		t.Fatal(err)
	}
	// The page reloads itself: look at it after each load, from the save
	// on. The deadline is a safety net; the latency is logged.
	wait, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	loads := chromedp.Events(wait, page.LoadEventFired)
	saved := time.Now()
	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Lagret nå."))
	for _, err := range loads {
		if err != nil {
			t.Fatalf("the page did not show the edit within %s of saving: %v", time.Since(saved).Round(time.Millisecond), err)
		}
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body !== null && document.body.innerText.includes("Lagret nå.")`))
		if err != nil {
			t.Fatal(err)
		}
		if shown {
			break
		}
	}
	t.Logf("shown %s after saving", time.Since(saved).Round(time.Millisecond))
}

// A rebuild with nothing changed does no work and reloads no page; any
// edit of what the site is made from is a change.
func TestServeNothingChanged(t *testing.T) {
	s := built(t, site)
	v := s.version
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if s.version != v {
		t.Error("an unchanged site was rebuilt")
	}
	// A change to the content, to site.yaml, to the theme or to the lock
	// is a change.
	for _, edit := range [][2]string{
		{"content/personvern/2026-01-01.md", revision("Første.", "Ny tekst.")},
		{"site.yaml", strings.Replace(site, "title: ", "title: Ny ", 1)},
		{"templates/style.css", "body { color: black; }\n"},
		{"content.lock", "# nothing recorded yet\n"},
	} {
		v = s.version
		write(t, s.opts.Source, edit[0], edit[1])
		if _, err := s.Rebuild(); err != nil || s.version == v {
			t.Errorf("the site was not rebuilt after an edit of %s: %v", edit[0], err)
		}
	}
}

// A lock error's fix can be an edit of content.lock alone: saving it
// brings the site back, as saving a mended revision does.
func TestServeLockMended(t *testing.T) {
	for _, tt := range []struct {
		name   string
		breaks func(t *testing.T, dir string)
		want   string
		drop   string // the mend: delete the lock's lines that contain it
	}{
		{"damaged", func(t *testing.T, dir string) {
			write(t, dir, "content.lock", "# policysite record, format 2\nnot a line of a lock\n")
		}, "content.lock:2: line 2 of the record is damaged", "not a line"},
		// Published by mistake: the file is deleted, then its lines in the
		// lock, as the error says.
		{"revision gone", func(t *testing.T, dir string) {
			write(t, dir, "content/vilkar/2026-01-01.md", revision("Vilkår.", "Vilkårstekst."))
			l, err := generator.LoadChecked(dir, testDay())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.Site().Record(testDay().Day, content.RecordOptions{History: true}); err != nil {
				t.Fatal(err)
			}
			if err := l.Lock.Write(dir); err != nil { // as policysite build --record does
				t.Fatal(err)
			}
			if err := os.Remove(filepath.Join(dir, "content", "vilkar", "2026-01-01.md")); err != nil {
				t.Fatal(err)
			}
		}, "2026-01-01.md was published and recorded here on", "vilkar/"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, url := start(t)
			page := url + "/personvern/personvern/"
			tt.breaks(t, dir)
			if code, body := waitFor(t, page, "could not be built"); code != 500 || !strings.Contains(body, tt.want) {
				t.Fatalf("no error page: %d\n%s", code, body)
			}
			lock, err := os.ReadFile(filepath.Join(dir, content.LockFile))
			if err != nil {
				t.Fatal(err)
			}
			var kept []string
			for _, l := range strings.SplitAfter(string(lock), "\n") {
				if !strings.Contains(l, tt.drop) {
					kept = append(kept, l)
				}
			}
			write(t, dir, content.LockFile, strings.Join(kept, ""))
			if code, body := waitFor(t, page, "Første tekst."); code != 200 || !strings.Contains(body, "Første tekst.") {
				t.Fatalf("the site did not come back after mending content.lock: %d\n%s", code, body)
			}
		})
	}
}

// Pages left to make on demand are made when asked for, and are the pages
// a build writes.
func TestServeDeferredPages(t *testing.T) {
	s := New(Options{Source: "../../examples/demo", Clock: testDay})
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	l, err := generator.LoadChecked("../../examples/demo", testDay())
	if err != nil {
		t.Fatal(err)
	}
	var built generator.Files
	if _, err := generator.Generate(l, &built, generator.GenerateOptions{DayForm: dayPath}); err != nil { // serve's bar
		t.Fatal(err)
	}
	want := built.Map()
	name := "personvern/compare/2019-03-01/2024-05-01/index.html"
	// Many requests at once, for pages made on demand and pages built:
	// under -race this shows that serving and making pages share no
	// unguarded state.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range []string{"personvern/compare/2020-09-01/2024-05-01/", "personvern/", "personvern/compare/2021-02-10/2024-05-01/"} {
				if code, _ := get(t, srv.URL+"/"+p); code != 200 {
					t.Errorf("%s: %d", p, code)
				}
			}
		}()
	}
	wg.Wait()
	// Without its slash, a page made on demand is found as a built one is.
	code, body := get(t, srv.URL+"/"+strings.TrimSuffix(name, "/index.html"))
	body = regexp.MustCompile(`<script src="/__policysite/reload\.js\?v=\d+" defer></script>`).ReplaceAllString(body, "")
	if code != 200 || body != string(want[name]) {
		t.Errorf("the deferred page differs from the built one (%d)", code)
	}
}

// A page made on demand that fails shows its error, as a failed build
// does, and not as a page that is not there.
func TestServeDeferredPageFails(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "site.yaml", site)
	for _, day := range []string{"2026-01-01", "2026-02-01", "2026-03-01"} {
		write(t, dir, "content/personvern/"+day+".md", revision("Endring "+day+".", "Tekst fra "+day+"."))
	}
	// Only the pages that compare a revision with the current one, not its
	// neighbour, fail: those a build leaves to make on demand.
	write(t, dir, "templates/diff.html", `{{define "main"}}{{if not .Diff.Adjacent}}{{index "" 1}}{{end}}<div data-diff-body></div>{{end}}`)
	s := New(Options{Source: dir, Clock: testDay})
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	if code, _ := get(t, srv.URL+"/personvern/personvern/2026-03-01/diff/"); code != 200 {
		t.Fatalf("a page the build made: %d", code)
	}
	code, body := get(t, srv.URL+"/personvern/personvern/compare/2026-01-01/2026-03-01/")
	if code != 500 || !strings.Contains(body, "could not be built") || !strings.Contains(body, "page /personvern/compare/2026-01-01/2026-03-01/") || !strings.Contains(body, "/__policysite/reload.js") {
		t.Errorf("the failed page is not shown as an error: %d\n%s", code, body)
	}
}

// A draft (published after today) is left out of the preview, as it is of
// the site, unless serve runs with --drafts; then it shows, marked as one.
func TestServeDrafts(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "site.yaml", site)
	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Første tekst."))
	write(t, dir, "content/personvern/2027-01-01.md", "---\ntitle: Personvern\nsummary: Neste.\npublished: 2026-12-01\n---\n## 1 Om oss\n\nUtkastets tekst.\n")
	for _, drafts := range []bool{false, true} {
		s := New(Options{Source: dir, Drafts: drafts, Clock: testDay})
		if _, err := s.Rebuild(); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s)
		code, body := get(t, srv.URL+"/personvern/personvern/2027-01-01/")
		srv.Close()
		switch {
		case !drafts && code != 404:
			t.Errorf("without --drafts, the draft's page answers %d", code)
		case drafts && (code != 200 || !strings.Contains(body, "Utkastets tekst.") || !strings.Contains(body, `class="notice notice-draft"`)):
			t.Errorf("with --drafts, the draft's page is not shown as a draft: %d\n%s", code, body)
		}
	}
}

// A missing page is answered with the 404 page of the language whose
// folder it is in, and, outside any language's folder, the site's
// language's.
func TestServeNotFoundInLanguage(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "site.yaml", site+"languages: [nb, nn, en]\n")
	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Første tekst."))
	write(t, dir, "content/personvern/2026-01-01.en.md", "---\ntitle: Privacy\nsummary: First.\n---\n## 1 About us\n\nFirst text.\n")
	s := New(Options{Source: dir, Clock: testDay})
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, tt := range []struct{ path, lang, words string }{
		{"/personvern/finnes-ikke/", "nb", "Siden finnes ikke"},
		{"/personvern/personvern/1999-01-01/", "nb", "Siden finnes ikke"},
		{"/personvern/en/missing/", "en", "Page not found"},
		{"/personvern/en/personvern/1999-01-01/", "en", "Page not found"},
		{"/personvern/nn/personvern/", "nb", "Siden finnes ikke"}, // nothing in nynorsk yet: no nn/ at all
	} {
		code, body := get(t, srv.URL+tt.path)
		if code != 404 || !strings.Contains(body, `<html lang="`+tt.lang+`">`) || !strings.Contains(body, tt.words) {
			t.Errorf("%s: %d, want 404 in %s with %q:\n%s", tt.path, code, tt.lang, tt.words, body)
		}
	}
}

// Saves of what the site is made from start a rebuild; editors' backups,
// swap and lock files, hidden files and everything outside the site's own
// folders do not.
func TestRelevant(t *testing.T) {
	s := New(Options{Source: "/site"})
	for name, want := range map[string]bool{
		"/site/site.yaml":                             true,
		"/site/content/personvern/2026-01-01.md":      true,
		"/site/content/vilkar":                        true,
		"/site/templates/style.css":                   true,
		"/site/content.lock":                          true,
		"/site/content.lock.new":                      false, // build's, renamed over content.lock when done
		"/site/timestamps/roots.pem":                  true,  // the tokens are checked against it
		"/site/timestamps/0a.tsa.example.tsr":         true,
		"/site/content/personvern/2026-01-01.md~":     false,
		"/site/content/personvern/.2026-01-01.md.swp": false,
		"/site/content/personvern/#2026-01-01.md#":    false,
		"/site/content/personvern/.#2026-01-01.md":    false,
		"/site/public/index.html":                     false,
		"/site/README.md":                             false,
		"/site/.git/index":                            false,
		"/elsewhere/content/x.md":                     false,
	} {
		if got := s.relevant(name); got != want {
			t.Errorf("relevant(%s) = %v, want %v", name, got, want)
		}
	}
	// The files site.yaml names, and the folders on the way to them.
	s.named = []string{"assets/brand/logo.svg", "roots.pem"}
	for name, want := range map[string]bool{
		"/site/assets/brand/logo.svg":  true,
		"/site/assets/brand":           true,
		"/site/assets":                 true,
		"/site/roots.pem":              true,
		"/site/assets/brand/other.svg": false,
		"/site/assets/brand/logo.svg~": false,
		"/site/assets/br":              false,
		"/site/README.md":              false,
	} {
		if got := s.relevant(name); got != want {
			t.Errorf("with a logo, relevant(%s) = %v, want %v", name, got, want)
		}
	}
}

func logo(colour string) string {
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="` + colour + `"/></svg>` + "\n"
}

// A save of the logo site.yaml names rebuilds the site, as a save of the
// content does: in its folder, a mend of a logo the build refused, and a
// logo that site.yaml names anew, in a folder made after serve started.
func TestServeWatchesLogo(t *testing.T) {
	dir, url := startWith(t, site+"logo: assets/logo.svg\n", map[string]string{"assets/logo.svg": logo("#111111")})
	if code, body := get(t, url+"/personvern/logo.svg"); code != 200 || !strings.Contains(body, "#111111") {
		t.Fatalf("the logo: %d %s", code, body)
	}
	write(t, dir, "assets/logo.svg", logo("#222222"))
	if _, body := waitFor(t, url+"/personvern/logo.svg", "#222222"); !strings.Contains(body, "#222222") {
		t.Fatal("the saved logo was not shown")
	}

	// A logo the build refuses is shown as an error; mended, the site
	// comes back.
	write(t, dir, "assets/logo.svg", "<svg><script>alert(1)</script></svg>\n")
	if code, body := waitFor(t, url+"/personvern/personvern/", "could not be built"); code != 500 || !strings.Contains(body, "assets/logo.svg") {
		t.Fatalf("no error page for the logo: %d\n%s", code, body)
	}
	write(t, dir, "assets/logo.svg", logo("#333333"))
	if _, body := waitFor(t, url+"/personvern/logo.svg", "#333333"); !strings.Contains(body, "#333333") {
		t.Fatal("the mended logo was not shown")
	}

	// site.yaml names a logo in a folder that is not there yet: its
	// making and the logo saved in it are watched.
	write(t, dir, "site.yaml", site+"logo: brand/new/logo.svg\n")
	if code, body := waitFor(t, url+"/personvern/personvern/", "could not be built"); code != 500 || !strings.Contains(body, "brand/new/logo.svg") {
		t.Fatalf("no error page for the missing logo: %d\n%s", code, body)
	}
	write(t, dir, "brand/new/logo.svg", logo("#444444"))
	if _, body := waitFor(t, url+"/personvern/logo.svg", "#444444"); !strings.Contains(body, "#444444") {
		t.Fatal("the logo in a new folder was not shown")
	}
	write(t, dir, "brand/new/logo.svg", logo("#555555"))
	if _, body := waitFor(t, url+"/personvern/logo.svg", "#555555"); !strings.Contains(body, "#555555") {
		t.Fatal("the logo in the new folder was not watched")
	}
}

// The event stream stays open past a server's write timeout, which is
// meant for pages: serve's own server has one.
func TestServeEventsOutliveWriteTimeout(t *testing.T) {
	s := built(t, site)
	srv := httptest.NewUnstartedServer(s)
	srv.Config.WriteTimeout = time.Nanosecond // passed before anything is written
	srv.Start()
	defer srv.Close()
	resp, err := http.Get(srv.URL + eventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	for _, want := range []string{"data: 1", "data: 2"} {
		if want == "data: 2" {
			write(t, s.opts.Source, "content/personvern/2026-01-01.md", revision("Første.", "Ny tekst."))
			if _, err := s.Rebuild(); err != nil {
				t.Fatal(err)
			}
		}
		got := ""
		for got == "" && lines.Scan() {
			if l := lines.Text(); strings.HasPrefix(l, "data: ") {
				got = l
			}
		}
		if got != want {
			t.Fatalf("got %q (%v), want %q: the stream was cut", got, lines.Err(), want)
		}
	}
}

// serveDay serves a site with a revision in force and one that takes
// effect on 2027-02-01, without watching it: the tests change the day, not
// the files.
func serveDay(t *testing.T, lang ...msg.Lang) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "site.yaml", site)
	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Første tekst."))
	write(t, dir, "content/personvern/2027-02-01.md", "---\ntitle: Personvern\nsummary: Andre.\npublished: 2026-11-01\n---\n## 1 Om oss\n\nAndre tekst.\n")
	s := New(Options{Source: dir, Clock: testDay})
	if len(lang) > 0 {
		s.opts.Messages = lang[0]
	}
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL
}

// noFollow is a client that shows redirects rather than following them.
var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// pick asks the day endpoint with the query q and returns its answer.
func pick(t *testing.T, base string, q url.Values, header http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+dayPath+"?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// Every page serve answers says it is a preview, and of which day, with a
// form to pick another that comes back to it; the site's policy lets the
// form be sent.
func TestServeDayBar(t *testing.T) {
	_, base := serveDay(t)
	for _, tc := range []struct{ path, text, label string }{
		{"/personvern/personvern/", "Forhåndsvisning – slik siden ser ut 26.\u00a0november\u00a02026.", `<label for="preview-date">Vis siden slik den ser ut</label>`},
		{"/personvern/personvern/history/", "Forhåndsvisning – slik siden ser ut 26.\u00a0november\u00a02026.", `<label for="preview-date">Vis siden slik den ser ut</label>`},
	} {
		resp, err := http.Get(base + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(body)
		for _, want := range []string{
			`data-preview="2026-11-26"`,
			tc.text,
			`<form class="preview-day" method="get" action="/__policysite/day" data-preview-form>`,
			`<input type="hidden" name="back" value="` + tc.path + `">`,
			tc.label,
			`<input type="date" id="preview-date" name="date" value="2026-11-26"`,
		} {
			if resp.StatusCode != 200 || !strings.Contains(page, want) {
				t.Errorf("%s (%d) lacks %s", tc.path, resp.StatusCode, want)
			}
		}
		origin := "http://" + resp.Request.URL.Host
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action "+origin+"/__policysite/") {
			t.Errorf("%s: the policy does not let the form be sent: %s", tc.path, csp)
		}
	}
}

// The bar's form builds the site for the day picked and sends the browser
// back to the page: a revision is shown in force only once the day is past
// its effective date, and "today" brings back the day serve started with.
// A day the site cannot be built for shows why, as an edit that breaks it
// does.
func TestServePickDay(t *testing.T) {
	_, base := serveDay(t)
	const page = "/personvern/personvern/"
	for _, step := range []struct {
		date, want, day string
	}{
		{"2026-11-26", "Første tekst.", "2026-11-26"},
		{"2027-02-01", "Andre tekst.", "2027-02-01"},
		{"today", "Første tekst.", "2026-11-26"},
		{"2200-12-31", "Andre tekst.", "2200-12-31"},
		// Before the first revision: that revision breaks the lead time
		// then, as with --now 1990-01-01; the page says so.
		{"1990-01-01", "The site could not be built", ""},
		{"today", "Første tekst.", "2026-11-26"},
	} {
		resp := pick(t, base, url.Values{"date": {step.date}, "back": {page}}, http.Header{"Sec-Fetch-Site": {"same-origin"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
			t.Fatalf("date=%s: %d to %q, want 303 to %s", step.date, resp.StatusCode, resp.Header.Get("Location"), page)
		}
		_, body := get(t, base+page)
		if step.day != "" && !strings.Contains(body, `data-preview="`+step.day+`"`) || !strings.Contains(body, step.want) {
			t.Errorf("date=%s: the page is not built for %s with %q:\n%s", step.date, step.day, step.want, body)
		}
	}
}

// What the day endpoint is given is checked before anything changes: a
// date that is not one day in 1990–2200 as YYYY-MM-DD, or a back that is
// not a path of this site, is refused, and the site stays built for its
// day.
func TestServePickDayRefused(t *testing.T) {
	s, base := serveDay(t)
	const page = "/personvern/personvern/"
	for _, tc := range []struct {
		name   string
		q      url.Values
		header http.Header
		code   int
	}{
		{"no date", url.Values{"back": {page}}, nil, 400},
		{"empty date", url.Values{"date": {""}, "back": {page}}, nil, 400},
		{"two dates", url.Values{"date": {"2027-02-01", "today"}, "back": {page}}, nil, 400},
		{"no month 13", url.Values{"date": {"2026-13-01"}, "back": {page}}, nil, 400},
		{"no 30 February", url.Values{"date": {"2027-02-30"}, "back": {page}}, nil, 400},
		{"short month", url.Values{"date": {"2027-2-01"}, "back": {page}}, nil, 400},
		{"day first", url.Values{"date": {"01-02-2027"}, "back": {page}}, nil, 400},
		{"a time", url.Values{"date": {"2027-02-01T00:00:00Z"}, "back": {page}}, nil, 400},
		{"before 1990", url.Values{"date": {"1989-12-31"}, "back": {page}}, nil, 400},
		{"after 2200", url.Values{"date": {"2201-01-01"}, "back": {page}}, nil, 400},
		{"Today", url.Values{"date": {"Today"}, "back": {page}}, nil, 400},
		{"no back", url.Values{"date": {"2027-02-01"}}, nil, 400},
		{"two backs", url.Values{"date": {"2027-02-01"}, "back": {page, page}}, nil, 400},
		{"another host", url.Values{"date": {"2027-02-01"}, "back": {"https://example.com/personvern/"}}, nil, 400},
		{"scheme-relative", url.Values{"date": {"2027-02-01"}, "back": {"//example.com/personvern/"}}, nil, 400},
		{"backslash", url.Values{"date": {"2027-02-01"}, "back": {"/\\example.com/personvern/"}}, nil, 400},
		{"javascript", url.Values{"date": {"2027-02-01"}, "back": {"javascript:alert(1)"}}, nil, 400},
		{"relative", url.Values{"date": {"2027-02-01"}, "back": {"personvern/"}}, nil, 400},
		{"outside the site", url.Values{"date": {"2027-02-01"}, "back": {"/andre/"}}, nil, 400},
		{"dot-dot", url.Values{"date": {"2027-02-01"}, "back": {"/personvern/../andre/"}}, nil, 400},
		{"encoded", url.Values{"date": {"2027-02-01"}, "back": {"/personvern/%2e%2e/"}}, nil, 400},
		{"query", url.Values{"date": {"2027-02-01"}, "back": {page + "?x=1"}}, nil, 400},
		{"fragment", url.Values{"date": {"2027-02-01"}, "back": {page + "#x"}}, nil, 400},
		{"newline", url.Values{"date": {"2027-02-01"}, "back": {page + "\r\nX: y"}}, nil, 400},
		{"another site's page", url.Values{"date": {"2027-02-01"}, "back": {page}}, http.Header{"Sec-Fetch-Site": {"cross-site"}}, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if resp := pick(t, base, tc.q, tc.header); resp.StatusCode != tc.code || resp.Header.Get("Location") != "" {
				t.Errorf("answered %d (to %q), want %d", resp.StatusCode, resp.Header.Get("Location"), tc.code)
			}
			if _, body := get(t, base+page); !strings.Contains(body, `data-preview="2026-11-26"`) || !strings.Contains(body, "Første tekst.") {
				t.Errorf("the site is no longer built for 2026-11-26:\n%s", body)
			}
		})
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.day.IsZero() {
		t.Errorf("the day was changed to %s", s.day)
	}
	// Only a GET picks a day: a page's form sends one, and nothing else may.
	resp, err := http.Post(base+dayPath+"?date=2027-02-01&back=%2Fpersonvern%2F", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST answered %d", resp.StatusCode)
	}
}

// A refusal says why in the language of serve's messages.
func TestServePickDayRefusedInBokmal(t *testing.T) {
	_, base := serveDay(t, msg.Bokmal)
	for q, want := range map[string]string{
		"date=2027-02-30&back=%2Fpersonvern%2F":             "datoen «2027-02-30» er ikke en dag: skriv den som ÅÅÅÅ-MM-DD",
		"date=2027-02-01&back=https%3A%2F%2Fexample.com%2F": "back «https://example.com/» er ikke en side på dette nettstedet",
	} {
		resp, err := noFollow.Get(base + dayPath + "?" + q)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %q, want 400 with %q", q, resp.StatusCode, body, want)
		}
	}
}

// built is a server of a site (site.yaml siteYAML) with one revision,
// built once and not watching it.
func built(t *testing.T, siteYAML string) *Server {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "site.yaml", siteYAML)
	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Første tekst."))
	s := New(Options{Source: dir, Clock: testDay})
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	return s
}

// With main: in site.yaml, the main document's old addresses redirect to
// its new ones, as _redirects has it and a static host that reads the file
// answers: the status it names, the query along.
func TestServeFollowsRedirects(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "site.yaml", site+"main: personvern\nlanguages: [nb, en]\n")
	write(t, dir, "content/personvern/2026-01-01.md", revision("Første.", "Første tekst."))
	write(t, dir, "content/personvern/2026-01-01.en.md", "---\ntitle: Privacy\nsummary: First.\n---\n## 1 About us\n\nFirst text.\n")
	s := New(Options{Source: dir, Clock: testDay})
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	ask := func(p string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		return rec
	}
	for p, want := range map[string]string{
		"/personvern/personvern":                "/personvern/",
		"/personvern/personvern/":               "/personvern/",
		"/personvern/personvern/2026-01-01/":    "/personvern/2026-01-01/",
		"/personvern/personvern/history/?x=1":   "/personvern/history/?x=1",
		"/personvern/en/personvern/":            "/personvern/en/",
		"/personvern/en/personvern/feed.xml":    "/personvern/en/feed.xml",
		"/personvern/personvern/../personvern/": "/personvern/",
	} {
		rec := ask(p)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != want {
			t.Errorf("%s: %d to %q, want 301 to %q", p, rec.Code, rec.Header().Get("Location"), want)
		}
	}
	// The new addresses are the pages.
	for _, p := range []string{"/personvern/", "/personvern/2026-01-01/", "/personvern/en/"} {
		if rec := ask(p); rec.Code != 200 || !strings.Contains(rec.Body.String(), "data-policy-body") {
			t.Errorf("%s: %d, want the page", p, rec.Code)
		}
	}

	// Without main:, no _redirects: the old address is the page again.
	write(t, dir, "site.yaml", site+"languages: [nb, en]\n")
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if rec := ask("/personvern/personvern/"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Første tekst.") {
		t.Errorf("without main: %d %s", rec.Code, rec.Header().Get("Location"))
	}
}

// A _redirects line's status is the one answered, 301 where it names none.
func TestRedirectFor(t *testing.T) {
	rules := redirects.Parse([]byte("/personvern/gammel /personvern/ny 302\n/personvern/flyttet/* /personvern/:splat\n/personvern/ut //other.example/ 301\n"))
	for _, tt := range []struct {
		path, to string
		status   int
	}{
		{"/personvern/gammel", "/personvern/ny", 302},
		{"/personvern/flyttet/a/", "/personvern/a/", 301},
		{"/personvern/ut", "", 0}, // never to another host by its path
		{"/personvern/annen", "", 0},
	} {
		r := httptest.NewRequest("GET", tt.path, nil)
		p := path.Clean(r.URL.Path)
		to, status, ok := redirectFor(rules, r, p)
		if to != tt.to || status != tt.status || ok != (tt.status != 0) {
			t.Errorf("%s: %q %d %v, want %q %d", tt.path, to, status, ok, tt.to, tt.status)
		}
	}
}
