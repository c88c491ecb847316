package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/internal/contract"
	"policysite/internal/sitegen"
)

// A document or revision that is not there is a NotFound (a mistake in
// the call), and the message names what there is to choose from.
func TestCompareNotFound(t *testing.T) {
	site, th, err := Load("testdata/basic")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		doc, lang, older, want string
	}{
		{"vilkar", "", "2025-01-01", `there is no document "vilkar" in language nb; the documents are: personvern`},
		{"personvern", "de", "2025-01-01", "de is not one of the site's languages (nb, en)"},
		{"personvern", "", "2024-01-01", "personvern has no revision that takes effect on 2024-01-01; its revisions are: 2025-01-01, 2026-03-01, 2027-01-01"},
		{"personvern", "en", "2025-01-01", "personvern has no revision that takes effect on 2025-01-01; its revisions are: 2026-03-01"},
	}
	for _, tt := range tests {
		_, _, err := Compare(site, th, CompareRequest{Doc: tt.doc, Lang: tt.lang, Older: tt.older, Newer: "current", Clock: day("2026-11-26")})
		var nf NotFound
		if !errors.As(err, &nf) || err.Error() != tt.want {
			t.Errorf("%s %s %s: got %v, want NotFound %q", tt.doc, tt.lang, tt.older, err, tt.want)
		}
	}
}

// A document asked for in a language it has no revisions in points to
// the languages it has.
func TestCompareOtherLanguage(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://t.example/\nlanguages: [nb, en]\ncontact:\n  name: T\n  email: p@t.example\n",
		"content/personvern/2026-01-01.md": "---\ntitle: Personvern\nsummary: Første.\nreason: processing\n---\n\n## Om oss\n\nTekst.\n",
	})
	site, th, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Compare(site, th, CompareRequest{Doc: "personvern", Lang: "en", Older: "2026-01-01", Newer: "current", Clock: day("2026-11-26")})
	if want := "personvern has no revisions in language en; it has revisions in nb: choose one with --lang"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// The terminal's diff --stat lists what each diff page's summary lists,
// in the same words (headings told apart, "was: …", links and footnotes
// counted), and ends with the page's totals and sections' counts.
func TestTerminalMatchesPage(t *testing.T) {
	sources := []string{"../examples/demo"}
	if testing.Short() {
		t.Log("-short: checking examples/demo only")
	} else if _, err := os.Stat("../../shared/corpora/github-privacy"); err == nil {
		sources = append(sources, "../../shared/corpora/github-privacy")
	} else {
		t.Log("../shared/corpora is absent: checking examples/demo only")
	}
	for _, source := range sources {
		site, th, err := Load(source)
		if err != nil {
			t.Fatal(err)
		}
		files := generate(t, source, "2026-11-26")
		pages := 0
		for name, page := range files {
			req, ok := comparedIn(t, site, files, name)
			if !ok {
				continue
			}
			pages++
			d, labels, err := Compare(site, th, req)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var stat bytes.Buffer
			if err := d.WriteText(&stat, labels, diff.TextOptions{Stat: true}); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(stat.String()), "\n")
			want := tocEntries(t, page)
			// The totals, and the sections' counts where any changed, end it.
			totals := 1
			if d.SectionCounts(labels) != "" {
				totals = 2
			}
			var got []string
			for _, l := range lines[:len(lines)-totals] {
				_, entry, _ := strings.Cut(l, " ")
				got = append(got, entry)
			}
			for i := range max(len(got), len(want)) {
				if i >= len(got) || i >= len(want) || got[i] != want[i] {
					t.Errorf("%s: diff --stat and the page's summary differ at entry %d:\n%q\n%q", name, i+1, got[min(i, len(got)-1)], want[min(i, len(want)-1)])
					break
				}
			}
			if total := strings.Join(lines[len(lines)-totals:], "\n"); !bytes.Contains(page, []byte(`<p class="counts">`+total+"</p>")) && !bytes.Contains(page, []byte(`<p class="no-changes">`+total+"<")) {
				t.Errorf("%s: the terminal's totals %q are not the page's", name, total)
			}
		}
		if pages == 0 {
			t.Errorf("%s: no diff pages", source)
		}
	}
}

// comparedIn names the revisions a diff page of files compares: <doc>/<date>/diff/
// with the revision before it, <doc>/compare/<older>/<newer>/, each perhaps
// under a language's folder.
func comparedIn(t *testing.T, site *content.Site, files map[string][]byte, name string) (CompareRequest, bool) {
	parts := strings.Split(strings.TrimSuffix(name, "/index.html"), "/")
	req := CompareRequest{Clock: day("2026-11-26")}
	if len(parts) > 0 && slices.Contains(site.Config.Languages, parts[0]) && parts[0] != site.Config.Language {
		req.Lang, parts = parts[0], parts[1:]
	}
	switch {
	case len(parts) == 4 && parts[1] == "compare":
		req.Doc, req.Older, req.Newer = parts[0], parts[2], parts[3]
		return req, true
	case len(parts) == 3 && parts[2] == "diff":
		req.Doc, req.Newer = parts[0], parts[1]
		var v struct{ Revisions []struct{ Effective string } }
		if err := json.Unmarshal(files[strings.TrimSuffix(name, parts[1]+"/diff/index.html")+"versions.json"], &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, r := range v.Revisions {
			if r.Effective == req.Newer && i > 0 {
				req.Older = v.Revisions[i-1].Effective
			}
		}
		return req, req.Older != ""
	}
	return req, false
}

// tocEntries is the text of each entry of a diff page's summary of changes.
func tocEntries(t *testing.T, page []byte) []string {
	lists, err := contract.Parse(page, "class")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range lists {
		if !slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == "class" && a.Val == "diff-toc" }) {
			continue
		}
		for li := n.FirstChild; li != nil; li = li.NextSibling {
			if li.Type == html.ElementNode && li.Data == "li" {
				out = append(out, contract.Text(li))
			}
		}
	}
	return out
}

// diff --section finds a section by the address of its history page, as
// the planner gives it (-2 after a taken one, intro for the text before
// the first heading), by its heading without its number, and by its
// number alone as the newest revision numbers it.
func TestCompareSectionNames(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://t.example/\nlanguage: nb\ncontact:\n  name: T\n  email: p@t.example\n",
		"content/personvern/2026-01-01.md": "---\ntitle: Personvern\nsummary: Første.\n---\n\nInnledning.\n\n## 1 Lagring\n\nTre år.\n\n## 2 Kontakt\n\nRing oss.\n",
		"content/personvern/2026-06-01.md": "---\ntitle: Personvern\nsummary: Andre.\n---\n\nInnledning, endret.\n\n## 1 Kontakt\n\nSkriv til oss.\n\n## 2 Lagring\n\nFem år.\n\n## 3 Lagring\n\nEn ny del med samme overskrift.\n",
	})
	site, th, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"intro":     "",
		"lagring":   "2 Lagring",
		"lagring-2": "3 Lagring",
		"Kontakt":   "1 Kontakt",
		"3":         "3 Lagring",
		"§ 1":       "1 Kontakt",
		"1.":        "1 Kontakt",
	} {
		_, title, _, err := CompareSection(site, th, CompareRequest{Doc: "personvern", Clock: day("2026-11-26")}, name)
		if err != nil || title != want {
			t.Errorf("--section %q: %q, %v; want %q", name, title, err, want)
		}
	}
}
