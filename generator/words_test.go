package generator

import (
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"policysite/internal/sitegen"
)

// wordsSite is a site in bokmål, nynorsk and English: a policy in each,
// its nynorsk and English translations of the first revision only, so
// that they fall behind the bokmål; and terms whose nynorsk has a second
// revision the bokmål has not.
func wordsSite(t *testing.T) string {
	t.Helper()
	rev := func(title, summary, body string) string {
		return "---\ntitle: " + title + "\nsummary: " + summary + "\nreason: editorial\n---\n" + body
	}
	return sitegen.Files(t, map[string]string{
		"site.yaml": "title:\n  nb: Fjordvarme – personvern\n  nn: Personvern hjå Fjordvarme\n  en: Privacy at Fjordvarme\n" +
			"baseURL: https://example.no/personvern/\nlanguage: nb\nlanguages: [nb, nn, en]\ncontact:\n  name: Fjordvarme AS\n",
		"content/personvern/2025-01-01.md":    rev("Personvernerklæring for Fjordvarme AS", "Første.", "## 1 Om oss\n\nVi er Fjordvarme.\n\n## 2 Kontakt\n\nSkriv til [oss](https://example.no/a).\n"),
		"content/personvern/2026-01-01.md":    rev("Personvernerklæring for Fjordvarme AS", "Andre.", "## 1 Om oss\n\nVi er Fjordvarme AS i Fjordby.\n\n## 2 Kontakt\n\nSkriv til [oss](https://example.no/b).\n"),
		"content/personvern/2025-01-01.nn.md": rev("Personvernerklæring for Fjordvarme AS", "Første.", "## 1 Om oss\n\nVi er Fjordvarme.\n\n## 2 Kontakt\n\nSkriv til oss.\n"),
		"content/personvern/2025-01-01.en.md": rev("Privacy policy", "First.", "## 1 About us\n\nWe are Fjordvarme.\n\n## 2 Contact\n\nWrite to us.\n"),
		"content/vilkar/2025-01-01.md":        rev("Vilkår", "Første.", "## 1 Vilkår\n\nTekst.\n"),
		"content/vilkar/2025-01-01.nn.md":     rev("Vilkår", "Første.", "## 1 Vilkår\n\nTekst.\n\n## 2 Gamalt\n\nBorte.\n"),
		"content/vilkar/2026-01-01.nn.md":     rev("Vilkår", "Andre.", "## 1 Vilkår\n\nNy tekst.\n"),
	})
}

// The tab's title names the site once: after the page's own title only
// where that does not name the site or the organisation already; and the
// site's title is the one for the page's language.
func TestTabTitle(t *testing.T) {
	files := generate(t, wordsSite(t), "2026-06-01")
	for _, tt := range []struct{ page, title, site string }{
		{"index.html", "Fjordvarme – personvern", "Fjordvarme – personvern"},
		{"nn/index.html", "Personvern hjå Fjordvarme", "Personvern hjå Fjordvarme"},
		{"en/index.html", "Privacy at Fjordvarme", "Privacy at Fjordvarme"},
		{"personvern/index.html", "Personvernerklæring for Fjordvarme AS", "Fjordvarme – personvern"}, // names the organisation
		{"personvern/2026-01-01/diff/index.html", "Endringer: Personvernerklæring for Fjordvarme AS", "Fjordvarme – personvern"},
		{"nn/personvern/history/index.html", "Alle versjonar: Personvernerklæring for Fjordvarme AS", "Personvern hjå Fjordvarme"},
		{"en/personvern/index.html", "Privacy policy – Privacy at Fjordvarme", "Privacy at Fjordvarme"},
		{"vilkar/index.html", "Vilkår – Fjordvarme – personvern", "Fjordvarme – personvern"},
		{"404.html", "Siden finnes ikke – Fjordvarme – personvern", "Fjordvarme – personvern"},
		{"en/404.html", "Page not found – Privacy at Fjordvarme", "Privacy at Fjordvarme"},
		{"nn/404.html", "Sida finst ikkje – Personvern hjå Fjordvarme", "Personvern hjå Fjordvarme"},
	} {
		page := string(files[tt.page])
		if page == "" {
			t.Errorf("no %s", tt.page)
			continue
		}
		if got := between(page, "<title>", "</title>"); got != tt.title {
			t.Errorf("%s: title %q, want %q", tt.page, got, tt.title)
		}
		if got := between(page, `class="site-title" href="`, "</a>"); !strings.HasSuffix(got, ">"+tt.site) {
			t.Errorf("%s: the site's title is %q, want %q", tt.page, got, tt.site)
		}
	}
}

func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	in, _, _ := strings.Cut(after, to)
	return in
}

