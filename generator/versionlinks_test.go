package generator

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"policysite/generator/headers"
	"policysite/generator/pages"
	"policysite/internal/weblink"
)

// versionRels are the relations of a revision page's head that _headers
// repeats as its Link header.
var versionRels = []string{"predecessor-version", "successor-version", "latest-version", "version-history", "original", "timemap"}

var headLink = regexp.MustCompile(`<link rel="([a-z-]+)" href="([^"]*)"(?: type="([^"]*)")?>`)

// relLink is a link as a test compares them: its relation and its
// absolute target.
type relLink struct{ rel, target, typ string }

// headLinks are the version links in the head of a page at pageURL,
// resolved.
func headLinks(t *testing.T, page []byte, pageURL *url.URL) []relLink {
	t.Helper()
	head, _, _ := strings.Cut(string(page), "</head>")
	var links []relLink
	for _, m := range headLink.FindAllStringSubmatch(head, -1) {
		if !slices.Contains(versionRels, m[1]) {
			continue
		}
		ref, err := url.Parse(html.UnescapeString(m[2]))
		if err != nil {
			t.Fatal(err)
		}
		links = append(links, relLink{m[1], pageURL.ResolveReference(ref).String(), m[3]})
	}
	return links
}

// checkVersionLinks holds a built site to the output contract's links
// between versions: each page's Link header in _headers, read with the
// hosts' rules and parsed by RFC 8288's grammar, gives the links of its
// head, resolved; the Memento-Datetime of a memento is the one its
// TimeMap gives it; and each TimeMap, parsed by RFC 6690's grammar, lists
// the original, itself and every memento, each existing in the build,
// with its datetime in RFC 1123's form, in GMT, in order. It returns the
// head links of each page, by its path.
func checkVersionLinks(t *testing.T, files map[string][]byte, baseURL string) map[string][]relLink {
	t.Helper()
	base, err := url.Parse(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	rules := headers.Parse(files[headers.File])
	all := map[string][]relLink{}
	datetimes := map[string]string{} // memento page → Memento-Datetime
	for name, data := range files {
		if !strings.HasSuffix(name, "index.html") || strings.HasPrefix(name, "admin/") {
			continue
		}
		path := strings.TrimSuffix(name, "index.html")
		pageURL := base.ResolveReference(&url.URL{Path: path})
		want := headLinks(t, data, pageURL)
		all[path] = want
		for _, p := range []string{base.Path + path, base.Path + name} {
			h := rules.For(p)
			links, err := weblink.ParseHeader(h.Get("Link"))
			if err != nil {
				t.Fatalf("%s: Link: %v", p, err)
			}
			var got []relLink
			for _, l := range links {
				if len(l.Rels()) != 1 {
					t.Errorf("%s: link %v has %d relations", p, l, len(l.Rels()))
				}
				typ, _ := l.Get("type")
				got = append(got, relLink{l.Rels()[0], l.Target, typ})
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: Link header\n%v\nhead\n%v", p, got, want)
			}
			if d := h.Get("Memento-Datetime"); d != "" {
				datetimes[pageURL.String()] = d
			}
		}
	}

	var timeMaps int
	for name, data := range files {
		if !strings.HasSuffix(name, pages.TimeMapFile) {
			continue
		}
		timeMaps++
		self := baseURL + name
		if ct := rules.For(base.Path + name).Get("Content-Type"); ct != pages.TimeMapType {
			t.Errorf("%s: Content-Type %q", name, ct)
		}
		links, err := weblink.ParseLinkFormat(string(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(links) < 3 || !links[0].HasRel("original") || links[0].Target != strings.TrimSuffix(self, pages.TimeMapFile) ||
			!links[1].HasRel("self") || links[1].Target != self {
			t.Fatalf("%s: no original and self first: %v", name, links)
		}
		if typ, _ := links[1].Get("type"); typ != pages.TimeMapType {
			t.Errorf("%s: self's type %q", name, typ)
		}
		var last time.Time
		mementos := links[2:]
		for i, l := range mementos {
			if !l.HasRel("memento") || l.HasRel("first") != (i == 0) || l.HasRel("last") != (i == len(mementos)-1) {
				t.Errorf("%s: memento %d of %d: rel %v", name, i+1, len(mementos), l.Rels())
			}
			d, _ := l.Get("datetime")
			when, err := time.Parse(time.RFC1123, d)
			if err != nil || !strings.HasSuffix(d, " GMT") || when.UTC().Format(http.TimeFormat) != d {
				t.Errorf("%s: %s: datetime %q is not RFC 1123 in GMT (%v)", name, l.Target, d, err)
			}
			if !when.After(last) {
				t.Errorf("%s: %s: datetime %q not after the one before", name, l.Target, d)
			}
			last = when
			rel, ok := strings.CutPrefix(l.Target, baseURL)
			if _, exists := files[rel+"index.html"]; !ok || !exists {
				t.Errorf("%s: %s is not a page of the build", name, l.Target)
			}
			if datetimes[l.Target] != d {
				t.Errorf("%s: %s: Memento-Datetime %q in _headers, %q in the TimeMap", name, l.Target, datetimes[l.Target], d)
			}
			delete(datetimes, l.Target)
		}
		if from, _ := links[1].Get("from"); from != func() string { d, _ := mementos[0].Get("datetime"); return d }() {
			t.Errorf("%s: self's from %q", name, from)
		}
	}
	if timeMaps == 0 {
		t.Error("no TimeMap")
	}
	for page, d := range datetimes {
		t.Errorf("%s has a Memento-Datetime (%s) but is in no TimeMap", page, d)
	}
	return all
}

// TestVersionLinks: the demo's revision pages link their neighbours, the
// version in force and the history (RFC 5829), in their head and in
// _headers alike; the revisions that have been in force are mementos of
// the document's page (RFC 7089), one that is to come is not; and the
// page of a text as first published comes before the corrected one.
func TestVersionLinks(t *testing.T) {
	const base = "https://personvern.fjordvarme.example/"
	files := generateRecorded(t, "../examples/demo", "2026-11-26")
	all := checkVersionLinks(t, files, base)
	rels := func(path string) map[string]string {
		m := map[string]string{}
		for _, l := range all[path] {
			m[l.rel] = strings.TrimPrefix(l.target, base)
		}
		return m
	}
	for _, tt := range []struct {
		path string
		want map[string]string
	}{
		{"personvern/2019-03-01/", map[string]string{ // the first, archived
			"successor-version": "personvern/2020-09-01/", "latest-version": "personvern/",
			"version-history": "personvern/history/", "original": "personvern/", "timemap": "personvern/timemap.link"}},
		{"personvern/2024-05-01/", map[string]string{ // the current one
			"predecessor-version": "personvern/2022-08-01/", "successor-version": "personvern/2027-01-15/", "latest-version": "personvern/",
			"version-history": "personvern/history/", "original": "personvern/", "timemap": "personvern/timemap.link"}},
		{"personvern/", map[string]string{ // the document's page: the original
			"predecessor-version": "personvern/2022-08-01/", "successor-version": "personvern/2027-01-15/", "latest-version": "personvern/",
			"version-history": "personvern/history/", "timemap": "personvern/timemap.link"}},
		{"personvern/2027-01-15/", map[string]string{ // to come: the latest version is the one in force
			"predecessor-version": "personvern/2024-05-01/", "latest-version": "personvern/",
			"version-history": "personvern/history/", "timemap": "personvern/timemap.link"}},
		{"personvern/2021-02-10/first/", map[string]string{ // replaced by its correction
			"predecessor-version": "personvern/2020-09-01/", "successor-version": "personvern/2021-02-10/", "latest-version": "personvern/",
			"version-history": "personvern/history/", "timemap": "personvern/timemap.link"}},
		{"en/personvern/2024-05-01/", map[string]string{ // a language's own
			"latest-version": "en/personvern/", "version-history": "en/personvern/history/", "original": "en/personvern/", "timemap": "en/personvern/timemap.link"}},
		{"personvern/history/", map[string]string{}},
		{"personvern/2024-05-01/diff/", map[string]string{}},
	} {
		if got := rels(tt.path); !mapsEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.path, got, tt.want)
		}
	}
	h := headers.Parse(files[headers.File])
	for path, want := range map[string]string{
		"/personvern/2019-03-01/": "Thu, 28 Feb 2019 23:00:00 GMT", // midnight in Oslo
		"/personvern/2024-05-01/": "Tue, 30 Apr 2024 22:00:00 GMT",
		"/personvern/":            "", "/personvern/2027-01-15/": "", "/personvern/2021-02-10/first/": "",
	} {
		if got := h.For(path).Get("Memento-Datetime"); got != want {
			t.Errorf("%s: Memento-Datetime %q, want %q", path, got, want)
		}
	}
}

// generateRecorded builds a site in memory as of a day, as build does,
// its record included: the pages of a text as first published with it.
func generateRecorded(t *testing.T, source, now string) map[string][]byte {
	t.Helper()
	l, err := LoadChecked(source, day(now))
	if err != nil {
		t.Fatal(err)
	}
	var out Files
	if _, err := Generate(l, &out, GenerateOptions{}); err != nil {
		t.Fatal(err)
	}
	return out.Map()
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// With main: and a baseURL with a path, the links and _headers' paths
// are the main document's new addresses, under the base path.
func TestVersionLinksMain(t *testing.T) {
	src := mainDemo(t, "main: personvern\n")
	yaml, err := os.ReadFile(filepath.Join(src, "site.yaml"))
	must(t, err)
	yaml = []byte(strings.Replace(string(yaml), `baseURL: "https://personvern.fjordvarme.example/"`, `baseURL: "https://www.fjordvarme.example/personvern/"`, 1))
	must(t, os.WriteFile(filepath.Join(src, "site.yaml"), yaml, 0o644))
	files := generate(t, src, "2026-11-26")
	all := checkVersionLinks(t, files, "https://www.fjordvarme.example/personvern/")
	if got := all["2019-03-01/"]; len(got) == 0 || got[0] != (relLink{"successor-version", "https://www.fjordvarme.example/personvern/2020-09-01/", ""}) {
		t.Errorf("2019-03-01/: %v", got)
	}
	// The document's page is the site's root: the other versions' latest
	// version, and the original of the revisions that have been in force.
	root := "https://www.fjordvarme.example/personvern/"
	for _, page := range []string{"", "2024-05-01/", "2019-03-01/"} {
		if !slices.Contains(all[page], relLink{"latest-version", root, ""}) {
			t.Errorf("%q does not name the root its latest version: %v", page, all[page])
		}
	}
	for _, page := range []string{"2024-05-01/", "2019-03-01/"} {
		if !slices.Contains(all[page], relLink{"original", root, ""}) {
			t.Errorf("%q does not name the root its original: %v", page, all[page])
		}
	}
	if d := headers.Parse(files[headers.File]).For("/personvern/2019-03-01/").Get("Memento-Datetime"); d == "" {
		t.Error("no Memento-Datetime under the base path")
	}
	if _, ok := files["timemap.link"]; !ok {
		t.Error("no timemap.link at the main document's address")
	}
}

var ldJSON = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestLinkedData: a revision page describes its revision as a schema.org
// DigitalDocument, based on the revision before it; other pages have
// none.
func TestLinkedData(t *testing.T) {
	const base = "https://personvern.fjordvarme.example/"
	files := generate(t, "../examples/demo", "2026-11-26")
	doc := func(name string) map[string]any {
		m := ldJSON.FindAllSubmatch(files[name], -1)
		if len(m) != 1 {
			t.Fatalf("%s: %d JSON-LD blocks", name, len(m))
		}
		var d map[string]any
		if err := json.Unmarshal(m[0][1], &d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return d
	}
	for name, want := range map[string]map[string]any{
		"personvern/2022-08-01/index.html": {"@context": "https://schema.org", "@type": "DigitalDocument", "version": "2022-08-01", "inLanguage": "nb",
			"url": base + "personvern/2022-08-01/", "isBasedOn": base + "personvern/2021-02-10/", "datePublished": "2022-06-15", "dateModified": "2022-06-15"},
		"personvern/index.html":            {"version": "2024-05-01", "url": base + "personvern/2024-05-01/", "isBasedOn": base + "personvern/2022-08-01/"},
		"personvern/2019-03-01/index.html": {"version": "2019-03-01", "isBasedOn": nil},
		"en/personvern/2024-05-01/index.html": {"inLanguage": "en", "url": base + "en/personvern/2024-05-01/", "isBasedOn": nil,
			"name": "Privacy policy for Fjordvarme AS"},
	} {
		d := doc(name)
		for k, v := range want {
			if d[k] != v {
				t.Errorf("%s: %s = %v, want %v", name, k, d[k], v)
			}
		}
	}
	for _, name := range []string{"personvern/history/index.html", "personvern/2024-05-01/diff/index.html", "index.html"} {
		if ldJSON.Match(files[name]) {
			t.Errorf("%s has JSON-LD", name)
		}
	}
}

// A title and summary that would end the data block, or start a comment
// in it, are escaped: the block ends where it should and reads back as
// written.
func TestLinkedDataEscaped(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	hostile := `Vilkår </script><script>alert(1)</script> <!-- & "sitat"`
	must(t, os.MkdirAll(filepath.Join(src, "content", "personvern"), 0o755))
	must(t, os.WriteFile(filepath.Join(src, "site.yaml"), []byte("title: Test\nbaseURL: https://example.no/\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(src, "content", "personvern", "2025-01-01.md"),
		[]byte("---\ntitle: '"+hostile+"'\nsummary: '"+hostile+"'\n---\nTekst.\n"), 0o644))
	page := string(generate(t, src, "2025-06-01")["personvern/2025-01-01/index.html"])
	m := ldJSON.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	if strings.Contains(strings.ToLower(m[1]), "<!--") || strings.Contains(strings.ToLower(m[1]), "<script") {
		t.Errorf("the data block holds markup: %s", m[1])
	}
	var d pages.DigitalDocument
	if err := json.Unmarshal([]byte(m[1]), &d); err != nil || d.Name != hostile || d.Description != hostile {
		t.Errorf("%+v, %v", d, err)
	}
}

// dataBlock reports whether a script element is a JSON-LD data block
// (<script type="application/ld+json">, with no src), which no browser
// runs, and which holds JSON and nothing else.
func dataBlock(n *xhtml.Node) bool {
	if len(n.Attr) != 1 || n.Attr[0].Key != "type" || n.Attr[0].Val != "application/ld+json" {
		return false
	}
	c := n.FirstChild
	return c != nil && c.NextSibling == nil && c.Type == xhtml.TextNode && json.Valid([]byte(c.Data))
}

var nginxEntry = regexp.MustCompile(`^    '((?:[^'\\]|\\.)*)' '((?:[^'\\]|\\.)*)';$`)

// TestNginxLinks: _links.nginx gives each path the Link and
// Memento-Datetime _headers gives it, and examples/nginx.conf sends them.
func TestNginxLinks(t *testing.T) {
	files := generateRecorded(t, "../examples/demo", "2026-11-26")
	rules := headers.Parse(files[headers.File])
	unquote := strings.NewReplacer(`\'`, `'`, `\\`, `\`)
	maps := map[string]map[string]string{}
	var current map[string]string
	for _, line := range strings.Split(string(files[pages.NginxFile]), "\n") {
		switch {
		case strings.HasPrefix(line, "map $uri $"):
			current = map[string]string{}
			maps[strings.Fields(line)[2]] = current
		case nginxEntry.MatchString(line):
			m := nginxEntry.FindStringSubmatch(line)
			current[unquote.Replace(m[1])] = unquote.Replace(m[2])
		case line == "" || line == "}" || strings.HasPrefix(line, "#") || line == `    default "";`:
		default:
			t.Errorf("%s: a line of no known form: %q", pages.NginxFile, line)
		}
	}
	links, dates := maps["$policysite_link"], maps["$policysite_memento_datetime"]
	if len(links) == 0 || len(dates) == 0 {
		t.Fatalf("%s: %d links, %d datetimes", pages.NginxFile, len(links), len(dates))
	}
	for name := range files {
		if !strings.HasSuffix(name, "index.html") {
			continue
		}
		for _, p := range []string{"/" + strings.TrimSuffix(name, "index.html"), "/" + name} {
			h := rules.For(p)
			if links[p] != h.Get("Link") || dates[p] != h.Get("Memento-Datetime") {
				t.Errorf("%s: nginx %q, %q; _headers %q, %q", p, links[p], dates[p], h.Get("Link"), h.Get("Memento-Datetime"))
			}
		}
	}
	conf, err := os.ReadFile("../examples/nginx.conf")
	must(t, err)
	for _, want := range []string{"include /var/www/personvern/" + pages.NginxFile + ";", "add_header Link $policysite_link always;",
		"add_header Memento-Datetime $policysite_memento_datetime always;", "default_type " + pages.TimeMapType + ";"} {
		if !strings.Contains(string(conf), want) {
			t.Errorf("examples/nginx.conf lacks %q", want)
		}
	}
}
