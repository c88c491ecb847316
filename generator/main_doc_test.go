package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policysite/generator/content"
	"policysite/generator/redirects"
)

// mainDemo is a copy of the demo without its cookie statement (nor the
// record, which has it), whose site.yaml ends with extra ("" for the demo's
// own addresses).
func mainDemo(t *testing.T, extra string) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "../examples/demo", src)
	must(t, os.RemoveAll(filepath.Join(src, "content", "informasjonskapsler")))
	must(t, os.Remove(filepath.Join(src, content.LockFile)))
	tokens, err := filepath.Glob(filepath.Join(src, content.StampsDir, "*.tsr"))
	must(t, err)
	for _, tok := range tokens {
		must(t, os.Remove(tok))
	}
	if extra != "" {
		yaml, err := os.ReadFile(filepath.Join(src, "site.yaml"))
		must(t, err)
		must(t, os.WriteFile(filepath.Join(src, "site.yaml"), append(yaml, extra...), 0o644))
	}
	return src
}

// TestMainDocumentPaths: with main:, the main document's pages, in every
// language, are where the start page of the language was, and nothing is
// left at its old addresses; the other documents keep theirs. Without it,
// every document is in a folder of its own below the start page.
func TestMainDocumentPaths(t *testing.T) {
	plain := generate(t, mainDemo(t, ""), "2026-11-26")
	main := generate(t, mainDemo(t, "main: personvern\n"), "2026-11-26")
	for _, tt := range []struct {
		name        string
		without, on string // the file without main: and with main: personvern
	}{
		{"current", "personvern/index.html", "index.html"},
		{"revision", "personvern/2024-05-01/index.html", "2024-05-01/index.html"},
		{"upcoming", "personvern/2027-01-15/index.html", "2027-01-15/index.html"},
		{"diff", "personvern/2024-05-01/diff/index.html", "2024-05-01/diff/index.html"},
		{"compare", "personvern/compare/2019-03-01/2024-05-01/index.html", "compare/2019-03-01/2024-05-01/index.html"},
		{"history", "personvern/history/index.html", "history/index.html"},
		{"feed", "personvern/feed.xml", "feed.xml"},
		{"versions.json", "personvern/versions.json", "versions.json"},
		{"English current", "en/personvern/index.html", "en/index.html"},
		{"English feed", "en/personvern/feed.xml", "en/feed.xml"},
		{"accessibility statement", "tilgjengelighetserklaering/index.html", "tilgjengelighetserklaering/index.html"},
		{"English history", "en/personvern/history/index.html", "en/history/index.html"},
		{"404", "404.html", "404.html"},
		{"English 404", "en/404.html", "en/404.html"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := plain[tt.without]; !ok {
				t.Errorf("without main: no %s", tt.without)
			}
			if _, ok := main[tt.on]; !ok {
				t.Errorf("with main: no %s", tt.on)
			}
			if _, ok := main[tt.without]; ok && tt.without != tt.on {
				t.Errorf("with main: %s is still written", tt.without)
			}
		})
	}
	// The start page is the main document's current page.
	for _, home := range []string{"index.html", "en/index.html"} {
		if !strings.Contains(string(main[home]), "data-policy-body") {
			t.Errorf("with main: %s is not the policy's page", home)
		}
		if strings.Contains(string(plain[home]), "data-policy-body") {
			t.Errorf("without main: %s is not the start page", home)
		}
	}
	for name, data := range main { // the policy's text (pages, text.json) names the old address itself
		text := strings.HasSuffix(name, ".html") || strings.HasSuffix(name, "/text.json")
		if !text && strings.Contains(string(data), "personvern.fjordvarme.example/personvern/") || strings.Contains(string(data), `"/personvern/`) {
			t.Errorf("with main: %s names an old address", name)
		}
	}
	if n := checkContract(t, main, "/"); n < 7 {
		t.Errorf("with main: only %d revisions in versions.json", n)
	}
	for _, want := range []struct{ file, text string }{
		{"versions.json", `"url": "/2024-05-01/"`},
		{"versions.json", `"diff_url": "/2024-05-01/diff/"`},
		{"en/versions.json", `"url": "/en/2024-05-01/"`},
		{"notice.json", `"url":"https://personvern.fjordvarme.example/2027-01-15/"`},
		{"sitemap.xml", "<loc>https://personvern.fjordvarme.example/history/</loc>"},
		{"sitemap.xml", "<loc>https://personvern.fjordvarme.example/tilgjengelighetserklaering/</loc>"},
		{"feed.xml", `<id>https://personvern.fjordvarme.example/</id>`},
		{"history/index.html", `href="../versions.json"`},
		{"2024-05-01/index.html", `href="../history/"`},
	} {
		if !strings.Contains(strings.ReplaceAll(string(main[want.file]), " ", ""), strings.ReplaceAll(want.text, " ", "")) {
			t.Errorf("with main: %s does not hold %s", want.file, want.text)
		}
	}
	if _, ok := plain[redirects.File]; ok {
		t.Errorf("without main: %s is written", redirects.File)
	}
	want := "# The main document (main: personvern in site.yaml) is at the site's address.\n" +
		"/personvern / 301\n/personvern/* /:splat 301\n" +
		"/nn/personvern /nn/ 301\n/nn/personvern/* /nn/:splat 301\n" +
		"/en/personvern /en/ 301\n/en/personvern/* /en/:splat 301\n"
	if got := string(main[redirects.File]); got != want {
		t.Errorf("%s:\n%s\nwant\n%s", redirects.File, got, want)
	}
}