// Every page of a site in more than one language has the language
// switcher: every language with a start page, in site.yaml's order, the
// page's own marked as current and no other; a page without a translation
// links to the other language's start page.
func TestLanguageSwitcher(t *testing.T) {
	files := generate(t, wordsSite(t), "2026-06-01")
	item := regexp.MustCompile(`<li>(?:<a href="([^"]*)" hreflang="(\w+)" lang="\w+"( aria-current="page")?>|<span lang="(\w+)" aria-current="true">)`)
	var names []string
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) < 20 {
		t.Fatalf("only %d pages", len(names))
	}
	for _, name := range names {
		page := string(files[name])
		lang := between(page, `<html lang="`, `"`)
		nav := between(page, `<nav class="languages"`, "</nav>")
		var order []string
		current := ""
		for _, m := range item.FindAllStringSubmatch(nav, -1) {
			l := m[2] + m[4]
			order = append(order, l)
			if m[3] != "" || m[4] != "" {
				current += l
			}
		}
		if got := strings.Join(order, " "); got != "nb nn en" || current != lang {
			t.Errorf("%s: the switcher lists %q, current %q; want nb nn en, current %s", name, got, current, lang)
		}
	}
	for _, tt := range []struct{ page, lang, href string }{
		{"personvern/index.html", "en", `../en/personvern/`},                          // the translation
		{"personvern/2026-01-01/index.html", "nn", `../../nn/`},                       // none of this revision: the start page
		{"personvern/2025-01-01/index.html", "nn", `../../nn/personvern/2025-01-01/`}, // the translation of the same revision
		{"vilkar/index.html", "en", `../en/`},
		{"en/404.html", "nb", `/personvern/`}, // served at any depth
		{"nn/index.html", "nn", `../nn/`},
	} {
		want := `<a href="` + tt.href + `" hreflang="` + tt.lang + `"`
		if !strings.Contains(between(string(files[tt.page]), `<nav class="languages"`, "</nav>"), want) {
			t.Errorf("%s: the switcher has no %s", tt.page, want)
		}
	}
	// A site of one language has none.
	one := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\n",
		"content/personvern/2025-01-01.md": "---\ntitle: P\nsummary: S.\n---\nTekst.\n",
	})
	for name, data := range generate(t, one, "2026-06-01") {
		if strings.HasSuffix(name, ".html") && strings.Contains(string(data), `class="languages"`) {
			t.Errorf("%s of a site in one language has a language switcher", name)
		}
	}
}

// A missing page is answered in the language of its folder: each language
// with a start page has its own 404.html, linking to its own start page.
func TestNotFoundInEachLanguage(t *testing.T) {
	files := generate(t, wordsSite(t), "2026-06-01")
	for _, tt := range []struct{ file, lang, words, home string }{
		{"404.html", "nb", "Vi fant ikke siden du ba om.", "/personvern/"},
		{"nn/404.html", "nn", "Vi fann ikkje sida du bad om.", "/personvern/nn/"},
		{"en/404.html", "en", "We could not find the page you asked for.", "/personvern/en/"},
	} {
		page := string(files[tt.file])
		if !strings.Contains(page, `<html lang="`+tt.lang+`">`) || !strings.Contains(page, tt.words) || !strings.Contains(page, `<a href="`+tt.home+`">`) {
			t.Errorf("%s is not the 404 page in %s, linking to %s:\n%s", tt.file, tt.lang, tt.home, page)
		}
	}
	if strings.Contains(string(files["sitemap.xml"]), "404") {
		t.Error("a 404 page is in the sitemap")
	}
}

// A translation that has fallen behind names its original's language in
// its own: bokmål, on a nynorsk page, as «bokmål»; nynorsk pages say
// «fjerna», not «fjernet».
func TestNynorskWords(t *testing.T) {
	files := generate(t, wordsSite(t), "2026-06-01")
	for _, tt := range []struct{ page, want string }{
		{"nn/personvern/index.html", "Originalen på bokmål er endra, og den nye versjonen gjeld frå 1.\u00a0januar\u00a02026."},
		{"en/personvern/index.html", "The original in Norwegian Bokmål has changed since, and the new version applies from 1\u00a0January\u00a02026."},
		{"personvern/2026-01-01/diff/index.html", "<del>Fjernet tekst</del>"},
		{"nn/vilkar/2026-01-01/diff/index.html", "<del>Fjerna tekst</del>"},
		{"nn/vilkar/2026-01-01/diff/index.html", `<p class="counts">2 ord lagde til og 4 fjerna.` + "\n1 punkt endra og 1 punkt fjerna.</p>"},
		{"personvern/2026-01-01/diff/index.html", `<p class="counts">3 ord lagt til, 1 lenke endret.` + "\n2 punkter endret.</p>"},
	} {
		if !strings.Contains(string(files[tt.page]), tt.want) {
			t.Errorf("%s does not say %q:\n%s", tt.page, tt.want, files[tt.page])
		}
	}
	// Every nynorsk page: none of the bokmål forms its words once had.
	bokmal := regexp.MustCompile(`(?i)\b(fjernet|endret|flyttet|innholdet|versjoner|hvordan|ikke|gjelder|fra|hva|sider|siden|Kommende|lenker|nettstedet)\b`)
	for name, data := range files {
		if !strings.HasPrefix(name, "nn/") || !strings.HasSuffix(name, ".html") {
			continue
		}
		// The policy's own text, and the names of other languages, are left aside.
		page := string(data)
		if body := between(page, "data-policy-body", "</div>"); body != "" {
			page = strings.Replace(page, body, "", 1)
		}
		page = regexp.MustCompile(`lang="nb"[^<]*<`).ReplaceAllString(page, "")
		if m := bokmal.FindAllString(page, -1); len(m) > 0 {
			t.Errorf("%s has bokmål words %q", name, m)
		}
	}
}

