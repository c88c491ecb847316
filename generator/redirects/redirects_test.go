package redirects_test

import (
	"testing"

	"policysite/generator/content"
	"policysite/generator/pages"
	"policysite/generator/redirects"
)

func TestRedirectsFor(t *testing.T) {
	rules := redirects.Parse([]byte(`# a comment

/personvern/personvern /personvern/ 301
/personvern/personvern/* /personvern/:splat 301
/old /new
/moved/:year/:slug /posts/:year/:slug 302!
/temporary/* /elsewhere/:splat 307
/rewritten/* /index.html 200
/gone /404.html 404
/by-country /no 302 Country=no
https://other.example/* /x 301
/one-field
`))
	for _, tt := range []struct {
		path, to string
		status   int // 0: no redirect
	}{
		{"/personvern/personvern", "/personvern/", 301},
		{"/personvern/personvern/", "/personvern/", 301},
		{"/personvern/personvern/2026-01-01/", "/personvern/2026-01-01/", 301},
		{"/personvern/personvern/history/index.html", "/personvern/history/index.html", 301},
		{"/personvern/personvernx", "", 0},
		{"/personvern/", "", 0},
		{"/old", "/new", 301},
		{"/old/", "/new", 301},
		{"/old/more", "", 0},
		{"/moved/2026/splat-and-more", "/posts/2026/splat-and-more", 302},
		{"/moved/2026", "", 0},
		{"/temporary/a/b", "/elsewhere/a/b", 307},
		{"/rewritten/a", "", 0}, // not a redirect
		{"/gone", "", 0},
		{"/by-country", "", 0}, // a condition this host cannot judge
		{"/x", "", 0},
	} {
		to, status, ok := rules.For(tt.path)
		if ok != (tt.status != 0) || to != tt.to || status != tt.status {
			t.Errorf("For(%q) = %q %d %v, want %q %d", tt.path, to, status, ok, tt.to, tt.status)
		}
	}
}

// The file a build writes with main: is read as the hosts read it: every
// old address of the main document, in each language, to its new one.
func TestRedirectsOfMain(t *testing.T) {
	cfg := content.Config{BaseURL: "https://example.no/personvern/", Main: "personvern", Language: "nb", Languages: []string{"nb", "en"}}
	rules := redirects.Parse(pages.Redirects(cfg))
	for path, want := range map[string]string{
		"/personvern/personvern":                  "/personvern/",
		"/personvern/personvern/":                 "/personvern/",
		"/personvern/personvern/2026-01-01/":      "/personvern/2026-01-01/",
		"/personvern/en/personvern/":              "/personvern/en/",
		"/personvern/en/personvern/history/":      "/personvern/en/history/",
		"/personvern/en/personvern/versions.json": "/personvern/en/versions.json",
	} {
		if to, status, ok := rules.For(path); !ok || to != want || status != 301 {
			t.Errorf("For(%q) = %q %d %v, want %q 301", path, to, status, ok, want)
		}
	}
	for _, path := range []string{"/personvern/", "/personvern/en/", "/personvern/2026-01-01/", "/personvern/tilgjengelighetserklaering/"} {
		if to, _, ok := rules.For(path); ok {
			t.Errorf("For(%q) = %q, want no redirect", path, to)
		}
	}
}