// TestMainDocumentNotice: the customer notices of a site with main: link
// to the short addresses, the SMS to the shortest.
func TestMainDocumentNotice(t *testing.T) {
	site, th, err := Load(mainDemo(t, "main: personvern\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ lang, date, doc, page, short string }{
		{"nb", "2027-01-15", "", "2027-01-15/", "2027-01-15/diff/"},
		{"en", "2024-05-01", "en/", "en/2024-05-01/", "en/2024-05-01/"}, // a translation's first revision: its own page
	} {
		d, tpl, err := Notice(site, th, NoticeRequest{Doc: "personvern", Lang: tt.lang, Date: tt.date, Clock: day("2026-11-26")})
		if err != nil {
			t.Fatal(err)
		}
		base := "https://personvern.fjordvarme.example/"
		if d.DocURL != base+tt.doc || d.PageURL != base+tt.page {
			t.Errorf("%s: addresses %q %q", tt.lang, d.DocURL, d.PageURL)
		}
		sms, _, _, err := tpl.SMS(d, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(sms, base+tt.short+" ") && !strings.HasSuffix(sms, base+tt.short) {
			t.Errorf("%s: the SMS does not link to %s: %s", tt.lang, base+tt.short, sms)
		}
	}
}

// TestOwnSiteMain: the repository's own site serves the privacy policy at
// its address, redirects the old one, and a copy of it verifies.
func TestOwnSiteMain(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: "..", Dest: dest, Clock: day("2026-11-26")}); err != nil {
		t.Fatal(err)
	}
	moved, err := os.ReadFile(filepath.Join(dest, redirects.File))
	must(t, err)
	if !strings.Contains(string(moved), "\n/personvern/personvern/* /personvern/:splat 301\n") {
		t.Errorf("%s:\n%s", redirects.File, moved)
	}
	for _, name := range []string{"index.html", "2026-11-26/index.html", "history/index.html", "versions.json", "feed.xml"} {
		if _, err := os.Stat(filepath.Join(dest, name)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "personvern")); err == nil {
		t.Error("personvern/ is still written")
	}
	findings, err := Verify("..", dest, &content.Clock{Real: day("2026-11-26").Real})
	if err != nil || len(findings) > 0 {
		t.Errorf("verify: %v %v", err, findings)
	}
}