// Every start page gives, as hreflang alternates, the start page of each
// language that has one, and the site language's as x-default: the site
// language's start page, whose path is empty, among them. On a site with
// main:, the main document's page is the start page of its languages and
// gives the same, the start pages of the languages it has no translation
// in included. Across each site, an alternate is a page in its language
// that gives the page back.
func TestStartPageAlternates(t *testing.T) {
	const base = "https://example.no/personvern/"
	mainSite := sitegen.Files(t, map[string]string{
		"site.yaml": "title:\n  nb: Fjordvarme – personvern\n  en: Privacy at Fjordvarme\nbaseURL: " + base + "\nlanguage: nb\nlanguages: [nb, nn, en]\nmain: personvern\n" +
			"contact:\n  name: Fjordvarme AS\n",
		"content/personvern/2025-01-01.md":                    "---\ntitle: Personvernerklæring\nsummary: Første.\n---\n## 1 Om oss\n\nVi er Fjordvarme.\n",
		"content/personvern/2025-01-01.nn.md":                 "---\ntitle: Personvernerklæring\nsummary: Første.\n---\n## 1 Om oss\n\nVi er Fjordvarme.\n",
		"content/tilgjengelighetserklaering/2025-01-01.md":    "---\ntitle: Tilgjengelighetserklæring\nsummary: Første.\n---\n## 1 Om\n\nTekst.\n",
		"content/tilgjengelighetserklaering/2025-01-01.en.md": "---\ntitle: Accessibility statement\nsummary: First.\n---\n## 1 About\n\nText.\n",
	})
	link := regexp.MustCompile(`<link rel="alternate" hreflang="([\w-]+)" href="([^"]*)">`)
	alternates := func(page []byte) map[string]string {
		alts := map[string]string{}
		for _, m := range link.FindAllSubmatch(page, -1) {
			alts[string(m[1])] = string(m[2])
		}
		return alts
	}
	three := map[string]string{"nb": base, "nn": base + "nn/", "en": base + "en/", "x-default": base}
	for _, tt := range []struct {
		name  string
		files map[string][]byte
		start map[string]map[string]string // start page → its alternates
	}{
		{"three languages", generate(t, wordsSite(t), "2026-06-01"), map[string]map[string]string{
			"index.html": three, "nn/index.html": three, "en/index.html": three,
		}},
		// The main document in bokmål and nynorsk, at the start page's
		// address; English has only the accessibility statement, and a
		// start page that lists it.
		{"main:", generate(t, mainSite, "2026-06-01"), map[string]map[string]string{
			"index.html": three, "nn/index.html": three, "en/index.html": three,
		}},
		{"main: in the demo", generate(t, mainDemo(t, "main: personvern\n"), "2026-11-26"), map[string]map[string]string{
			"index.html":    {"nb": "https://personvern.fjordvarme.example/", "en": "https://personvern.fjordvarme.example/en/", "x-default": "https://personvern.fjordvarme.example/"},
			"en/index.html": {"nb": "https://personvern.fjordvarme.example/", "en": "https://personvern.fjordvarme.example/en/", "x-default": "https://personvern.fjordvarme.example/"},
		}},
	} {
		for name, want := range tt.start {
			if got := alternates(tt.files[name]); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s gives the alternates %v, want %v", tt.name, name, got, want)
			}
		}
		site := between(string(tt.files["robots.txt"]), "Sitemap: ", "sitemap.xml")
		for name, page := range tt.files {
			if !strings.HasSuffix(name, "index.html") {
				continue
			}
			self := site + strings.TrimSuffix(name, "index.html")
			for lang, href := range alternates(page) {
				other, ok := tt.files[strings.TrimPrefix(href, site)+"index.html"]
				switch {
				case !strings.HasPrefix(href, site) || !ok:
					t.Errorf("%s: %s gives %s as its %s, which is not a page of the site", tt.name, name, href, lang)
				case lang == "x-default":
				case between(string(other), `<html lang="`, `"`) != lang:
					t.Errorf("%s: %s gives %s as its %s, a page in %s", tt.name, name, href, lang, between(string(other), `<html lang="`, `"`))
				case alternates(other)[between(string(page), `<html lang="`, `"`)] != self:
					t.Errorf("%s: %s gives %s as its %s, which does not give it back", tt.name, name, href, lang)
				}
			}
		}
	}
}
