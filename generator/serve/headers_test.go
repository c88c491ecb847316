package serve

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"policysite/generator/editor"
)

func TestAllowReload(t *testing.T) {
	const origin = "http://127.0.0.1:1313"
	for _, tt := range []struct{ in, want string }{
		// policysite's own policy allows same-origin scripts and
		// connections: it is sent as it is.
		{"default-src 'none'; script-src 'self'; connect-src 'self'", "default-src 'none'; script-src 'self'; connect-src 'self'"},
		{"frame-ancestors 'none'", "frame-ancestors 'none'"},
		{"script-src 'none'; connect-src 'self'", "script-src http://127.0.0.1:1313/__policysite/; connect-src 'self'"},
		{"script-src 'sha256-abc'; connect-src https://api.example", "script-src 'sha256-abc' http://127.0.0.1:1313/__policysite/; connect-src https://api.example http://127.0.0.1:1313/__policysite/"},
		{"default-src 'none'; img-src 'self'", "default-src 'none'; img-src 'self'; script-src http://127.0.0.1:1313/__policysite/; connect-src http://127.0.0.1:1313/__policysite/"},
		{"default-src 'self', script-src 'none'", "default-src 'self', script-src http://127.0.0.1:1313/__policysite/"},
		// The bar's form for the day is let through a form-action that
		// would stop it; without one, forms are not restricted, and no
		// form-action is added that would restrict the site's own.
		{"script-src 'self'; form-action 'none'", "script-src 'self'; form-action http://127.0.0.1:1313/__policysite/"},
		{"default-src 'self'; form-action https://forms.example", "default-src 'self'; form-action https://forms.example http://127.0.0.1:1313/__policysite/"},
		{"default-src 'self'; form-action 'self'", "default-src 'self'; form-action 'self'"},
	} {
		if got := allowReload(tt.in, origin); got != tt.want {
			t.Errorf("allowReload(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// A page from serve carries the headers the site's _headers gives it, the
// Content-Security-Policy first of all, and its reload script still runs
// (TestServeReloadsBrowser reloads a page under this policy).
func TestServeSendsSiteHeaders(t *testing.T) {
	theirs, err := os.ReadFile("../../templates/_headers")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s+Content-Security-Policy: (.+)$`).FindSubmatch(theirs)
	if m == nil {
		t.Fatal("templates/_headers has no Content-Security-Policy")
	}
	csp := string(m[1])
	dir, url := start(t)
	// All but form-action, which lets the preview bar's form (and only
	// it) be sent: the published site sends no form.
	csp = strings.Replace(csp, "form-action 'none'", "form-action "+url+"/__policysite/", 1)
	for _, p := range []string{"/personvern/", "/personvern/personvern/", "/personvern/style.css", "/personvern/nowhere"} {
		resp, err := http.Get(url + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Security-Policy"); got != csp {
			t.Errorf("%s: Content-Security-Policy %q, want _headers' with serve's form %q", p, got, csp)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", p, got)
		}
	}
	// serve's own endpoints are not the site's.
	resp, err := http.Get(url + scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Content-Security-Policy"); got != "" {
		t.Errorf("the reload script carries the site's policy %q", got)
	}

	// A theme's _headers replaces policysite's, and the preview follows
	// it with the rebuild the save starts (the event stream's signal).
	events, err := http.Get(url + eventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	lines := bufio.NewScanner(events.Body)
	next := func() string {
		for lines.Scan() {
			if l := lines.Text(); strings.HasPrefix(l, "data: ") {
				return l
			}
		}
		return ""
	}
	next() // the build being served
	write(t, dir, "templates/_headers", "/*\n  Content-Security-Policy: default-src 'none'\n/personvern/personvern/\n  X-Test: one page\n")
	if got := next(); got == "" {
		t.Fatal("no rebuild after the save")
	}
	resp, err = http.Get(url + "/personvern/personvern/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The policy would block the reload script: serve allows its own path.
	want := "default-src 'none'; script-src " + url + "/__policysite/; connect-src " + url + "/__policysite/"
	if got := resp.Header.Get("Content-Security-Policy"); got != want || resp.Header.Get("X-Test") != "one page" {
		t.Errorf("after the theme's _headers: Content-Security-Policy %q, X-Test %q; want %q", got, resp.Header.Get("X-Test"), want)
	}
}

// The web editor gets its own policy from _headers, not the site's as
// well, and no reload script: it saves files as one works in it, and a
// reload after each save would throw away what is open.
func TestServeEditor(t *testing.T) {
	s := built(t, site+"editor:\n  backend: github\n  repo: a/b\n")
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/personvern/admin/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), editor.ScriptURL) {
		t.Fatalf("no editor: %d\n%s", resp.StatusCode, body)
	}
	if strings.Contains(string(body), scriptPath) {
		t.Error("the editor's page has serve's reload script")
	}
	csp := resp.Header.Values("Content-Security-Policy")
	if len(csp) != 1 || !strings.HasPrefix(csp[0], "default-src 'none'; script-src "+editor.ScriptURL) || strings.Contains(csp[0], ",") {
		t.Errorf("the editor's policy is %q: want the editor's alone", csp)
	}
}
